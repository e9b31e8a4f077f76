import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { baseScript, mainScript, scriptOf, splitScripts } from '../../src/view/scripts.js';

describe('splitScripts', () => {
  it('isolates an Arabic word inside French, leaving spaces and guillemets in the French runs', () => {
    expect(splitScripts('Il a dit « شكرا » hier')).toEqual([
      { text: 'Il a dit « ', script: 'latin' },
      { text: 'شكرا', script: 'arabic' },
      { text: ' » hier', script: 'latin' },
    ]);
  });
  it('keeps brackets around Arabic in the French run (never mirrored), also at the end of the text', () => {
    expect(splitScripts('douar Aït Oumnous (آيت ومنوس)')).toEqual([
      { text: 'douar Aït Oumnous (', script: 'latin' },
      { text: 'آيت ومنوس', script: 'arabic' },
      { text: ')', script: 'latin' },
    ]);
    expect(splitScripts('(آيت ومنوس) parcouraient').map((r) => r.text)).toEqual(['(', 'آيت ومنوس', ') parcouraient']);
  });
  it('keeps spaces between Arabic words inside one run, and final punctuation of an Arabic-only text', () => {
    expect(splitScripts('الماء هو الحياة.')).toEqual([{ text: 'الماء هو الحياة.', script: 'arabic' }]);
  });
  it('recognises Tifinagh and Arabic presentation forms', () => {
    expect(splitScripts('ⴰⵎⴰⵏ ⴷ ⵜⵓⴷⵔⵜ')).toEqual([{ text: 'ⴰⵎⴰⵏ ⴷ ⵜⵓⴷⵔⵜ', script: 'tifinagh' }]);
    expect(splitScripts('ﻻ')[0].script).toBe('arabic');
    expect(splitScripts('')).toEqual([]);
  });
  it('finds the main script of a quote', () => {
    expect(mainScript('هاد المشروع بدل حياة الناس (2018)')).toBe('arabic');
    expect(mainScript('ⴰⵎⴰⵏ')).toBe('tifinagh');
    expect(mainScript('Aman d tudert')).toBe('latin');
  });

  it('answers a text without Arabic or Tifinagh in one look, as the character-by-character reading does', () => {
    const chars = fc.constantFrom('a', 'É', 'ç', 'ß', 'ǅ', '\u0301', '7', ' ', '\u00a0', ',', '«', '»', '(', '%', '’', '😀', '\u05D0', '\u0590', 'Ω', '\u2D2F', '\u2D80', '\u05FF', '\uFB4F', '\uFF01');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 20 }).map((a) => a.join('')), (text) => {
        // what the slow reading sees: no character of either script, so every neutral joins the Latin base
        expect([...text].some((c) => scriptOf(c) === 'arabic' || scriptOf(c) === 'tifinagh')).toBe(false);
        expect(splitScripts(text)).toEqual(text === '' ? [] : [{ text, script: 'latin' }]);
        expect(baseScript(text)).toBe('latin');
        expect(mainScript(text)).toBe('latin');
      }),
      { numRuns: 3000 },
    );
    // a Latin text in an Arabic sentence still gives its neutrals to the Arabic base
    expect(splitScripts(' (abc) ', 'arabic')).toEqual([{ text: ' (', script: 'arabic' }, { text: 'abc', script: 'latin' }, { text: ') ', script: 'arabic' }]);
  });
});
