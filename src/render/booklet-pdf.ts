/**
 * The booklet as one PDF (`capi booklet`), laid out for print: the cover, its blank verso, the
 * introduction and the contents each on a right-hand page, every sheet starting on a right-hand (odd)
 * page (a blank verso inserted when the sheet before ends on one), then the glossary (`glossaire.yaml`),
 * the indexes and the back cover, on the last (even) page. Page numbers run through the whole book (blank
 * versos count, and print nothing); the contents and the indexes are real links to the pages.
 *
 * How (one browser, several tabs, every sheet printed once):
 * 1. each sheet is printed once, tagged, with its outline, without its footer's page number (where a sheet
 *    lands in the booklet depends on the length of every sheet before it), several sheets to a document
 *    (../../templates/sheets.hbs: each on named pages of its own, its fonts and styles loaded once for
 *    them all, which costs Chromium as much as several sheets' pages); at the same time the front
 *    matter and the back matter are printed with placeholder numbers, to learn their layout (page
 *    counts, where the contents and indexes fall, which blank versos they need: their page columns have
 *    a fixed width, so the real numbers do not change it), and the ten digits of the page numbers are
 *    printed (./page-numbers.js);
 * 2. as soon as a document of sheets and every sheet before it are printed, `TaggedMerger`
 *    (./pdf-merge.js) appends its pages, with its structure tree, each sheet after a blank verso when
 *    needed (where each sheet starts: its title in Chromium's outline), and their page numbers are
 *    stamped in their footers, as artifacts;
 * 3. the back matter (glossary, indexes, back cover) and the front matter are printed with the real page
 *    numbers (as text: the contents' and indexes' numbers stay real, linked text) and their own running
 *    numbers (`html { counter-reset: page S-1 }`: Chromium numbers a document's pages from the root
 *    element's counter), and merged around the sheets;
 * 4. the `capi:` links of the contents and indexes become links to the sheets' pages, and the outline is
 *    written (one bookmark per sheet, its sections beneath, from Chromium's outline of the sheet), with
 *    the metadata and language.
 * Printed sheets wait in temporary files until they are merged, and each merged sheet's objects are
 * written to the booklet's (temporary) file at once (./pdf-stream.js): memory holds the sheets being
 * printed and merged, the pages' small dictionaries and the structure's keys, not the whole book.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isInterrupted, onInterrupt } from '../util/cleanup.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  ParseSpeeds,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFCatalog,
  PDFPageLeaf,
  PDFPageTree,
  PDFRef,
  type PDFObject,
  PDFString,
  type PDFContext,
} from 'pdf-lib';
import { withoutSheets, type BookletIndexEntry, type BookletView } from '../view/booklet.js';
import { shortenTitle } from '../view/text.js';
import { DEFAULT_TEMPLATES_DIR } from './assets.js';
import { cssString, fontFaceCss, renderSheetsHtml, richToHtml, sheetsDocumentKey, textToHtml } from './html.js';
import type { SheetView } from '../view/model.js';
import { PdfRenderer, photoFiles, type PrintOptions } from './pdf.js';
import { designCss } from './design.js';
import { pathToFileURL } from 'node:url';
import { TaggedMerger } from './pdf-merge.js';
import { StreamedPdf } from './pdf-stream.js';
import { printTabs } from './browser.js';
import { PageNumbers, digitsHtml } from './page-numbers.js';

/** Options of {@link renderBookletPdf}. */
export interface BookletPdfOptions {
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
  /** A renderer already opened by the caller (its browser started), used as is and left open. */
  renderer?: PdfRenderer;
  /** Tabs printing at once (default `printTabs()`: one per core, plus one). */
  concurrency?: number;
  templatesDir?: string;
  /** Called after each sheet is printed (for progress output). */
  onSheet?: (done: number, total: number) => void;
  /**
   * Resolves when printing may start (the caller's browser started, the output folder made); until
   * then the templates are compiled and the first documents' HTML built. A rejection stops the booklet
   * with its reason before anything is printed or written.
   */
  ready?: Promise<void>;
}

/** Where {@link renderBookletPdf} writes the booklet: `file` (its folder must exist), replaced only once the booklet is whole. */
export interface BookletPdfTarget {
  file: string;
}

/** What {@link renderBookletPdf} made. */
export interface BookletPdfResult {
  /** Size of the file written, in bytes (0 when sheets failed and nothing was written). */
  size: number;
  pages: number;
  /** First page (1-based, in the whole booklet) of each sheet printed, by id. */
  starts: Map<string, number>;
  /** Page count of each sheet printed, by id. */
  counts: Map<string, number>;
  /** Pages of the front matter (cover, its verso, introduction, contents, with their blank versos). */
  frontPages: number;
  /** First page (1-based) of the glossary (when the booklet has one), the index of communes, the index of OSIM, and the back cover. */
  backPages: { glossary?: number; communes: number; osim: number; backCover: number };
  /** Sheets that could not be printed (left out), with the reason. */
  failed: Map<string, Error>;
}

/** The booklet's compiled templates and styles. */
export interface Templates {
  front: Handlebars.TemplateDelegate;
  back: Handlebars.TemplateDelegate;
  css: string;
  printCss: string;
  marginCss: string;
}

