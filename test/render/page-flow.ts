/**
 * The page checks of rendered sheets, shared by `page-flow.test.ts` (examples, layout cases and a few
 * length variants, in `npm test`) and `test/scale/page-flow-30.test.ts` (30 length variants).
 *
 * `renderBatch` draws views to PDF (one browser) and DOCX, then converts every DOCX with one
 * LibreOffice call; `pageFaults` reads a PDF back (see ../helpers/pages.ts) and lists what is wrong:
 * a page ending with a heading or label, a word beyond the text area, a body not at its full size.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPaths } from '../../src/link/check.js';
import { writeDocx } from '../../src/render/docx.js';
import { PdfRenderer } from '../../src/render/pdf.js';
import { preparePhotos } from '../../src/render/photos.js';
import { buildView, viewContext } from '../../src/view/index.js';
import type { Block, RichBlock, SheetView } from '../../src/view/model.js';
import { ROOT } from '../helpers.js';
import { bodyTextHeight, docxToPdf, endingTexts, leadTexts, type Margins, overflowing, readPages, SHEET_MARGINS, strandedHeadings } from '../helpers/pages.js';

/** The DOCX has the PDF's page margins (one design: src/render/design.ts PAGE_MARGINS_MM). */
export const DOCX_MARGINS: Margins = SHEET_MARGINS;
/**
 * Height of a body word box as poppler reports it: 10.5 pt Noto Serif (print.css) in the PDF, 10.5 pt
 * in the DOCX as LibreOffice prints it. A document shrunk by Chromium has smaller boxes.
 */
export const PDF_BODY_HEIGHT = 14.3;

/**
 * A workspace in a temporary folder: the examples, plus the layout cases of test/fixtures/layout (a long
 * link in a financing table, a label at the foot of a page, a portrait phone photo with EXIF orientation).
 * @returns its root
 */
export function layoutWorkspace(): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'capi-flow-'));
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true, filter: (f) => !f.includes(`${path.sep}dist`) });
  const cases = path.join(ROOT, 'test/fixtures/layout');
  for (const f of readdirSync(cases)) {
    cpSync(path.join(cases, f), path.join(ws, f.endsWith('.yaml') ? 're' : 'images', f));
  }
  return ws;
}

/**
 * The views of the sheets of a workspace (RE and OSIM), in the internal edition, by id: of `ids` only
 * when given (every sheet is checked, for the links; only those are built), else of every sheet.
 */
export async function workspaceViews(ws: string, ids?: readonly string[]): Promise<Map<string, SheetView>> {
  const result = await checkPaths([ws], ws);
  const valid = result.sheets.filter((s) => !result.failed.has(s.absPath) && s.kind !== null);
  const ctx = viewContext(valid, result.config, '0.0.0');
  const views = new Map<string, SheetView>();
  for (const s of valid) {
    if (ids && !ids.includes(String((s.data as { id?: unknown }).id))) continue;
    const v = buildView(s, ctx);
    views.set(v.id, v);
  }
  return views;
}

const FILLER =
  'Les habitants du douar ont suivi chaque étape du chantier, de la réunion de lancement à la réception des travaux, et en parlent encore aujourd’hui. ';

/** Lengthens the last paragraph of a narrative block by `lines` lines of about 95 characters. */
function lengthen(blocks: RichBlock[], lines: number): RichBlock[] {
  if (lines === 0) return blocks;
  const extra = FILLER.repeat(Math.ceil((lines * 95) / FILLER.length)).slice(0, lines * 95);
  const copy = structuredClone(blocks);
  const last = copy.findLast((b) => b.type === 'paragraph');
  if (last && last.type === 'paragraph') last.children.push({ type: 'text', value: ` ${extra.trim()}` });
  else copy.push({ type: 'paragraph', children: [{ type: 'text', value: extra.trim() }] });
  return copy;
}

/**
 * The `k`-th length variant of a view: each narrative field `j` (in document order) gets
 * `(k + 7j) mod 10` more lines, so that over the variants every heading after it moves by one line
 * after another and lands at every position of a page.
 */
export function lengthVariant(view: SheetView, k: number): SheetView {
  let j = 0;
  const blocks = (list: Block[]): Block[] =>
    list.map((b) => {
      if (b.type === 'rich') return { ...b, blocks: lengthen(b.blocks, (k + 7 * j++) % 10) };
      if (b.type === 'columns') return { ...b, columns: b.columns.map((c) => ({ ...c, blocks: blocks(c.blocks) })) };
      return b;
    });
  const sections = (list: SheetView['sections']): SheetView['sections'] => list.map((s) => ({ ...s, blocks: blocks(s.blocks), children: sections(s.children) }));
  return { ...view, id: `${view.id}-v${k}`, sections: sections(view.sections) };
}

/** One rendered view: its PDF, and its DOCX converted to PDF by LibreOffice. */
export interface Rendered { view: SheetView; pdf: string; docxPdf: string }

/**
 * Renders views to PDF (one browser for all) and DOCX, then converts the DOCX files with one LibreOffice
 * call. Photos are prepared first as `capi render` does.
 * @param outDir folder receiving `ID.pdf`, `ID.docx` and `docx-pdf/ID.pdf`
 */
export async function renderBatch(views: SheetView[], outDir: string): Promise<Rendered[]> {
  await preparePhotos(views, path.join(outDir, '.capi-images'));
  const renderer = new PdfRenderer();
  await renderer.open();
  try {
    for (const v of views) await renderer.render(v, path.join(outDir, `${v.id}.pdf`));
  } finally {
    await renderer.close();
  }
  for (const v of views) await writeDocx(v, path.join(outDir, `${v.id}.docx`));
  mkdirSync(path.join(outDir, 'docx-pdf'), { recursive: true });
  const converted = docxToPdf(views.map((v) => path.join(outDir, `${v.id}.docx`)), path.join(outDir, 'docx-pdf'));
  return views.map((view, i) => ({ view, pdf: path.join(outDir, `${view.id}.pdf`), docxPdf: converted[i]! }));
}

/**
 * Every page fault of one rendered view, as sentences prefixed with the file (empty when all is right):
 * pages ending with a heading or label and words beyond the text area, in the PDF and in the DOCX's
 * LibreOffice rendering, and a PDF body not at full size.
 */
export function pageFaults(r: Rendered): string[] {
  const leads = leadTexts(r.view);
  const endings = endingTexts(r.view);
  const pdf = readPages(r.pdf);
  const docx = readPages(r.docxPdf);
  const height = bodyTextHeight(pdf);
  return [
    ...strandedHeadings(pdf, leads, SHEET_MARGINS, endings).map((f) => `${r.view.id}.pdf ${f}`),
    ...overflowing(pdf, SHEET_MARGINS).map((f) => `${r.view.id}.pdf ${f}`),
    ...(Math.abs(height - PDF_BODY_HEIGHT) > 0.3 ? [`${r.view.id}.pdf body words are ${height} pt high, not ${PDF_BODY_HEIGHT} (the page was shrunk)`] : []),
    ...strandedHeadings(docx, leads, DOCX_MARGINS, endings).map((f) => `${r.view.id}.docx ${f}`),
    ...overflowing(docx, DOCX_MARGINS).map((f) => `${r.view.id}.docx ${f}`),
  ];
}
