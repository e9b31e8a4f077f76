import { describe, expect, it } from 'vitest';
import { foldAccents, placeLabel, stripAccents } from '../../src/util/text.js';

describe('accent folding', () => {
  it('removes accents and cedillas, written precomposed (NFC) or decomposed (NFD)', () => {
    expect(stripAccents('Chtouka-Aït Baha')).toBe('Chtouka-Ait Baha');
    expect(stripAccents('Chtouka-A\u0069\u0308t Baha')).toBe('Chtouka-Ait Baha');
    expect(stripAccents('Coopérative « Tifaouine », façade')).toBe('Cooperative « Tifaouine », facade');
  });

  it('folds case too, and keeps spaces, punctuation and non-Latin letters', () => {
    expect(foldAccents('Très Satisfaisante')).toBe('tres satisfaisante');
    expect(foldAccents('ÉTÉ-Ighir')).toBe('ete-ighir');
    expect(foldAccents('تزنيت ⵜⵉⵣⵏⵉⵜ')).toBe('تزنيت ⵜⵉⵣⵏⵉⵜ');
  });
});

describe('placeLabel', () => {
  it('adds the Arabic name in brackets when known', () => {
    expect(placeLabel('Afella Ighir', 'أفلا إغير')).toBe('Afella Ighir (أفلا إغير)');
    expect(placeLabel('Tiznit', undefined)).toBe('Tiznit');
    expect(placeLabel('Tiznit', '')).toBe('Tiznit');
  });
});