/** The booklet's templates and styles in `dir`, compiled (once per booklet: see `Run`). */
function templates(dir: string): Templates {
  const hb = Handlebars.create();
  const safe = (s: string) => new hb.SafeString(s);
  hb.registerHelper('bidi', (v: unknown) => safe(textToHtml(v == null ? '' : String(v))));
  hb.registerHelper('cssString', (v: unknown) => safe(cssString(v == null ? '' : String(v))));
  hb.registerHelper('rich', (blocks: Parameters<typeof richToHtml>[0]) => safe(richToHtml(blocks ?? [])));
  hb.registerHelper('fileUrl', (file: string) => pathToFileURL(resolve(String(file))).href);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const options = { noEscape: false, preventIndent: true };
  return {
    front: hb.compile(read('booklet/front.hbs'), options),
    back: hb.compile(read('booklet/back.hbs'), options),
    css: read('booklet/booklet.css'),
    printCss: designCss() + read('print.css'),
    marginCss: read('page-margins.css'),
  };
}

const style = (css: string) => new Handlebars.SafeString(css.replace(/<\/(style)/gi, '<\\/$1'));

function common(book: BookletView, tpl: Templates) {
  return {
    ...book,
    fontCss: style(fontFaceCss()),
    printCss: style(tpl.printCss),
    marginCss: style(tpl.marginCss),
    bookletCss: style(tpl.css),
    marginTitle: shortenTitle(book.config.title, 80),
    marginOrg: book.labels.count,
    // « Document interne — ne pas diffuser » on every page of an internal booklet
    marginMark: book.frame.internalMark ?? '',
  };
}

/** Pages shown in the contents for the parts after the sheets (text: a number, or placeholders). */
export interface BackPageNumbers {
  glossary: string;
  communes: string;
  osim: string;
}

/**
 * HTML of the front matter; `page(id)` gives the start page shown in the contents, `back` those of the
 * glossary and indexes; `blankBeforeContents` adds the blank verso that puts the contents on a
 * right-hand page.
 */
export function bookletFrontHtml(book: BookletView, page: (id: string) => string, back: BackPageNumbers, blankBeforeContents: boolean, dir: string | Templates = DEFAULT_TEMPLATES_DIR): string {
  const tpl = typeof dir === 'string' ? templates(resolve(dir)) : dir;
  const byId = new Map(book.entries.map((e) => [e.id, e]));
  return tpl.front({
    ...common(book, tpl),
    tocGroups: book.groups.map((g) => ({ title: g.title, entries: g.ids.map((id) => ({ ...byId.get(id)!, page: page(id) })) })),
    glossaryPage: back.glossary,
    indexPage: back.communes,
    osimPage: back.osim,
    blankBeforeContents,
  });
}

/** Blank versos of the back matter: before the index of communes (after the glossary), before the back cover. */
export interface BackBlanks {
  beforeIndex: boolean;
  beforeBack: boolean;
}

/** HTML of the back matter: glossary, indexes of communes and OSIM (with each sheet's start page), back cover. */
export function bookletBackHtml(book: BookletView, page: (id: string) => string, blanks: BackBlanks, dir: string | Templates = DEFAULT_TEMPLATES_DIR): string {
  const tpl = typeof dir === 'string' ? templates(resolve(dir)) : dir;
  const anchors = new Map(book.entries.map((e) => [e.id, e.anchor]));
  const lines = (list: BookletIndexEntry[]) => list.map((e) => ({ ...e, refs: e.sheets.map((id) => ({ id, anchor: anchors.get(id), page: page(id) })) }));
  return tpl.back({
    ...common(book, tpl),
    communeLines: lines(book.communes),
    osimLines: lines(book.osim),
    blankBeforeIndex: blanks.beforeIndex,
    blankBeforeBack: blanks.beforeBack,
  });
}

/** The first odd page at or after `page` (1-based): where a part starting at `page` starts in print. */
export function rightHandPage(page: number): number {
  return page % 2 === 1 ? page : page + 1;
}

/**
 * CSS added to a part printed from page `start` (1-based): the footer shows the booklet's page number,
 * except on the pages that print none (cover, blank versos, back cover: added after the generic rule,
 * which Chromium otherwise lets win over the named pages' own rules).
 */
function offsetCss(start: number): string {
  return `html { counter-reset: page ${start - 1}; } @page { @bottom-right { content: counter(page); } } @page cover { @bottom-right { content: none; } } @page blank { @bottom-right { content: none; } } @page backcover { @bottom-right { content: none; } }`;
}

/** An outline item before it is written: title, page index in the booklet, y position, children. */
interface OutlineItem {
  title: string;
  page: number;
  top?: number;
  children: OutlineItem[];
}

/** Chromium's outline of a sheet PDF as items (page indexes relative to the sheet). */
function readOutline(doc: PDFDocument): OutlineItem[] {
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const walk = (first: PDFDict | undefined, depth: number): OutlineItem[] => {
    const out: OutlineItem[] = [];
    let node = first;
    let guard = 0;
    while (node && guard++ < 10_000) {
      const title = node.lookupMaybe(PDFName.of('Title'), PDFString, PDFHexString)?.decodeText() ?? '';
      const dest = node.lookupMaybe(PDFName.of('Dest'), PDFArray);
      const ref = dest?.get(0);
      const page = ref instanceof PDFRef ? pageIndex.get(ref.toString()) : undefined;
      const y = dest?.lookupMaybe(3, PDFNumber)?.asNumber();
      if (page !== undefined) {
        out.push({ title: title.replace(/\s+/g, ' ').trim(), page, top: y, children: depth < 3 ? walk(node.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1) : [] });
      }
      node = node.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
    return out;
  };
  return outlines ? walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 0) : [];
}

