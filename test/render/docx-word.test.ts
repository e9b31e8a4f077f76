/**
 * Every kind of DOCX capi writes opens in Word without « unreadable content »: checked by program
 * (`wordProblems`, since no Word runs here) on a single sheet with a photo, a review edition with
 * comments, the booklet, a double-regard document and the fieldwork report; and LibreOffice still
 * opens each of them (converted to PDF).
 *
 * Mixed scripts in one French sentence, as printed: the one-line sentences of the corpus
 * (test/fixtures/mixed-scripts.yaml) go into the single sheet's « Contexte », rendered to PDF
 * (Chromium) and to DOCX (converted by LibreOffice in the same run); on each printed line, the French
 * words, digits and punctuation and the Arabic words, read from left to right (poppler
 * `pdftotext -bbox-layout`), must come in the sentence's own order. A digit pulled before an Arabic
 * word, or a mirrored bracket, changes it. One workspace and one LibreOffice start for both.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { Bookmark, Document, ImageRun, Packer, Paragraph, TextRun, Footer, PageNumber, InternalHyperlink } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishForWord, addSetting } from '../../src/render/docx/word.js';
import { ROOT, runCli } from '../helpers.js';
import { mixedSentences } from '../view/mixed-sentences.js';
import { wordProblems } from './word-checks.js';
import { docxToPdf } from '../helpers/pages.js';

let ws: string;
const docs: Record<string, string> = {};

/** Sentences of the corpus short enough to print on one line. */
const sentences = mixedSentences()
  .map((s) => s.text)
  .filter((t) => [...t].length <= 60);

/**
 * The order a reader sees: each Arabic letter (or Arabic comma) becomes « # », runs of them — with the
 * spaces and digits inside an Arabic phrase — one « # »; format characters and spaces go. So
 * « الساقية 2 irrigue » reads « #2irrigue », and a digit pulled before the Arabic word, « 2#irrigue ».
 */
function readingOrder(text: string): string {
  let order = text.replace(/[\p{Script=Arabic}\u0600-\u06ff]/gu, '#').replace(/[\p{Cf}\s]/gu, '').replace(/[’‘]/g, "'");
  for (let before = ''; before !== order; ) [before, order] = [order, order.replace(/#\d*#/g, '#')];
  return order;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** Each printed line of a PDF, its words read left to right, in reading order (see `readingOrder`). */
function printedLines(pdf: string): string[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return [...xml.matchAll(/<line\b[^>]*>([\s\S]*?)<\/line>/g)].map((line) =>
    readingOrder(
      [...line[1]!.matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)]
        .map((w) => ({ x: Number(w[1]), text: w[2]!.replace(/&\w+;/g, (e) => ENTITIES[e] ?? e) }))
        .sort((a, b) => a.x - b.x)
        .map((w) => w.text)
        .join(''),
    ),
  );
}

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'capi-word-'));
  // the sheets the five documents are made of (single, review, the Tiznit booklet, the double regard of
  // OSIM-FR-06) and the OSIM sheets they link to: the twenty examples made each command check and the
  // report print three times as many sheets for nothing more (issue 14: npm test under 3 minutes)
  const sheets = [...['RE-AGA-01', 'RE-TAR-01', 'RE-TAR-02', 'RE-TIZ-01', 'RE-TIZ-02'].map((id) => `re/${id}.yaml`), ...['01', '02', '05', '06', '08'].map((n) => `osim/OSIM-FR-${n}.yaml`)];
  for (const part of ['capi.config.yaml', 'glossaire.yaml', 'images', ...sheets]) cpSync(path.join(ROOT, 'examples', part), path.join(ws, part), { recursive: true });
  const run = async (args: string[]) => {
    const result = await runCli(args, { cwd: ws });
    expect(result.code, result.stderr).toBe(0);
  };
  const sheet = path.join(ws, 're/RE-TIZ-01.yaml');
  const context = `contexte: |\n${sentences.map((t) => `  ${t}\n`).join('\n')}`;
  writeFileSync(sheet, readFileSync(sheet, 'utf8').replace(/^contexte: \|\n(?:(?: {2}.*)?\n)*?(?=\S)/m, context));
  await run(['render', 're/RE-TIZ-01.yaml', '--format', 'pdf,docx', '--out', 'single']);
  await run(['render', 're/RE-AGA-01.yaml', '--relecture', '--format', 'docx', '--out', 'review']);
  // the booklet of one province (two validated sheets): contents, bookmarks and index, at a test's cost
  await run(['booklet', '--province', 'Tiznit', '--format', 'docx', '--out', 'booklet']);
  await run(['render', '--double-regard', 'OSIM-FR-06', '--format', 'docx', '--out', 'double']);
  await run(['report', '--format', 'docx', '--out', 'report']);
  for (const dir of ['single', 'review', 'booklet', 'double', 'report']) {
    const file = readdirSync(path.join(ws, dir)).find((f) => f.endsWith('.docx'));
    if (file) docs[dir] = path.join(ws, dir, file);
  }
  // LibreOffice, once for every DOCX: it must open each of them
  docxToPdf(Object.values(docs), path.join(ws, 'lo'));
}, 360_000);

