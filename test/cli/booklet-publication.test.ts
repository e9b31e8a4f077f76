import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { BOOKLET_BUILD_EPOCH, BOOKLET_BUILD_YEAR, BOOKLET_IDS, chosenBooklet } from '../helpers/booklet.js';
import { sheetYear } from '../../src/view/frame.js';
import { parse } from 'yaml';

/**
 * The publications officer's review of the booklet (issue 12 follow-ups): the colophon of the booklet
 * on the back of the cover and on the back cover, every sheet's colophon in the DOCX as in the PDF,
 * citations dated by the sheets (never the build), no note to the editor printed, French typography
 * on every printed line. The booklet of three validated sheets that ./booklet.test.ts reads too, made
 * once per run (../helpers/booklet.ts), built in 2031 (SOURCE_DATE_EPOCH) so a build-year citation
 * would show; and, for the public edition (the one the public receives, whose colophons and
 * citations come from the same code), its DOCX, at a DOCX's cost (no browser).
 */
const CHOSEN = BOOKLET_IDS;
const BUILD_YEAR = BOOKLET_BUILD_YEAR;
let out = '';
let pdfPages: string[] = [];
let loText = '';
let xml = '';
let settings = '';
let publicXml = '';

const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\u00ad/g, '');
const documentXml = async (docx: string) => (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');

beforeAll(async () => {
  const booklet = await chosenBooklet();
  expect(booklet.code, booklet.stderr).toBe(0);
  pdfPages = text(path.join(booklet.out, 'recueil.pdf')).split('\f');
  const zip = await JSZip.loadAsync(readFileSync(path.join(booklet.out, 'recueil.docx')));
  xml = await zip.file('word/document.xml')!.async('string');
  settings = await zip.file('word/settings.xml')!.async('string');
  loText = text(booklet.libreOfficePdf);
  out = mkdtempSync(path.join(tmpdir(), 'capi-booklet-pub-'));
  const r = await runCli(['booklet', ...CHOSEN.map((id) => `examples/re/${id}.yaml`), '--out', out, '--format', 'docx', '--edition', 'publique'], { env: { SOURCE_DATE_EPOCH: BOOKLET_BUILD_EPOCH } });
  expect(r.code, r.stderr).toBe(0);
  publicXml = await documentXml(path.join(out, 'recueil-publique.docx'));
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const flat = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').replace(/\u2019/g, "'");

describe('the booklet\'s colophon and dates', () => {
  it('prints the booklet\'s colophon on the back of the cover, with licence and « Pour citer »', () => {
    const verso = flat(pdfPages[1]!);
    expect(verso).toContain('Licence : CC BY 4.0');
    expect(verso).toMatch(/Pour citer ce document : .*\(\d{4}\)\. Regards croisés/);
  });

  it('prints the licence and « Pour citer » on the back cover', () => {
    const back = flat(pdfPages.filter((p) => p.trim() !== '').at(-1)!);
    expect(back).toContain('Licence : CC BY 4.0');
    expect(back).toContain('Pour citer ce document');
  });

  it('cites each sheet with its own year (last review, else fieldwork), never the build year, in PDF and DOCX', () => {
    const all = flat(pdfPages.join('\n'));
    const lo = flat(loText);
    expect(all).not.toContain(`(${BUILD_YEAR})`);
    expect(lo).not.toContain(`(${BUILD_YEAR})`);
    expect(flat(publicXml.replace(/<[^>]+>/g, ''))).not.toContain(`(${BUILD_YEAR})`);
    for (const id of CHOSEN) {
      const sheet = parse(readFileSync(path.join(ROOT, 'examples/re', `${id}.yaml`), 'utf8'));
      const year = sheetYear(sheet)!;
      expect(year).toMatch(/^20[12]\d$/);
      const title = String(sheet.titre).slice(0, 20);
      expect(all).toMatch(new RegExp(`\\(${year}\\)\\. ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      expect(flat(publicXml.replace(/<[^>]+>/g, ''))).toMatch(new RegExp(`\\(${year}\\)\\. ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
  });
});

describe('the DOCX booklet', () => {
  it('has every sheet\'s colophon, as the PDF booklet (one « Pour citer » per sheet, plus the booklet\'s)', () => {
    const count = (s: string) => (s.match(/Pour citer ce document/g) ?? []).length;
    expect(count(flat(pdfPages.join('\n')))).toBe(CHOSEN.length + 2);
    expect(count(xml)).toBe(CHOSEN.length + 2);
    expect(count(publicXml)).toBe(CHOSEN.length + 2);
    expect(count(flat(loText))).toBe(CHOSEN.length + 2);
  });

  it('prints no note to the editor, and Word updates the fields on open', () => {
    expect(flat(loText)).not.toMatch(/F9|mettez à jour les champs/);
    expect(xml).not.toMatch(/\(F9\)/);
    expect(settings).toMatch(/<w:updateFields(?: w:val="(?:true|1|on)")?\/>/); // an OnOff element: true when w:val is absent
  });
});

describe('French typography on every printed line of the booklet', () => {
  /** Lines of a text with a straight apostrophe between letters (French text; ids and URLs have none). */
  const straight = (s: string) => s.split('\n').filter((l) => /\p{L}'\p{L}/u.test(l));
  /** Lines that start with a sign French sets after a no-break space. */
  const opening = (s: string) => s.split('\n').filter((l) => /^\s*[;:!?](\s|$)/u.test(l));

  it('has no straight apostrophe in the PDF nor in the DOCX (introduction, glossary, lead, key facts, contents, indexes)', () => {
    expect(straight(pdfPages.join('\n'))).toEqual([]);
    expect(straight(loText)).toEqual([]);
  });

  it('never starts a line with « ; : ! ? » in the PDF nor in the DOCX', () => {
    expect(opening(pdfPages.join('\n'))).toEqual([]);
    expect(opening(loText)).toEqual([]);
  });
});

describe('named people', () => {
  it('prints a named author\'s role without an inclusive form (« enquête et rédaction », not « enquêteur·rice »)', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/common.schema.json'), 'utf8'));
    const labels: string[] = Object.values(schema.$defs.auteur.properties.role['x-labels'] as Record<string, string>);
    expect(labels.some((l) => l.includes('·'))).toBe(true); // the categories keep their inclusive labels
    for (const text of [flat(pdfPages.join('\n')), flat(loText)]) {
      for (const l of labels) expect(text.toLowerCase()).not.toContain(`(${l.toLowerCase()})`);
      expect(text).toMatch(/Brahim Amzil \(enquête et rédaction\)/);
    }
  });
});