function shift(items: OutlineItem[], by: number): OutlineItem[] {
  return items.map((i) => ({ ...i, page: i.page + by, children: shift(i.children, by) }));
}

/**
 * Writes the document outline (ISO 32000-1 §12.3.3): an Outlines dictionary with /First /Last
 * /Count, and items with /Title /Parent /Prev /Next /First /Last /Count /Dest [page /XYZ left top null].
 * Top-level items are open; deeper items are closed (negative /Count).
 */
function writeOutline(doc: PDFDocument, items: OutlineItem[]): void {
  const context: PDFContext = doc.context;
  const pages = doc.getPages();
  const root = context.obj({ Type: 'Outlines' }) as PDFDict;
  const rootRef = context.register(root);
  const build = (list: OutlineItem[], parentRef: PDFRef, parent: PDFDict, open: boolean): number => {
    const refs = list.map(() => context.nextRef());
    let visible = 0;
    list.forEach((item, i) => {
      const page = pages[Math.min(Math.max(item.page, 0), pages.length - 1)]!;
      const dest = context.obj([page.ref, PDFName.of('XYZ'), item.top === undefined ? PDFNull : PDFNumber.of(item.top), PDFNull, PDFNull]);
      const dict = context.obj({}) as PDFDict;
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title));
      dict.set(PDFName.of('Parent'), parentRef);
      dict.set(PDFName.of('Dest'), dest);
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < list.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      if (item.children.length) {
        const n = build(item.children, refs[i]!, dict, false);
        // closed: negative count of its open descendants
        dict.set(PDFName.of('Count'), PDFNumber.of(-n));
      }
      context.assign(refs[i]!, dict);
      visible += 1;
    });
    if (list.length) {
      parent.set(PDFName.of('First'), refs[0]!);
      parent.set(PDFName.of('Last'), refs[refs.length - 1]!);
    }
    return open ? visible : list.length;
  };
  const count = build(items, rootRef, root, true);
  root.set(PDFName.of('Count'), PDFNumber.of(count));
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** Loads a PDF printed by Chromium (parsed in one go, as `withMetadata` does). */
const loadPdf = (bytes: Uint8Array) => PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });

/** Page (0-based) of the first heading titled `title` in Chromium's outline of `doc`, if any. */
function headingPage(doc: PDFDocument, title: string): number | undefined {
  const flat = (items: OutlineItem[]): OutlineItem[] => items.flatMap((i) => [i, ...flat(i.children)]);
  return flat(readOutline(doc)).find((i) => i.title === title)?.page;
}


/** Settings of one print (see `PdfRenderer.openHtml`). */
type PrintSettings = PrintOptions;

/** What the steps of one booklet print share. */
interface Run {
  book: BookletView;
  renderer: PdfRenderer;
  /** Templates folder (absolute). */
  dir: string;
  /** The booklet's templates, compiled from `dir`. */
  tpl: Templates;
  /** Temporary folder of the printed sheets. */
  work: string;
  options: BookletPdfOptions;
  /** The booklet's file. */
  file: string;
  /** Resolves when printing may start (see `BookletPdfOptions.ready`). */
  ready: Promise<void>;
  /** The printed documents being written to `work` (each settles its sheets; never rejects). */
  writing: Array<Promise<void>>;
}

/** Loads `html` in a tab of its own once `run.ready`, prints it once and closes the tab. */
async function printDocument(run: Run, html: string, name: string, settings: PrintSettings = {}, files: string[] = []): Promise<Uint8Array> {
  const keep = process.env.CAPI_BOOKLET_HTML;
  // the bench's floor (bench/baseline-booklet-floor.mjs) prints the front and back matter capi prints last
  if (keep && (name === 'front' || name === 'back')) writeFileSync(join(keep, `${name}.html`), html.replace('</head>', `<style>${settings.css ?? ''}</style></head>`));
  await run.ready;
  const doc = await run.renderer.openHtml(html, files, name);
  try {
    return await doc.print(settings);
  } finally {
    await doc.close();
  }
}

/** The front matter's layout: its page count (with the blank verso before the contents, when needed) and the contents' page (0-based). */
interface FrontLayout {
  count: number;
  contentsAt: number;
  blankBeforeContents: boolean;
}

/**
 * Prints the front matter with placeholder page numbers to learn its layout (its contents have a
 * fixed-width page column, so the real numbers do not change its length), and whether the contents
 * need a blank verso before them to start on a right-hand page.
 */
async function probeFront(run: Run, placeholder: string): Promise<FrontLayout> {
  const back = { glossary: placeholder, communes: placeholder, osim: placeholder };
  const doc = await loadPdf(await printDocument(run, bookletFrontHtml(run.book, () => placeholder, back, false, run.tpl), 'front', { outline: true }));
  const at = headingPage(doc, run.book.labels.contents) ?? doc.getPageCount() - 1;
  const blankBeforeContents = (at + 1) % 2 === 0;
  const shift = blankBeforeContents ? 1 : 0;
  return { count: doc.getPageCount() + shift, contentsAt: at + shift, blankBeforeContents };
}