afterAll(() => {
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('DOCX valid for Word, every kind capi writes', () => {
  it('writes the five kinds', () => {
    expect(Object.keys(docs).sort()).toEqual(['booklet', 'double', 'report', 'review', 'single']);
  });

  it.each(['single', 'review', 'booklet', 'double', 'report'])('%s: nothing Word rejects or repairs', async (kind) => {
    expect(await wordProblems(readFileSync(docs[kind]!))).toEqual([]);
  });

  it('keeps the comments of the review edition, and no comments part without a comment', async () => {
    const review = await JSZip.loadAsync(readFileSync(docs.review!));
    expect(await review.file('word/comments.xml')!.async('string')).toMatch(/<w:comment /);
    const single = await JSZip.loadAsync(readFileSync(docs.single!));
    expect(single.file('word/comments.xml')).toBeNull();
    expect(await single.file('[Content_Types].xml')!.async('string')).not.toContain('comments');
  });

  it('booklet: one bookmark id per sheet, and the contents\' PAGEREF fields point at existing bookmarks', async () => {
    const xml = await (await JSZip.loadAsync(readFileSync(docs.booklet!))).file('word/document.xml')!.async('string');
    const ids = [...xml.matchAll(/<w:bookmarkStart\b[^>]*w:id="(\d+)"[^>]*w:name="([^"]+)"|<w:bookmarkStart\b[^>]*w:name="([^"]+)"[^>]*w:id="(\d+)"/g)];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ids.map((m) => m[1] ?? m[4])).size).toBe(ids.length);
    const names = new Set(ids.map((m) => m[2] ?? m[3]));
    const refs = [...xml.matchAll(/<w:instrText[^>]*>\s*PAGEREF ([^\s<]+)/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    for (const ref of refs) expect(names.has(ref)).toBe(true);
  });

  it('single sheet: the theme, web settings and settings Word writes, with the sheets\' palette and fonts', async () => {
    const zip = await JSZip.loadAsync(readFileSync(docs.single!));
    expect(await zip.file('word/theme/theme1.xml')!.async('string')).toMatch(/<a:accent1><a:srgbClr val="0B5258"\/>[\s\S]*<a:majorFont><a:latin typeface="Noto Sans"\/>[\s\S]*<a:minorFont><a:latin typeface="Noto Serif"\/>/); // the design tokens: teal, heading and body fonts
    expect(zip.file('word/webSettings.xml')).not.toBeNull();
    const settings = await zip.file('word/settings.xml')!.async('string');
    expect(settings).toMatch(/<w:embedTrueTypeFonts\/>[\s\S]*<w:defaultTabStop [\s\S]*<w:compat>[\s\S]*<w:themeFontLang w:val="fr-FR" w:bidi="ar-MA"\/><w:clrSchemeMapping [\s\S]*<w:decimalSymbol w:val=","\/><w:listSeparator w:val=";"\/><\/w:settings>/);
    expect(zip.file('docProps/custom.xml')).toBeNull();
    expect(await zip.file('docProps/app.xml')!.async('string')).toContain('<DocSecurity>0</DocSecurity>');
  });

  it('LibreOffice still opens every one (converted to PDF)', () => {
    for (const file of Object.values(docs)) {
      const pdf = path.join(ws, 'lo', path.basename(file).replace(/\.docx$/, '.pdf'));
      expect(existsSync(pdf), pdf).toBe(true);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThan(0);
    }
  });

  it('report: LibreOffice prints its tables of interviews and its « Acteurs non entendus »', () => {
    const text = execFileSync('pdftotext', ['-layout', path.join(ws, 'lo', path.basename(docs.report!).replace(/\.docx$/, '.pdf')), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Entretiens par type d’acteur');
    expect(text).toContain('Acteurs non entendus');
  });
});

describe('an Arabic word inside a French sentence keeps the French around it in French order', () => {
  it('uses at least 12 one-line sentences of the corpus', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(12);
  });

  it.each([
    ['PDF (Chromium)', 'single/RE-TIZ-01.pdf'],
    ['DOCX (LibreOffice)', 'lo/RE-TIZ-01.pdf'],
  ])('%s', (_name, pdf) => {
    const lines = new Set(printedLines(path.join(ws, pdf)));
    expect(sentences.filter((t) => !lines.has(readingOrder(t)))).toEqual([]);
  });
});

/** A PNG of 1×1 pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** What docx 9.7 writes by itself: the faults the checks must see, and finishForWord must remove. */
function docxOwnDocument(): Document {
  const image = () => new ImageRun({ type: 'png', data: PNG, transformation: { width: 10, height: 10 } });
  return new Document({
    sections: [
      {
        footers: { default: new Footer({ children: [new Paragraph({ children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })] })] }) },
        children: [
          new Paragraph({ children: [new Bookmark({ id: 'premiere', children: [new TextRun("L'eau d'Afella")] })] }),
          new Paragraph({ children: [new Bookmark({ id: 'seconde', children: [new TextRun('Tiznit')] })] }),
          new Paragraph({ children: [new InternalHyperlink({ anchor: 'seconde', children: [new TextRun('voir')] })] }),
          new Paragraph({ children: [image(), image()] }),
          new Paragraph({ children: [new TextRun({ text: 'تيزنيت', rightToLeft: true })] }),
        ],
      },
    ],
  });
}

