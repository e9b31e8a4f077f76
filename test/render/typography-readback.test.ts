import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { ROOT, runCli } from '../helpers.js';

/**
 * Read-back of the typography rules (issue 12): the layout cases rendered to PDF (pdftotext) and DOCX
 * (word/document.xml), in a copy of the examples. RE-TIZ-01 holds a three-line verse quote, RE-TIZ-91 quotes
 * already typed in « », RE-TIZ-41 French punctuation and amounts that used to break across lines.
 */
const FIXTURES = path.join(ROOT, 'test/fixtures/typography');
const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
async function docxXml(file: string, part = 'word/document.xml'): Promise<string> {
  return (await (await JSZip.loadAsync(readFileSync(file))).file(part)!.async('string'));
}
/** The text of document.xml: runs joined, a line break as `\n`, paragraphs as `\n\n`. */
const docxText = (xml: string) => xml.replace(/<w:br\/>/g, '\n').replace(/<\/w:p>/g, '\n\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');

let ws: string;
let out: string;
let code: number;
beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-typo-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (src) => !src.includes(`${path.sep}dist`) });
  cpSync(path.join(FIXTURES, 'quote-with-line-breaks-RE-TIZ-01.yaml'), path.join(ws, 're/RE-TIZ-01.yaml'));
  cpSync(path.join(FIXTURES, 'french-spacing-RE-TIZ-41.yaml'), path.join(ws, 're/RE-TIZ-41.yaml'));
  cpSync(path.join(FIXTURES, 'quote-already-in-guillemets-RE-TIZ-91.yaml'), path.join(ws, 're/RE-TIZ-91.yaml'));
  out = path.join(ws, 'out');
  const r = await runCli(['render', 're/RE-TIZ-01.yaml', 're/RE-TIZ-41.yaml', 're/RE-TIZ-91.yaml', '--out', out, '--format', 'pdf,docx'], { cwd: ws });
  code = r.code;
}, 240_000);
afterAll(() => rmSync(ws, { recursive: true, force: true }));

describe('typography read back from the PDF and the DOCX', () => {
  it('renders the three layout cases', () => {
    expect(code).toBe(0);
  });

  it('PDF: no line starts with « ; ! ? : » » nor ends with « «», an amount stays with its currency', () => {
    const lines = pdfText(path.join(out, 'RE-TIZ-41.pdf')).split('\n');
    expect(lines.filter((l) => /^\s*[;!?:»]/.test(l))).toEqual([]);
    expect(lines.filter((l) => /«\s*$/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\s*(MAD|€|km|%)(\s|$)/.test(l))).toEqual([]);
    expect(lines.filter((l) => /\d{1,3}\s*$/.test(l) && !/^\s*(Page|\d+)/.test(l)).filter((l, i, all) => /^\s*\d{3}\b/.test(all[i + 1] ?? ''))).toEqual([]);
  });

  it('DOCX: no-break spaces before « ; ! ? : », inside « », in « 249 600 MAD »; no soft hyphen; Word hyphenates', async () => {
    const xml = await docxXml(path.join(out, 'RE-TIZ-41.docx'));
    const text = docxText(xml);
    expect(text).toContain('249\u202f600\u00a0MAD');
    expect(text).toContain('«\u00a0enfin\u202f!\u00a0»');
    expect(text).toContain('demandent\u00a0: «\u00a0pourquoi si tard\u202f?\u00a0»');
    expect(text.match(/.{0,40} [;!?:].{0,10}/)?.[0], 'a breakable space before « ; ! ? : »').toBeUndefined();
    expect(text).not.toContain('\u00ad');
    expect(text).toContain('l’ONEE');
    expect(await docxXml(path.join(out, 'RE-TIZ-41.docx'), 'word/settings.xml')).toMatch(/<w:autoHyphenation( w:val="(true|1|on)")?\/>/);
  });

  it('dates are in words and no ISO date is printed, PDF and DOCX', async () => {
    const pdf = pdfText(path.join(out, 'RE-TIZ-41.pdf'));
    const docx = docxText(await docxXml(path.join(out, 'RE-TIZ-41.docx')));
    for (const text of [pdf, docx]) {
      expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      expect(text.replace(/\s+/g, ' ')).toContain('2–21 juin 2022');
      expect(text.replace(/\s+/g, ' ')).toContain('mars 2015 – juin 2018');
    }
  });

  it('PDF: running text keeps a readable measure (60–75 characters a line, measured on the printed lines)', () => {
    // physical lines (-layout), without the multi-column ones (summary box, tables: runs of spaces)
    const text = execFileSync('pdftotext', ['-layout', path.join(out, 'RE-TIZ-41.pdf'), '-'], { encoding: 'utf8' });
    const lengths = text.replace(/\u00ad/g, '').split('\n').map((l) => l.trim()).filter((l) => !/\s{3}/.test(l) && [...l].length >= 45).map((l) => [...l].length).sort((a, b) => a - b);
    expect(lengths.length).toBeGreaterThan(50);
    expect(lengths[Math.floor(lengths.length * 0.9)]).toBeLessThanOrEqual(80);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeGreaterThanOrEqual(55);
    expect(lengths[Math.floor(lengths.length / 2)]).toBeLessThanOrEqual(75);
  });

  it('PDF: French body text is hyphenated (soft hyphens from the French patterns)', () => {
    expect(pdfText(path.join(out, 'RE-TIZ-41.pdf'))).toMatch(/\p{L}\u00ad\p{L}/u);
  });

  it('quotes already in « » are marked once, the same in PDF and DOCX', async () => {
    const pdf = pdfText(path.join(out, 'RE-TIZ-91.pdf')).replace(/\u00ad/g, '').replace(/\s+/g, ' ');
    const docx = docxText(await docxXml(path.join(out, 'RE-TIZ-91.docx'))).replace(/\s+/g, ' ');
    for (const text of [pdf, docx]) {
      expect(text).not.toMatch(/«\s*«/);
      expect(text).not.toMatch(/»\s*»/);
      expect(text).toContain('« Techniquement, c’est un bon réseau.');
      expect(text).toContain('« L’eau est arrivée à la maison, Dieu merci.');
    }
  });

  it('a verse quote keeps its line breaks in the PDF and the DOCX', async () => {
    const pdf = pdfText(path.join(out, 'RE-TIZ-01.pdf')).replace(/\u00ad/g, '');
    expect(pdf).toMatch(/Aman d tudert,\s*\n\s*aman d afulki,\s*\n\s*ɣassad ur sul/);
    expect(pdf).toMatch(/L’eau, c’est la vie,\s*\n\s*l’eau, c’est la beauté,\s*\n\s*aujourd’hui/);
    const docx = docxText(await docxXml(path.join(out, 'RE-TIZ-01.docx')));
    expect(docx).toMatch(/Aman d tudert,\naman d afulki,\nɣassad ur sul/);
    expect(docx).toMatch(/L’eau, c’est la vie,\nl’eau, c’est la beauté,\naujourd’hui/);
  });
});