/** The back matter's layout, relative to its first page (a right-hand page): the indexes' pages (0-based), its page count and its blank versos. */
interface BackLayout {
  communes: number;
  osim: number;
  count: number;
  blanks: BackBlanks;
}

const backFiles = (book: BookletView) => (book.back.logo ? [book.back.logo] : []);

/**
 * Prints the back matter (glossary, indexes, back cover) once to see where its parts fall, and again
 * with blank versos when the index of communes would start on a left-hand page or the back cover would
 * not be the last, left-hand page. It always starts on a right-hand (odd) page, so a part `r` pages
 * after its start falls on a left-hand page when `r` is odd.
 * @returns the last document printed and its layout
 */
async function printBack(run: Run, page: (id: string) => string, settings: PrintSettings): Promise<{ doc: PDFDocument; layout: BackLayout }> {
  const { book } = run;
  const print = async (blanks: BackBlanks) => {
    const doc = await loadPdf(await printDocument(run, bookletBackHtml(book, page, blanks, run.tpl), 'back', { ...settings, outline: true }, backFiles(book)));
    return { doc, layout: backLayout(book, doc, blanks) };
  };
  const first = await print(NO_BLANKS);
  const blanks = backBlanks(first.layout);
  return blanks.beforeIndex || blanks.beforeBack ? print(blanks) : first;
}

const NO_BLANKS: BackBlanks = { beforeIndex: false, beforeBack: false };

/** The blank versos a back matter laid out without any (`layout`) needs: see {@link printBack}. */
function backBlanks(layout: BackLayout): BackBlanks {
  const beforeIndex = layout.communes % 2 === 1;
  return { beforeIndex, beforeBack: (layout.count - 1 + (beforeIndex ? 1 : 0)) % 2 === 0 };
}

/**
 * The back matter's layout with placeholder numbers, printed once: where its parts fall without blank
 * versos, then with the versos it needs, counted (each is one page of its own: `.blank-page` breaks
 * before and after) instead of printed again. The print with the real numbers checks it
 * (`printBackAndFront` lays the back matter out again when it differs).
 */
async function probeBack(run: Run, placeholder: string): Promise<{ layout: BackLayout }> {
  const { book } = run;
  const doc = await loadPdf(await printDocument(run, bookletBackHtml(book, () => placeholder, NO_BLANKS, run.tpl), 'back', { outline: true }, backFiles(book)));
  const first = backLayout(book, doc, NO_BLANKS);
  const blanks = backBlanks(first);
  const index = blanks.beforeIndex ? 1 : 0;
  return { layout: { communes: first.communes + index, osim: first.osim + index, count: first.count + index + (blanks.beforeBack ? 1 : 0), blanks } };
}

/** Where the indexes fall in a printed back matter (from Chromium's outline). */
function backLayout(book: BookletView, doc: PDFDocument, blanks: BackBlanks): BackLayout {
  return {
    communes: headingPage(doc, book.labels.communeIndex) ?? 0,
    osim: headingPage(doc, book.labels.osimIndex) ?? 0,
    count: doc.getPageCount(),
    blanks,
  };
}

const sameLayout = (a: BackLayout, b: BackLayout) => a.communes === b.communes && a.osim === b.osim && a.count === b.count;

/** A document of the booklet's sheets, printed: its PDF in a temporary file, and its sheets (indexes in the booklet's order, consecutive). */
interface PrintedPart {
  file: string;
  sheets: number[];
}

/** A sheet printed for the booklet: the document holding it, or why it could not be printed. */
type Printed = { part: PrintedPart } | { error: Error };

/** A document of sheets, ready to print: its HTML, the photos it may load, the sheets it holds. */
interface SheetsDocument {
  html: string;
  files: string[];
  sheets: number[];
}

/** The documents of a run of consecutive sheets, and the sheets whose view could not be built. */
interface SheetsBatch {
  documents: SheetsDocument[];
  failed: Map<number, Error>;
}

/**
 * Most sheets printed in one document. A document's fonts, styles and PDF resources cost Chromium as
 * much as several sheets' pages: 50 sheets printed (3 tabs, bench, 2026-12-02) took 44–48 s of CPU one
 * to a document, 35 s two, 31 s three, 27–32 s five, 27 s eight, 27–29 s seventeen. But each tab holds
 * its document whole: the 200-sheet booklet peaked at 1,033 MB with six (71 s), 1,001 MB with five
 * (73 s), 889–907 MB with four (78–81 s), 875 MB with three (91 s), for a limit of 1 GB.
 */
const MAX_SHEETS_A_DOCUMENT = 4;

