import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fr } from '../../src/i18n/fr.js';
import { en } from '../../src/i18n/en.js';
import { t, type Catalogue } from '../../src/i18n/index.js';
import { documentLocales } from '../../src/i18n/document/index.js';

/**
 * The message catalogues: French is the reference, English must say the same things with the same
 * placeholders, no source file may declare a key twice (a JS object silently keeps the last one), and
 * every key the code asks for must exist.
 */
const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');
const catalogues: Record<string, Catalogue> = { fr, en };

/** The `{name}` and `{name:plural.key}` placeholders of a template, sorted and deduplicated. */
function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+(?::[\w.-]+)?)\}/g)].map((m) => m[1]))].sort();
}

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('message catalogues', () => {
  it('fr and en have exactly the same keys', () => {
    const missing: Record<string, string[]> = {};
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      for (const [other, reference] of Object.entries(catalogues)) {
        if (other === lang) continue;
        const absent = Object.keys(reference).filter((key) => !(key in catalogue));
        if (absent.length) missing[lang] = [...new Set([...(missing[lang] ?? []), ...absent])];
      }
    }
    expect(missing, `keys missing per language:\n${JSON.stringify(missing, null, 2)}`).toEqual({});
  });

  it('every key has the same placeholders in both languages', () => {
    const mismatches: string[] = [];
    for (const key of Object.keys(fr)) {
      if (!(key in en)) continue;
      const a = placeholders(fr[key]);
      const b = placeholders(en[key]);
      if (a.join() !== b.join()) mismatches.push(`${key}: fr {${a.join(', ')}} ≠ en {${b.join(', ')}}`);
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });

  it.each(['fr', 'en'])('%s.ts declares no key twice', (lang) => {
    const text = readFileSync(join(SRC, 'i18n', `${lang}.ts`), 'utf8');
    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    text.split('\n').forEach((line, index) => {
      const match = /^\s*'([^']+)':/.exec(line);
      if (!match) return;
      const first = seen.get(match[1]);
      if (first !== undefined) duplicates.push(`${match[1]} (lines ${first} and ${index + 1})`);
      else seen.set(match[1], index + 1);
    });
    expect(seen.size).toBeGreaterThan(0);
    expect(duplicates, `duplicate keys in ${lang}.ts:\n${duplicates.join('\n')}`).toEqual([]);
  });

  it('every literal key passed to t() in src/ exists in fr', () => {
    const unknown: string[] = [];
    let used = 0;
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      // `t('key'` as a call of its own: not `split('.')`, `format('woff2')`, `x.t('…')`.
      for (const match of text.matchAll(/(?<![\w$.])t\('([a-zA-Z0-9.\-_]+)'/g)) {
        used += 1;
        if (!(match[1] in fr) && !(`${match[1]}.other` in fr)) unknown.push(`${match[1]} (${file.slice(SRC.length + 1)})`);
      }
    }
    expect(used).toBeGreaterThan(0);
    expect(unknown, `keys used in code but missing from fr.ts:\n${unknown.join('\n')}`).toEqual([]);
  });
});

describe('keys built at run time', () => {
  it('every t(`prefix.${…}`) in src/ has keys with that prefix in the CLI catalogue', () => {
    // e.g. t(`quality.crit.${key}`): a label moved to the document catalogues must not leave such a call behind
    const unknown: string[] = [];
    let used = 0;
    for (const file of sources(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?<![\w$.])t\(`([a-zA-Z0-9.\-_]+\.)\$\{/g)) {
        used += 1;
        if (!Object.keys(fr).some((key) => key.startsWith(match[1]!))) unknown.push(`${match[1]}… (${file.slice(SRC.length + 1)})`);
      }
    }
    expect(used).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });
});

describe('plurals', () => {
  const all: Record<string, Catalogue> = { fr, en, 'document fr': documentLocales.fr.labels, 'document en': documentLocales.en.labels };

  it('no catalogue writes « (s) », « (es) », « (ies) », « (x) » or « ·s »: counts pick .one or .other', () => {
    const found = Object.entries(all).flatMap(([name, c]) =>
      Object.entries(c).filter(([, v]) => /\((?:s|es|ies|x)\)/i.test(v)).map(([k, v]) => `${name} ${k}: ${v}`),
    );
    expect(found).toEqual([]);
  });

  it('the English catalogues say « sheet », never « fiche » (except the YAML key « fiche » between « »)', () => {
    const english = { en, 'document en': documentLocales.en.labels };
    const found = Object.entries(english).flatMap(([name, c]) =>
      Object.entries(c).filter(([, v]) => /\b[Ff]iches?\b/.test(v.replace(/«[^»]*»|`[^`]*`/g, ''))).map(([k, v]) => `${name} ${k}: ${v}`),
    );
    expect(found).toEqual([]);
  });

  it('every plural message has both .one and .other, and every {name:key} placeholder names one', () => {
    const problems: string[] = [];
    for (const [name, c] of Object.entries(all)) {
      for (const key of Object.keys(c)) {
        if (key.endsWith('.one') && !(`${key.slice(0, -4)}.other` in c)) problems.push(`${name} ${key}: no .other`);
        for (const m of c[key]!.matchAll(/\{\w+:([\w.-]+)\}/g)) {
          if (!(`${m[1]}.one` in c && `${m[1]}.other` in c)) problems.push(`${name} ${key}: ${m[1]}.one/.other missing`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('picks the form with Intl.PluralRules: French says « 0 fiche », « 1 fiche », « 2 fiches »; English « 0 sheets »', () => {
    expect(t('summary.ok', { files: 0 }, 'fr')).toBe('0 fiche vérifiée : aucune erreur.');
    expect(t('summary.ok', { files: 1 }, 'fr')).toBe('1 fiche vérifiée : aucune erreur.');
    expect(t('summary.problems', { files: 3, errors: 1, warnings: 2 }, 'fr')).toBe('3 fiches vérifiées : 1 erreur, 2 avertissements.');
    expect(t('summary.ok', { files: 0 }, 'en')).toBe('0 sheets checked: no errors.');
    expect(t('summary.problems', { files: 1, errors: 1, warnings: 0 }, 'en')).toBe('1 sheet checked: 1 error, 0 warnings.');
    expect(t('links.territoryCount', { count: 1 }, 'en')).toBe('1 territory');
    expect(t('links.territoryCount', { count: 2 }, 'en')).toBe('2 territories');
    expect(t('doctor.problems', { count: 2 }, 'fr')).toBe('2 problèmes à corriger (voir les lignes ✗ ci-dessus).');
  });
});
