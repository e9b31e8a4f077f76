import { describe, expect, it } from 'vitest';
import { mainScript, splitScripts } from '../../src/view/scripts.js';

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
});