/**
 * How many sheets each document of the booklet holds, in the booklet's order: every tab but one prints
 * the same number of documents (`printTabs()` is the cores plus one: the last prints the front and back
 * matter meanwhile; no tab is left alone with the last document while the others wait), each of at most
 * {@link MAX_SHEETS_A_DOCUMENT} sheets — one more when that gives every tab one document (a small
 * booklet: 10 sheets on two tabs took 8.4–9.1 s as [5, 5], 9.3–10.5 s as [3, 3, 2, 2], 2026-12-02) —
 * and at least two (two sheets a document already cost a quarter less than one), the sizes as even as
 * can be. 3 tabs: 3 sheets [2, 1]; 10: [5, 5]; 11: [3, 3, 3, 2]; 50: fourteen documents of 4 or 3;
 * 200: fifty of 4.
 * @param sheets the booklet's sheets @param tabs the tabs printing at once
 */
export function documentSizes(sheets: number, tabs: number): number[] {
  if (sheets <= 0) return [];
  const workers = Math.max(1, tabs - 1);
  const wanted = sheets <= workers * (MAX_SHEETS_A_DOCUMENT + 1) ? workers : workers * Math.ceil(sheets / (workers * MAX_SHEETS_A_DOCUMENT));
  const documents = Math.max(1, Math.min(wanted, Math.ceil(sheets / 2)));
  const size = Math.floor(sheets / documents);
  return Array.from({ length: documents }, (_, i) => size + (i < sheets % documents ? 1 : 0));
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * The sheets that may share a document: runs of consecutive sheets (indexes in the booklet's order)
 * with the same `key` (`sheetsDocumentKey`: a draft's « BROUILLON », a fixed element, is printed across
 * every page of its document, so a draft never shares one with a validated sheet).
 * @param sheets each sheet's index and key, in order (a sheet whose view failed is left out: the runs break there)
 */
export function sheetGroups<T extends { index: number; key: string }>(sheets: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const sheet of sheets) {
    const last = groups.at(-1)?.at(-1);
    if (last && last.key === sheet.key && last.index === sheet.index - 1) groups.at(-1)!.push(sheet);
    else groups.push([sheet]);
  }
  return groups;
}

/**
 * The views of sheets `from` to `to` (excluded) built one at a time, each in a task of its own (the
 * DevTools messages of the tabs printing are answered in between), and drawn in documents of
 * {@link sheetGroups}; never rejects (a view that fails is in `failed`).
 */
async function buildBatch(run: Run, from: number, to: number): Promise<SheetsBatch> {
  const failed = new Map<number, Error>();
  const built: Array<{ index: number; key: string; view: SheetView }> = [];
  for (let k = from; k < to; k += 1) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const view = await run.book.entries[k]!.view();
      built.push({ index: k, key: sheetsDocumentKey(view), view });
    } catch (error) {
      failed.set(k, asError(error));
    }
  }
  // the views are let go once their HTML is made
  const documents: SheetsDocument[] = [];
  for (const group of sheetGroups(built)) {
    const views = group.map((g) => g.view);
    try {
      documents.push({ html: renderSheetsHtml(views, { templatesDir: run.dir, unnumbered: true }), files: [...new Set(views.flatMap(photoFiles))], sheets: group.map((g) => g.index) });
    } catch (error) {
      // (a template that cannot be drawn) its sheets fail with the reason: the merge waits for every sheet
      for (const g of group) failed.set(g.index, asError(error));
    }
  }
  return { documents, failed };
}

/**
 * The booklet's sheets cut in runs of consecutive sheets ({@link documentSizes}), each run's documents
 * built in the booklet's order, at most `depth` runs ahead of those taken: a tab whose print ends finds
 * its next documents ready.
 */
class SheetBatches {
  private readonly made: Array<Promise<SheetsBatch> | undefined> = [];
  private chain: Promise<unknown> = Promise.resolve();
  private asked = 0;
  /** The first sheet of each run, and the end of the last. */
  private readonly starts: number[];

  constructor(
    private readonly run: Run,
    sizes: readonly number[],
    private readonly depth: number,
  ) {
    this.starts = [0];
    for (const size of sizes) this.starts.push(this.starts.at(-1)! + size);
  }

  /** The number of runs. */
  get count(): number {
    return this.starts.length - 1;
  }

  /** The sheets of run `b`: [first, end). */
  range(b: number): [number, number] {
    return [this.starts[b]!, this.starts[b + 1]!];
  }

  /** Run `b`'s documents (built now if not yet), and the next runs' started in the background. */
  take(b: number): Promise<SheetsBatch> {
    for (let j = this.asked; j <= Math.min(b + this.depth, this.count - 1); j += 1) this.start(j);
    const made = this.made[b]!;
    this.made[b] = undefined;
    return made;
  }

  private start(b: number): void {
    this.asked = b + 1;
    const made = this.chain.then(() => buildBatch(this.run, ...this.range(b)));
    this.chain = made;
    this.made[b] = made;
  }
}

/**
 * Prints a document of sheets (tagged, with its outline) to a temporary file; when a document of
 * several sheets cannot be printed, each of its sheets is printed alone (their views built again), so
 * that only the sheet at fault is left out.
 * @param settle called once for each of its sheets, with the part that holds it or its error
 */
