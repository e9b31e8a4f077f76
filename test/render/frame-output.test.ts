import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { checkPaths } from '../../src/link/check.js';
import { buildView, viewContext } from '../../src/view/index.js';
import { findBrowser } from '../../src/render/browser.js';
import { PdfRenderer } from '../../src/render/pdf.js';
import { renderDocx } from '../../src/render/docx.js';
import type { SheetView } from '../../src/view/model.js';

/**
 * The frame of real documents read back: the PDF's text page by page (poppler) and the DOCX's XML, for
 * a draft in the internal edition, a public edition and a review edition of the examples.
 */
const run = (args: string[]) => execFileSync('pdftotext', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

interface Word { text: string; xMin: number; xMax: number; yMin: number; yMax: number }
interface Page { text: string; words: Word[]; height: number; width: number }

/** The pages of a PDF: their text, and their words with positions (points) from `pdftotext -bbox`. */
function pages(file: string): Page[] {
  const xml = run(['-bbox', file, '-']);
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => {
    const words = [...m[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]),
      text: w[5]!.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    }));
    return { width: Number(m[1]), height: Number(m[2]), words, text: words.map((w) => w.text).join(' ') };
  });
}

const NO_TOOL = [/\bcapi\b/i, /\.ya?ml\b/, /\(s\)/, /rapport-deroulement|double-regard-OSIM/];
/** The page margins of print.css / page-margins.css: 18 mm left and right, 22 mm top, 20 mm bottom. */
const MM = 72 / 25.4;

let dir: string;
let renderer: PdfRenderer;
const docs = new Map<string, { view: SheetView; pdf: Page[]; docx: JSZip }>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'capi-frame-out-'));
  const result = await checkPaths([path.join(ROOT, 'examples')], ROOT);
  const sheet = (id: string) => result.sheets.find((s) => (s.data as { id: string }).id === id)!;
  const ctx = (edition: 'interne' | 'publique', review = false) => viewContext(result.sheets, result.config, '0.1.0', { edition, review });
  const wanted: Array<[string, SheetView]> = [
    ['draft', buildView(sheet('RE-CHT-03'), ctx('interne'))],
    ['public', buildView(sheet('RE-TIZ-01'), ctx('publique'))],
    ['review', buildView(sheet('RE-AGA-01'), ctx('interne', true))],
  ];
  renderer = new PdfRenderer({ browserPath: await findBrowser(process.env) });
  await renderer.open();
  for (const [name, view] of wanted) {
    const pdf = path.join(dir, `${name}.pdf`);
    await renderer.render(view, pdf);
    const docx = await renderDocx(view, { embedFonts: false });
    writeFileSync(path.join(dir, `${name}.docx`), docx);
    docs.set(name, { view, pdf: pages(pdf), docx: await JSZip.loadAsync(docx) });
  }
}, 300_000);