describe('the checks and the finishing step on what docx writes by itself', () => {
  it('the checks see each fault docx leaves', async () => {
    const problems = (await wordProblems(await Packer.toBuffer(docxOwnDocument()))).join('\n');
    expect(problems).toMatch(/signet w:id="1" en double/);
    expect(problems).toMatch(/wp:docPr id="1" en double/);
    expect(problems).toMatch(/champ « PAGE » sans résultat en cache/);
    expect(problems).toMatch(/champ « NUMPAGES » sans résultat en cache/);
    expect(problems).toMatch(/word\/comments.xml: partie vide/);
    expect(problems).toMatch(/« &apos; »/);
    expect(problems).toMatch(/pas de partie theme/);
    expect(problems).toMatch(/pas de partie webSettings/);
  });

  it('finishForWord leaves none, and gives right-to-left runs w:cs', async () => {
    const zip = await JSZip.loadAsync(await Packer.toBuffer(docxOwnDocument()));
    await finishForWord(zip);
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    expect(await wordProblems(bytes)).toEqual([]);
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:rtl/><w:cs/>');
    expect(xml).toContain("L'eau d'Afella");
    expect([...xml.matchAll(/<w:bookmarkStart [^>]*w:id="(\d+)"/g)].map((m) => m[1])).toEqual(['0', '1']);
    expect([...xml.matchAll(/<wp:docPr [^>]*id="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2']);
  });

  it('addSetting puts a setting at its place in schema order, once', () => {
    const settings = '<w:settings xmlns:w="w"><w:zoom w:percent="100"/><w:compat><w:compatSetting w:name="x"/></w:compat></w:settings>';
    const once = addSetting(settings, 'defaultTabStop', '<w:defaultTabStop w:val="708"/>');
    expect(once).toBe('<w:settings xmlns:w="w"><w:zoom w:percent="100"/><w:defaultTabStop w:val="708"/><w:compat><w:compatSetting w:name="x"/></w:compat></w:settings>');
    expect(addSetting(once, 'defaultTabStop', '<w:defaultTabStop w:val="1"/>')).toBe(once);
    expect(addSetting(once, 'listSeparator', '<w:listSeparator w:val=";"/>')).toMatch(/<\/w:compat><w:listSeparator w:val=";"\/><\/w:settings>$/);
  });
});