async function printPart(run: Run, document: SheetsDocument, settle: (k: number, printed: Printed) => void): Promise<void> {
  const first = document.sheets[0]!;
  const name = run.book.entries[first]!.id;
  let bytes: Uint8Array;
  try {
    bytes = await printDocument(run, document.html, name, { outline: true, tagged: true }, document.files);
  } catch (error) {
    if (document.sheets.length === 1 || isInterrupted()) {
      for (const k of document.sheets) settle(k, { error: asError(error) });
      return;
    }
    for (const k of document.sheets) {
      const alone = await buildBatch(run, k, k + 1);
      for (const [j, why] of alone.failed) settle(j, { error: why });
      for (const d of alone.documents) await printPart(run, d, settle);
    }
    return;
  }
  // written while the tab loads its next document
  const part: PrintedPart = { file: join(run.work, `${String(first).padStart(5, '0')}.pdf`), sheets: document.sheets };
  run.writing.push(writeFile(part.file, bytes).then(
    () => document.sheets.forEach((k) => settle(k, { part })),
    (error: unknown) => document.sheets.forEach((k) => settle(k, { error: asError(error) })),
  ));
}

/**
 * Prints every sheet once, unnumbered, tagged, with its outline, several to a document
 * ({@link documentSizes}: fonts and styles loaded once for them all), `concurrency` tabs at a time,
 * each document to a temporary file (memory holds the documents being printed, not the whole book);
 * the next documents' HTML is built while the tabs print (`SheetBatches`).
 * @returns one promise per sheet, in the booklet's order, settled when it is printed (never rejected)
 */
function printSheets(run: Run): Array<Promise<Printed>> {
  const entries = run.book.entries;
  const resolvers: Array<(p: Printed) => void> = [];
  const printed = entries.map(() => new Promise<Printed>((resolve) => resolvers.push(resolve)));
  const settled = new Set<number>();
  const tabs = Math.max(1, Math.min(run.options.concurrency ?? printTabs(), entries.length));
  const batches = new SheetBatches(run, documentSizes(entries.length, tabs), tabs);
  let next = 0;
  const settle = (k: number, result: Printed) => {
    if (settled.has(k)) return;
    settled.add(k);
    resolvers[k]!(result);
    if ('part' in result || !isInterrupted()) run.options.onSheet?.(settled.size, entries.length);
  };
  const worker = async () => {
    // interrupted (Ctrl+C): no new document is started, the browser and the temporary files are going
    while (next < batches.count && !isInterrupted()) {
      const batch = await batches.take(next++);
      for (const [k, error] of batch.failed) settle(k, { error });
      for (const document of batch.documents) {
        if (isInterrupted()) break;
        await printPart(run, document, settle);
      }
    }
  };
  // every tab but one: the last prints the front and back matter meanwhile (and Chromium's memory holds
  // one document of sheets fewer: 200 sheets, six a document, peaked at 1,153 MB with a third tab of
  // sheets, 1,033 MB without; as fast, the two cores busy either way)
  void Promise.all(Array.from({ length: Math.max(1, Math.min(tabs - 1, batches.count)) }, worker)).then(async () => {
    await Promise.all(run.writing);
    // the sheets never started (interrupted) end the merge too
    for (let k = 0; k < entries.length; k += 1) if (!settled.has(k)) settle(k, { error: new Error('interrupted') });
  });
  return printed;
}

/** The sheets merged into the booklet: start page (1-based) and page count of each, by id, their bookmarks, and the sheets that failed. */
interface MergedSheets {
  starts: Map<string, number>;
  counts: Map<string, number>;
  outline: OutlineItem[];
  failed: Map<string, Error>;
}

/**
 * Where each sheet of a printed document starts (0-based pages) and its sections, from Chromium's
 * outline: one top-level item per sheet (its title, the only `<h1>` of a sheet), the sections beneath.
 * @throws Error when the outline does not hold one item per sheet, in page order (a template that lost its title)
 */
function partSheets(doc: PDFDocument, sheets: number): Array<{ start: number; end: number; sections: OutlineItem[] }> {
  const items = readOutline(doc);
  const ordered = items.every((item, i) => (i === 0 ? item.page === 0 : item.page > items[i - 1]!.page));
  if (items.length !== sheets || !ordered) throw new Error(`internal: a printed document of ${sheets} sheets has ${items.length} titles in its outline`);
  return items.map((item, i) => ({ start: item.page, end: items[i + 1]?.page ?? doc.getPageCount(), sections: item.children }));
}

/**
 * Appends each document of sheets to `merger` as soon as it and every sheet before it are printed,
 * each sheet on a right-hand page (a blank verso before it when needed), and stamps its pages'
 * numbers: the booklet's pages, counted from the `front` pages that will go before them. After a sheet
 * that failed, the others are only waited for (the booklet is made again without the failed ones).
 */
