import { describe, expect, it } from 'vitest';
import { formatMessage, type Catalogue } from '../../src/i18n/index.js';

/** formatMessage: the placeholders of a template, each template split once and used for every message. */
describe('formatMessage', () => {
  const fr: Catalogue = {
    plain: 'Aucun paramètre.',
    two: '{a} puis {b}, et {a} encore',
    count: '{n:fiches} vérifiées',
    'fiches.one': '{count} fiche',
    'fiches.other': '{count} fiches',
    edge: '{a}',
    braces: '{pas un nom} {a-b} {}',
  };
  const en: Catalogue = { two: '{a} then {b}' };
  const f = (cat: Catalogue, key: string, params: Record<string, string | number> = {}, lang: 'fr' | 'en' = 'fr') => formatMessage(cat, fr, key, params, lang);

  it('replaces each placeholder, as often as it appears, and leaves text without one as it is', () => {
    expect(f(fr, 'plain')).toBe('Aucun paramètre.');
    expect(f(fr, 'two', { a: 'x', b: 2 })).toBe('x puis 2, et x encore');
    expect(f(fr, 'edge', { a: '{b}' }, 'fr')).toBe('{b}');
    // the same template again: the split is kept, the answer the same
    expect(f(fr, 'two', { a: 'y', b: 0 })).toBe('y puis 0, et y encore');
  });

  it('keeps a placeholder with no value, and braces that are no placeholder', () => {
    expect(f(fr, 'two', { a: 'x' })).toBe('x puis {b}, et x encore');
    expect(f(fr, 'braces', { a: 1 })).toBe('{pas un nom} {a-b} {}');
  });

  it('formats a plural message for {name:key}, by the count in the language', () => {
    expect(f(fr, 'count', { n: 0 })).toBe('0 fiche vérifiées');
    expect(f(fr, 'count', { n: 3 })).toBe('3 fiches vérifiées');
  });

  it('falls back to the reference catalogue, then to the key itself', () => {
    expect(f(en, 'two', { a: 1, b: 2 }, 'en')).toBe('1 then 2');
    expect(f(en, 'plain', {}, 'en')).toBe('Aucun paramètre.');
    expect(f(en, 'absent.key', { a: 1 }, 'en')).toBe('absent.key');
  });
});
