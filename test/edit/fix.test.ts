import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers.js';
import { fixText, FIXERS } from '../../src/edit/fix.js';
import { parseSheet } from '../../src/load/sheet.js';
import { validateSheet } from '../../src/validate/validate.js';

/**
 * The safe fixes of `capi validate --fix`, one kind of slip per row: a slip is made in a real example
 * sheet (comments, block texts, quotes, Arabic and Tifinagh), and fixing it must give back that sheet
 * byte for byte — so the fix is exact, comments and key order are kept, and nothing else moved.
 */
const SHEET = readFileSync(path.join(ROOT, 'examples/re/RE-TIZ-01.yaml'), 'utf8');
const TITLE = `titre: "L'eau au robinet dans cinq douars d'Afella Ighir : une adduction portée par la diaspora et gérée par les usagers"`;
const replaceLine = (text: string, from: string, to: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

const SLIPS: Array<{ name: string; code: string; slip: (text: string) => string; base?: (text: string) => string }> = [
  { name: 'title in Word’s curly quotes, with « : » inside', code: 'curlyQuotes', slip: (s) => replaceLine(s, TITLE, TITLE.replace(/"/g, (_, i: number) => (i === 7 ? '“' : '”'))) },
  { name: 'title in curly single quotes', code: 'curlyQuotes', slip: (s) => replaceLine(s, TITLE, TITLE.replace(/^titre: "/, 'titre: ‘').replace(/"$/, '’')) },
  { name: 'plain title holding « : »', code: 'colon', slip: (s) => replaceLine(s, TITLE, TITLE.replace(/"/g, '')) },
  {
    name: 'a credit holding « : » in a photo item (three levels down)',
    code: 'colon',
    slip: (s) => replaceLine(s, `credit: "Illustration : M&D, d'après une photo de terrain (S. Aït Lhaj, juin 2022)"`, `credit: Illustration : M&D, d'après une photo de terrain (S. Aït Lhaj, juin 2022)`),
  },
  { name: 'tabs for indentation (Notepad’s Tab key), one level', code: 'tabs', slip: (s) => replaceLine(s, '\n  province: Tiznit\n  commune: Afella Ighir\n', '\n\tprovince: Tiznit\n\tcommune: Afella Ighir\n') },
  { name: 'tabs for indentation, two levels', code: 'tabs', slip: (s) => replaceLine(s, '\n    - Tagoudicht\n    - Ighir Oufella\n', '\n\t\t- Tagoudicht\n\t\t- Ighir Oufella\n') },
  { name: 'CR-only line endings (old Mac editors)', code: 'lineEndings', slip: (s) => s.replace(/\n/g, '\r') },
  { name: 'mixed line endings: LF lines pasted in a CRLF file', code: 'lineEndings', slip: (s) => s.replace(/\n/g, '\r\n').replace('\r\n  province: Tiznit\r\n', '\n  province: Tiznit\n'), base: (s) => s.replace(/\n/g, '\r\n') },
  { name: 'a lone CR inside a CRLF file', code: 'lineEndings', slip: (s) => s.replace(/\n/g, '\r\n').replace('\r\n  commune: Afella', '\r  commune: Afella'), base: (s) => s.replace(/\n/g, '\r\n') },
  { name: 'accents as two characters (NFD, from macOS)', code: 'nfc', slip: (s) => s.normalize('NFD') },
  { name: 'Windows back-slashes in a photo path', code: 'backslash', slip: (s) => replaceLine(s, 'fichier: ../images/chateau-eau-afella-ighir.png', 'fichier: ..\\images\\chateau-eau-afella-ighir.png') },
  { name: 'Windows back-slashes in a double-quoted photo path', code: 'backslash', slip: (s) => replaceLine(s, 'fichier: ../images/chateau-eau-afella-ighir.png', 'fichier: "..\\images\\chateau-eau-afella-ighir.png"'), base: (s) => s.replace('fichier: ../images/chateau-eau-afella-ighir.png', 'fichier: "../images/chateau-eau-afella-ighir.png"') },
  { name: 'a Word bullet after a list item’s dash', code: 'bullet', slip: (s) => replaceLine(s, '    - Tazoult\n    - Agni n Ifran\n', '    - • Tazoult\n    - ◦  Agni n Ifran\n') },
  // a `# commentaire` at the end of the line: the value is fixed, the comment kept after it
  ...(() => {
    const LIEU = "lieu: Siège de la commune d'Afella Ighir";
    const PHOTO = 'fichier: ../images/chateau-eau-afella-ighir.png';
    return [
      { name: 'a value holding « : » then a comment', code: 'colon', slip: (s: string) => replaceLine(s, LIEU, "lieu: Siège : commune d'Afella Ighir # à vérifier"), base: (s: string) => s.replace(LIEU, `lieu: "Siège : commune d'Afella Ighir" # à vérifier`) },
      { name: 'a title in curly quotes then a comment', code: 'curlyQuotes', slip: (s: string) => replaceLine(s, TITLE, `${TITLE.replace(/"/g, (_, i: number) => (i === 7 ? '“' : '”'))} # titre provisoire`), base: (s: string) => s.replace(TITLE, `${TITLE} # titre provisoire`) },
      { name: 'a back-slash photo path then a comment', code: 'backslash', slip: (s: string) => replaceLine(s, PHOTO, 'fichier: ..\\images\\chateau-eau-afella-ighir.png   # photo de juin'), base: (s: string) => s.replace(PHOTO, `${PHOTO}   # photo de juin`) },
    ];
  })(),
];

/** Errors of a sheet's text as `capi validate` reads it (syntax and schema). */
function errorsOf(text: string): string[] {
  const loaded = parseSheet(Buffer.from(text, 'utf8'), '/w/re/RE-TIZ-01.yaml', 're/RE-TIZ-01.yaml');
  const all = [...loaded.diagnostics, ...(loaded.sheet ? validateSheet(loaded.sheet) : [])];
  return all.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
}

describe('validate --fix: each slip is fixed back to the sheet as written', () => {
  it('the example sheet has no error and nothing to fix (untouched: the very same string)', () => {
    expect(errorsOf(SHEET)).toEqual([]);
    const r = fixText(SHEET);
    expect(r.text).toBe(SHEET);
    expect(r.applied).toEqual([]);
    expect(r.refused).toEqual([]);
  });

  it.each(SLIPS)('$name', ({ slip, code, base }) => {
    const expected = base ? base(SHEET) : SHEET;
    const slipped = slip(SHEET);
    expect(slipped).not.toBe(expected);
    const r = fixText(slipped);
    expect(r.applied.map((a) => a.code)).toEqual([code]);
    expect(r.refused).toEqual([]);
    expect(r.text).toBe(expected);
    expect(errorsOf(r.text)).toEqual([]);
  });

  it('several slips in one file are all fixed, a UTF-8 byte-order mark kept', () => {
    const slipped = `\uFEFF${SLIPS[0].slip(SLIPS[4].slip(SLIPS[10].slip(SHEET)))}`;
    const r = fixText(slipped);
    expect(r.applied.map((a) => a.code).sort()).toEqual(['backslash', 'curlyQuotes', 'tabs']);
    expect(r.text).toBe(`\uFEFF${SHEET}`);
  });

  it('the lines named are those changed', () => {
    const r = fixText(SLIPS[0].slip(SHEET));
    expect(r.applied).toEqual([{ code: 'curlyQuotes', lines: [SHEET.split('\n').indexOf(TITLE) + 1] }]);
  });
});

describe('validate --fix never changes what a sheet says', () => {
  const fix = (text: string) => fixText(text);

  it('text inside a block (|) is never touched: curly quotes, « : », back-slashes and tabs there are text', () => {
    const text = 'fiche: retour-experience\ncontexte: |\n  titre: “Adai : une citerne”\n  fichier: C:\\photos\\a.png\n  note: Adai : oui\n  \tretrait gardé\n';
    const r = fix(text);
    expect(r.text).toBe(text);
    expect(r.applied).toEqual([]);
  });

  it('curly quotes that read well as they stand are part of the text: left', () => {
    const text = 'titre: “Le puits”\n';
    expect(fix(text).text).toBe(text);
  });

  it('« guillemets » are text, not YAML quotes: kept inside the straight quotes added', () => {
    expect(fix('titre: « Adai : une citerne »\n').text).toBe('titre: "« Adai : une citerne »"\n');
  });

  it('a value holding « # » after a space may hold a comment: left for the person', () => {
    const text = 'titre: Adai : le puits #3\n';
    expect(fix(text).text).toBe(text);
  });

  it('a value holding " is quoted with single quotes, its apostrophes doubled', () => {
    const r = fix(`titre: L'eau : le "puits"\n`);
    expect(r.text).toBe(`titre: 'L''eau : le "puits"'\n`);
  });

  it('a plain value continued on the next line is not quoted on its first line alone', () => {
    const text = 'titre: Adai : une\n  citerne\nstatut: brouillon\n';
    expect(fix(text).text).toBe(text);
  });

  it('a tab whose width changes the data (two readings equally good) is ambiguous: left', () => {
    // a tab of 2 spaces makes c a sibling of b, of 4 a child of b: both read without error
    const text = 'a:\n  b:\n\tc: 1\n';
    const r = fix(text);
    expect(r.text).toBe(text);
  });

  it('NFC: keys and values in two characters become one, the data read is the same', () => {
    const r = fix('communé: Tafraoute\u0301\n'.normalize('NFD'));
    expect(r.text).toBe('communé: Tafraouté\n');
  });

  it('back-slashes are only replaced in photo paths (fichier:), not in other values', () => {
    const text = 'note: a\\b\nphotos:\n  - fichier: a\\b.png\n';
    expect(fix(text).text).toBe('note: a\\b\nphotos:\n  - fichier: a/b.png\n');
  });

  it('every fixer has a message in the catalogues', async () => {
    const { fr } = (await import('../../src/i18n/fr.js')) as unknown as { fr: Record<string, string> };
    const { en } = (await import('../../src/i18n/en.js')) as unknown as { en: Record<string, string> };
    for (const f of FIXERS) {
      expect(fr[`fix.${f.code}`], f.code).toBeTruthy();
      expect(en[`fix.${f.code}`], f.code).toBeTruthy();
    }
  });
});