async function mergeSheets(run: Run, printed: Array<Promise<Printed>>, front: number, merger: TaggedMerger, numbers: PageNumbers, stream: StreamedPdf): Promise<MergedSheets> {
  const merged: MergedSheets = { starts: new Map(), counts: new Map(), outline: [], failed: new Map() };
  for (const [k, entry] of run.book.entries.entries()) {
    const result = await printed[k]!;
    if (isInterrupted()) break;
    if ('error' in result) merged.failed.set(entry.id, result.error);
    // merged with the first sheet of its document
    if (merged.failed.size > 0 || 'error' in result || result.part.sheets[0] !== k) continue;
    const src = await loadPdf(await readFile(result.part.file));
    await rm(result.part.file, { force: true });
    const sheets = partSheets(src, result.part.sheets.length);
    const at = new Map<number, number>();
    merger.append(src, { articles: true, beforePage: (i) => {
      if (!sheets.some((s) => s.start === i)) return;
      // the next page would be a left-hand (even) one: a blank verso first
      if ((front + merger.pageCount) % 2 === 1) merger.addBlank();
      at.set(i, merger.pageCount);
    } });
    for (const [j, sheet] of sheets.entries()) {
      const { id, title } = run.book.entries[result.part.sheets[j]!]!;
      const first = at.get(sheet.start)!;
      for (let i = 0; i < sheet.end - sheet.start; i += 1) numbers.stamp(merger.out.getPage(first + i), front + first + i + 1);
      merged.starts.set(id, front + first + 1);
      merged.counts.set(id, sheet.end - sheet.start);
      merged.outline.push({ title: `${id} — ${title}`, page: front + first, children: shift(sheet.sections, front + first - sheet.start) });
    }
    // the sheets are merged and numbered: their objects go to the file
    await stream.flush((ref, object) => held(merger, ref, object));
  }
  return merged;
}

/**
 * Prints the booklet, every sheet once. Sheets that fail to print are left out (in `failed`) and the
 * numbering closes up around them.
 * @throws UserError when the browser cannot be found or started, or the front matter or indexes
 *   cannot be printed
 */
export async function renderBookletPdf(book: BookletView, target: BookletPdfTarget, options: BookletPdfOptions = {}): Promise<BookletPdfResult> {
  const own = !options.renderer;
  const renderer = options.renderer ?? new PdfRenderer({ env: options.env, browserPath: options.browserPath, timeoutMs: 120_000 });
  const work = await mkdtemp(join(tmpdir(), 'capi-booklet-'));
  // its pages wait in a temporary folder: removed when capi is interrupted (Ctrl+C, SIGTERM) too
  const releaseWork = onInterrupt(() => rm(work, { recursive: true, force: true, maxRetries: 3 }));
  if (own) await renderer.open();
  try {
    const dir = resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
    const ready = options.ready ?? Promise.resolve();
    // a browser that cannot start: the reason, once, from the first document (the others wait on it too)
    ready.catch(() => undefined);
    const run: Run = { book, renderer, dir, tpl: templates(dir), work, options, file: target.file, ready, writing: [] };
    const made = await printBooklet(run);
    if (made.failed.size === 0) return made;
    // the contents and the indexes were laid out with the failed sheets in: start again without them
    // (rare: a sheet that cannot be printed; its photos were already checked when its view was built)
    const again = await renderBookletPdf(withoutSheets(book, new Set(made.failed.keys())), target, { ...options, renderer });
    for (const [id, error] of made.failed) again.failed.set(id, error);
    return again;
  } finally {
    if (own) await renderer.close();
    await rm(work, { recursive: true, force: true });
    releaseWork();
  }
}

/** The CSS, fonts and design tokens of the booklet's printed pages, for the document of digits. */
function pageCss(tpl: Templates): string {
  return `${fontFaceCss()}\n${tpl.printCss}\n${tpl.marginCss}`;
}

/**
 * One booklet print: the sheets (once each, in several tabs) while the front and back matter are laid
 * out with placeholder numbers and the digits of the page numbers are printed; the sheets merged as they
 * come, numbered; then the back and front matter printed with the real pages, merged around them, the
 * links resolved, the outline and metadata written. With `failed` not empty, the rest is not built.
 */
async function printBooklet(run: Run): Promise<BookletPdfResult> {
  const { book } = run;
  const placeholder = '0'.repeat(String(Math.max(999, book.entries.length * 40)).length);
  const printed = printSheets(run);
  const frontProbe = probeFront(run, placeholder);
  const backProbe = probeBack(run, placeholder);
  const digits = printDocument(run, digitsHtml(pageCss(run.tpl)), 'chiffres', { background: false });
  // settled now, so that a failure while the sheets are merged leaves no unhandled rejection
  for (const p of [frontProbe, backProbe, digits]) p.catch(() => undefined);

  const front = await frontProbe;
  const out = await PDFDocument.create({ updateMetadata: false });
  const stream = await StreamedPdf.open(run.file, out.context);
  try {
    const merger = new TaggedMerger(out, book.lang);
    const numbers = await PageNumbers.embed(out, await digits);
    const sheets = await mergeSheets(run, printed, front.count, merger, numbers, stream);
    if (sheets.failed.size > 0) return { size: 0, pages: 0, starts: new Map(), counts: new Map(), frontPages: 0, backPages: { communes: 0, osim: 0, backCover: 0 }, failed: sheets.failed };
    const { backPages } = await mergeMatter(run, { front, backProbe, merger, sheets });
    const size = await stream.finish();
    return { size, pages: out.getPageCount(), starts: sheets.starts, counts: sheets.counts, frontPages: front.count, backPages, failed: sheets.failed };
  } finally {
    // nothing written under the booklet's name unless it is whole
    await stream.abort();
  }
}

/**
 * Objects of the booklet that stay in memory when the merged sheets are written out: those changed
 * until the end (the page tree, the pages — their numbers, links and bookmarks point to them — the
 * catalog, the document information, the links the merger has yet to resolve).
 */