afterAll(async () => {
  await renderer?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function parts(zip: JSZip, re: RegExp): Promise<string[]> {
  return Promise.all(Object.keys(zip.files).filter((f) => re.test(f)).sort().map((f) => zip.file(f)!.async('string')));
}
const xmlText = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

describe('PDF read back', () => {
  it('marks every page of an internal edition, and every page of a draft', () => {
    const { pdf } = docs.get('draft')!;
    expect(pdf.length).toBeGreaterThan(1);
    pdf.forEach((p, i) => {
      expect(p.text, `page ${i + 1}`).toContain('Document interne — ne pas diffuser');
      expect(p.text, `page ${i + 1}`).toContain('BROUILLON');
    });
    for (const p of docs.get('public')!.pdf) {
      expect(p.text).not.toContain('Document interne');
      expect(p.text).not.toContain('BROUILLON');
    }
  });

  it('prints no tool name, no path and no « (s) » in a publication; the review edition names its source', () => {
    for (const name of ['draft', 'public']) for (const p of docs.get(name)!.pdf) for (const bad of NO_TOOL) expect(p.text).not.toMatch(bad);
    const review = docs.get('review')!.pdf.map((p) => p.text).join(' ');
    expect(review).toContain('Source : examples/re/RE-AGA-01.yaml');
    expect(review).toContain('Synthèse de la relecture');
    expect(review).not.toMatch(/perceptions\.\d/);
  });

  it('ends with the colophon on a page that holds text of the sheet too', () => {
    for (const name of ['draft', 'public', 'review']) {
      const { pdf, view } = docs.get(name)!;
      const last = pdf[pdf.length - 1]!;
      expect(last.text).toContain('Pour citer ce document');
      // the body of the page: words between the running header and footer, before the colophon's first line
      const body = last.words.filter((w) => w.yMin > 22 * MM && w.yMax < last.height - 20 * MM);
      const colophonTop = Math.min(...body.filter((w) => w.text === 'Licence' || w.text === view.colophon.lines[0]!.split(' ')[0]).map((w) => w.yMin));
      const above = body.filter((w) => w.yMax < colophonTop - 1);
      expect(above.length, `${name}: words above the colophon on its page`).toBeGreaterThan(5);
    }
  });

  it('prints headers and footers at 8 pt at least, inside the page margins', () => {
    for (const name of ['draft', 'public']) {
      for (const p of docs.get(name)!.pdf) {
        const margin = p.words.filter((w) => w.yMax < 22 * MM || w.yMin > p.height - 20 * MM);
        expect(margin.length).toBeGreaterThan(3);
        for (const w of margin) {
          // Noto Sans line box: 1.362 em (ascent 1.069 + descent 0.293)
          expect((w.yMax - w.yMin) / 1.362, `« ${w.text} »`).toBeGreaterThanOrEqual(7.95);
          // (poppler word boxes include the glyphs' side bearings: 2 pt of tolerance)
          expect(w.xMin, `« ${w.text} »`).toBeGreaterThanOrEqual(18 * MM - 2);
          expect(w.xMax, `« ${w.text} »`).toBeLessThanOrEqual(p.width - 18 * MM + 2);
        }
      }
    }
  });
});

describe('DOCX read back', () => {
  it('carries the internal mark and BROUILLON in the footer or header of a draft, not in a public edition', async () => {
    const draft = docs.get('draft')!.docx;
    const footers = (await parts(draft, /^word\/footer\d*\.xml$/)).map(xmlText).join(' ');
    const headers = (await parts(draft, /^word\/header\d*\.xml$/)).map(xmlText).join(' ');
    expect(footers).toContain('Document interne — ne pas diffuser · BROUILLON');
    expect(headers).toContain('BROUILLON');
    const pub = docs.get('public')!.docx;
    const all = [...(await parts(pub, /^word\/(footer|header)\d*\.xml$/))].map(xmlText).join(' ');
    expect(all).not.toMatch(/Document interne|BROUILLON/);
  });

  it('prints the colophon and no tool output in the text of a publication', async () => {
    for (const name of ['draft', 'public']) {
      const text = (await parts(docs.get(name)!.docx, /^word\/(document|footer\d*|header\d*)\.xml$/)).map(xmlText).join(' ');
      expect(text).toContain('Pour citer ce document');
      expect(text).toContain('Licence\u00a0: CC BY 4.0');
      for (const bad of NO_TOOL) expect(text).not.toMatch(bad);
    }
  });

  it('names a préfecture « préfecture » and sizes header and footer at 8 pt at least', async () => {
    const review = docs.get('review')!.docx;
    const headers = (await parts(review, /^word\/header\d*\.xml$/)).join('');
    expect(xmlText(headers)).toMatch(/préfecture d.Agadir/);
    expect(xmlText(headers)).not.toMatch(/Province\s*:/);
    const margins = (await parts(review, /^word\/(footer|header)\d*\.xml$/)).join('');
    for (const m of margins.matchAll(/<w:sz(?:Cs)? w:val="(\d+)"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(16);
    const styles = (await parts(review, /^word\/styles\.xml$/))[0]!;
    for (const id of ['Header', 'Footer']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0];
      expect(Number(/<w:sz w:val="(\d+)"/.exec(style)![1])).toBeGreaterThanOrEqual(16);
    }
  });
});