function held(merger: TaggedMerger, ref: PDFRef, object: PDFObject): boolean {
  return object instanceof PDFPageLeaf || object instanceof PDFPageTree || object instanceof PDFCatalog || ref === merger.out.context.trailerInfo.Info || merger.holds(ref);
}

/**
 * After the sheets: the back and front matter printed with the real pages and merged around them, the
 * links resolved, the outline and the metadata written.
 */
async function mergeMatter(
  run: Run,
  at: { front: FrontLayout; backProbe: Promise<{ layout: BackLayout }>; merger: TaggedMerger; sheets: MergedSheets },
): Promise<{ backPages: BookletPdfResult['backPages'] }> {
  const { book } = run;
  const { front, merger, sheets } = at;
  const out = merger.out;
  const backStart = rightHandPage(front.count + merger.pageCount + 1);
  while (front.count + merger.pageCount + 1 < backStart) merger.addBlank();
  const { doc: backDoc, pages: backPages } = await printBackAndFront(run, { front, back: (await at.backProbe).layout, backStart, starts: sheets.starts, merger });
  // the browser's work is done: its tabs' memory is given back before the booklet is written
  await run.renderer.closeIdleTabs();

  const outline: OutlineItem[] = [];
  if (book.config.introduction.length > 0) outline.push({ title: book.labels.introduction, page: 2, children: [] });
  outline.push({ title: book.labels.contents, page: front.contentsAt, children: [] }, ...sheets.outline);
  const anchors = new Map(book.entries.map((e) => [e.anchor, sheets.starts.get(e.id)! - 1]));
  merger.append(backDoc);
  if (backPages.glossary !== undefined) {
    outline.push({ title: book.labels.glossary, page: backPages.glossary - 1, children: [] });
    anchors.set('glossaire', backPages.glossary - 1);
  }
  outline.push({ title: book.labels.communeIndex, page: backPages.communes - 1, children: [] });
  outline.push({ title: book.labels.osimIndex, page: backPages.osim - 1, children: [] });
  anchors.set('index-communes', backPages.communes - 1);
  anchors.set('index-osim', backPages.osim - 1);
  merger.resolveLinks((name) => anchors.get(name));
  merger.finish();
  writeOutline(out, outline);
  writeMetadata(out, book);
  return { backPages };
}

/**
 * Prints the back matter from page `backStart` and the front matter, at the same time, with the sheets'
 * real pages (the back matter's own pages from its layout with placeholders); when the real numbers
 * moved the indexes (rare: shorter numbers, fewer lines), the back matter is laid out again and the
 * front matter printed with its pages. The front matter goes before the sheets in `merger`.
 * @returns the back matter's document and the first page (1-based) of each of its parts
 */
async function printBackAndFront(
  run: Run,
  at: { front: FrontLayout; back: BackLayout; backStart: number; starts: Map<string, number>; merger: TaggedMerger },
): Promise<{ doc: PDFDocument; pages: BookletPdfResult['backPages'] }> {
  const { book } = run;
  const pageOf = (id: string) => String(at.starts.get(id) ?? '');
  const pagesOf = (layout: BackLayout): BookletPdfResult['backPages'] => ({
    ...(book.glossary.length ? { glossary: at.backStart } : {}),
    communes: at.backStart + layout.communes,
    osim: at.backStart + layout.osim,
    backCover: at.backStart + layout.count - 1,
  });
  const printFront = (pages: BookletPdfResult['backPages']) => {
    const back = { glossary: String(pages.glossary ?? ''), communes: String(pages.communes), osim: String(pages.osim) };
    return printDocument(run, bookletFrontHtml(book, pageOf, back, at.front.blankBeforeContents, run.tpl), 'front', { css: offsetCss(1), tagged: true });
  };
  const settings = { css: offsetCss(at.backStart), outline: true, tagged: true };
  const [backBytes, frontBytes] = await Promise.all([
    printDocument(run, bookletBackHtml(book, pageOf, at.back.blanks, run.tpl), 'back', settings, backFiles(book)),
    printFront(pagesOf(at.back)),
  ]);
  let doc = await loadPdf(backBytes);
  let front = await loadPdf(frontBytes);
  let layout = backLayout(book, doc, at.back.blanks);
  if (!sameLayout(layout, at.back)) {
    ({ doc, layout } = await printBack(run, pageOf, settings));
    front = await loadPdf(await printFront(pagesOf(layout)));
  }
  if (front.getPageCount() !== at.front.count) {
    throw new Error(`internal: front matter has ${front.getPageCount()} pages, counted ${at.front.count}`);
  }
  at.merger.append(front, { atStart: true });
  return { doc, pages: pagesOf(layout) };
}

/** The booklet's document information: title, organisation, subject, keywords, language, dates. */
function writeMetadata(out: PDFDocument, book: BookletView): void {
  out.setTitle(book.config.title, { showInWindowTitleBar: true });
  out.setAuthor(book.config.organisation);
  out.setSubject(book.config.subtitle ?? book.labels.count);
  out.setKeywords([book.labels.count, ...new Set(book.entries.map((e) => e.province))]);
  out.setCreator('capi');
  out.setProducer('capi (Chromium, pdf-lib)');
  out.setLanguage(book.lang);
  out.setCreationDate(new Date());
  out.setModificationDate(new Date());
}
