/**
 * The booklet as one PDF (`capi booklet`), laid out for print: the cover, its blank verso, the
 * introduction and the contents each on a right-hand page, every sheet starting on a right-hand (odd)
 * page (a blank verso inserted when the sheet before ends on one), then the glossary (`glossaire.yaml`),
 * the indexes and the back cover, on the last (even) page. Page numbers run through the whole book (blank
 * versos count, and print nothing); the contents and the indexes are real links to the pages.
 *
 * How (one browser, several tabs, no sheet printed from scratch twice):
 * 1. the front matter is printed once with placeholder numbers to count its pages `F` (its contents have a
 *    fixed-width page column, so the numbers do not change its length) and to see whether the contents
 *    start on a left-hand page (then a blank verso goes before them);
 * 2. each sheet is loaded in a tab and printed once to count its pages (each sheet starts a page, so
 *    its length does not depend on where it starts); as soon as every earlier sheet is counted, its
 *    start page is known (the next odd page), and the same tab prints it again, tagged, with
 *    `html { counter-reset: page S-1 }` —
 *    Chromium numbers the pages of a document from that counter (checked: `@page { counter-reset }`
 *    resets on every page, the root element's counter does not) — and the footer shows `counter(page)`;
 * 3. the back matter (glossary, indexes, back cover) is printed with its offset, then again with the blank
 *    versos it needs; the front matter is printed with the real numbers;
 * 4. `TaggedMerger` (./pdf-merge.js) copies every page into one document with its structure tree (the
 *    booklet is tagged like a single sheet), adds the blank versos, turns the `capi:` links of the
 *    contents and indexes into links to the sheets' pages, and the outline is written (one bookmark per
 *    sheet, its sections beneath, from Chromium's outline of the sheet), with the metadata and language.
 * Sheets are kept as temporary files between steps 2 and 4, so memory holds one sheet at a time
 * until the merge.
 */
import { readFileSync } from 'node:fs';
import { onInterrupt } from '../util/cleanup.js';
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
  PDFRef,
  PDFString,
  type PDFContext,
} from 'pdf-lib';
import { withoutSheets, type BookletIndexEntry, type BookletView } from '../view/booklet.js';
import { shortenTitle } from '../view/text.js';
import { DEFAULT_TEMPLATES_DIR, cssString, fontFaceCss, renderHtml, richToHtml, textToHtml } from './html.js';
import { PdfRenderer, photoFiles } from './pdf.js';
import { pathToFileURL } from 'node:url';
import { TaggedMerger } from './pdf-merge.js';

/** Options of {@link renderBookletPdf}. */
export interface BookletPdfOptions {
  browserPath?: string;
  env?: NodeJS.ProcessEnv;
  /** A renderer already opened by the caller (its browser started), used as is and left open. */
  renderer?: PdfRenderer;
  /** Tabs printing at once (default 3). */
  concurrency?: number;
  templatesDir?: string;
  /** Called after each sheet is printed (for progress output). */
  onSheet?: (done: number, total: number) => void;
}

/** What {@link renderBookletPdf} made. */
export interface BookletPdfResult {
  bytes: Uint8Array;
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

interface Templates {
  front: Handlebars.TemplateDelegate;
  back: Handlebars.TemplateDelegate;
  css: string;
  printCss: string;
  marginCss: string;
}

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
    printCss: read('print.css'),
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
export function bookletFrontHtml(book: BookletView, page: (id: string) => string, back: BackPageNumbers, blankBeforeContents: boolean, dir = DEFAULT_TEMPLATES_DIR): string {
  const tpl = templates(resolve(dir));
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
export function bookletBackHtml(book: BookletView, page: (id: string) => string, blanks: BackBlanks, dir = DEFAULT_TEMPLATES_DIR): string {
  const tpl = templates(resolve(dir));
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

/** Number of pages of a PDF. */
async function pageCount(bytes: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.getPageCount();
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

/**
 * Prints the booklet. Sheets that fail to print are left out (in `failed`) and the numbering closes
 * up around them.
 * @throws UserError when the browser cannot be found or started, or the front matter or indexes
 *   cannot be printed
 */
export async function renderBookletPdf(book: BookletView, options: BookletPdfOptions = {}): Promise<BookletPdfResult> {
  const dir = resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const own = !options.renderer;
  const renderer = options.renderer ?? new PdfRenderer({ env: options.env, browserPath: options.browserPath, timeoutMs: 120_000 });
  const work = await mkdtemp(join(tmpdir(), 'capi-booklet-'));
  // its pages wait in a temporary folder: removed when capi is interrupted (Ctrl+C, SIGTERM) too
  const releaseWork = onInterrupt(() => rm(work, { recursive: true, force: true }));
  if (own) await renderer.open();
  try {
    const entries = book.entries;
    const width = String(Math.max(999, entries.length * 40)).length;
    const placeholder = '0'.repeat(width);
    const placeholders = { glossary: placeholder, communes: placeholder, osim: placeholder };
    const backFiles = book.back.logo ? [book.back.logo] : [];
    const print = async (html: string, name: string, settings: { css?: string; outline?: boolean; tagged?: boolean } = {}, files: string[] = []) => {
      const doc = await renderer.openHtml(html, files, name);
      try {
        return await doc.print(settings);
      } finally {
        await doc.close();
      }
    };

    // 1. front matter, counted with placeholder numbers; the contents start on a right-hand page
    const frontProbe = await loadPdf(await print(bookletFrontHtml(book, () => placeholder, placeholders, false, dir), 'front', { outline: true }));
    const contentsAt = headingPage(frontProbe, book.labels.contents) ?? frontProbe.getPageCount() - 1;
    const blankBeforeContents = (contentsAt + 1) % 2 === 0;
    const frontCount = frontProbe.getPageCount() + (blankBeforeContents ? 1 : 0);

    // 2. sheets: count, then print with the offset as soon as every earlier sheet is counted
    const counts: Array<number | undefined> = new Array(entries.length).fill(undefined);
    const counted: Array<{ promise: Promise<void>; resolve: () => void }> = entries.map(() => {
      let done!: () => void;
      const promise = new Promise<void>((r) => (done = r));
      return { promise, resolve: done };
    });
    const files: Array<string | undefined> = new Array(entries.length).fill(undefined);
    const failed = new Map<string, Error>();
    // each sheet starts on the first right-hand page after the one before
    const startOf = (k: number) => counts.slice(0, k).reduce<number>((at, n) => rightHandPage(at + (n ?? 0)), rightHandPage(frontCount + 1));
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < entries.length) {
        const k = next++;
        const entry = entries[k]!;
        let doc: Awaited<ReturnType<PdfRenderer['openHtml']>> | undefined;
        try {
          try {
            doc = await renderer.openHtml(renderHtml(entry.view, { templatesDir: dir }), photoFiles(entry.view), entry.id);
            counts[k] = await pageCount(await doc.print());
          } catch (error) {
            counts[k] = 0;
            throw error;
          } finally {
            counted[k]!.resolve();
          }
          await Promise.all(counted.slice(0, k).map((c) => c.promise));
          const bytes = await doc.print({ css: offsetCss(startOf(k)), outline: true, tagged: true });
          const file = join(work, `${String(k).padStart(5, '0')}.pdf`);
          await writeFile(file, bytes);
          files[k] = file;
        } catch (error) {
          failed.set(entry.id, error instanceof Error ? error : new Error(String(error)));
        } finally {
          await doc?.close();
          done += 1;
          options.onSheet?.(done, entries.length);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 3, entries.length)) }, worker));

    if (failed.size > 0) {
      // the contents and every later sheet were laid out with the failed sheets in: start again without them
      // (rare: a sheet that cannot be printed; its photos were already checked when its view was built)
      if (own) await renderer.close();
      await rm(work, { recursive: true, force: true });
      const again = await renderBookletPdf(withoutSheets(book, new Set(failed.keys())), options);
      for (const [id, error] of failed) again.failed.set(id, error);
      return again;
    }
    const starts = new Map<string, number>();
    const pageCounts = new Map<string, number>();
    entries.forEach((e, k) => {
      if (files[k]) {
        starts.set(e.id, startOf(k));
        pageCounts.set(e.id, counts[k]!);
      }
    });
    const backStart = startOf(entries.length);

    // 3. back matter (glossary, indexes, back cover) with its blank versos, then the front matter
    const pageOf = (id: string) => String(starts.get(id) ?? '');
    const { doc: backDoc, pages: backPages } = await printBack(book, backStart, (blanks) => print(bookletBackHtml(book, pageOf, blanks, dir), 'back', { css: offsetCss(backStart), outline: true, tagged: true }, backFiles));
    const frontBytes = await print(
      bookletFrontHtml(book, pageOf, { glossary: String(backPages.glossary ?? ''), communes: String(backPages.communes), osim: String(backPages.osim) }, blankBeforeContents, dir),
      'front',
      { css: offsetCss(1), tagged: true },
    );
    const frontDoc = await loadPdf(frontBytes);
    if (frontDoc.getPageCount() !== frontCount) {
      throw new Error(`internal: front matter has ${frontDoc.getPageCount()} pages, counted ${frontCount}`);
    }

    // 4. merge, tagged, with the blank versos and the links of the contents and indexes
    const out = await PDFDocument.create({ updateMetadata: false });
    const merger = new TaggedMerger(out, book.lang);
    merger.append(frontDoc);
    const outline: OutlineItem[] = [];
    const hasIntro = book.config.introduction.length > 0;
    if (hasIntro) outline.push({ title: book.labels.introduction, page: 2, children: [] });
    outline.push({ title: book.labels.contents, page: contentsAt + (blankBeforeContents ? 1 : 0), children: [] });
    const anchors = new Map<string, number>();
    for (const [k, entry] of entries.entries()) {
      const file = files[k];
      if (!file) continue;
      while (merger.pageCount + 1 < startOf(k)) merger.addBlank();
      const src = await loadPdf(await readFile(file));
      if (src.getPageCount() !== counts[k]) throw new Error(`internal: ${entry.id} printed ${src.getPageCount()} pages, counted ${counts[k]}`);
      const sections = readOutline(src);
      const at = merger.append(src);
      if (at + 1 !== startOf(k)) throw new Error(`internal: ${entry.id} starts on page ${at + 1}, numbered from ${startOf(k)}`);
      anchors.set(entry.anchor, at);
      // Chromium's outline has the sheet title (h1) on top and the sections beneath
      const children = sections.length === 1 ? sections[0]!.children : sections;
      outline.push({ title: `${entry.id} — ${entry.title}`, page: at, children: shift(children, at) });
      await rm(file, { force: true });
    }
    while (merger.pageCount + 1 < backStart) merger.addBlank();
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
    out.setTitle(book.config.title, { showInWindowTitleBar: true });
    out.setAuthor(book.config.organisation);
    out.setSubject(book.config.subtitle ?? book.labels.count);
    out.setKeywords([book.labels.count, ...new Set(entries.map((e) => e.province))]);
    out.setCreator('capi');
    out.setProducer('capi (Chromium, pdf-lib)');
    out.setLanguage(book.lang);
    out.setCreationDate(new Date());
    out.setModificationDate(new Date());
    const bytes = await out.save({ useObjectStreams: true, objectsPerTick: 2000 });
    return { bytes, pages: out.getPageCount(), starts, counts: pageCounts, frontPages: frontCount, backPages, failed };
  } finally {
    if (own) await renderer.close();
    await rm(work, { recursive: true, force: true });
    releaseWork();
  }
}

/**
 * Prints the back matter starting at page `start` (odd): once to see where its parts fall, and again
 * with blank versos when the index of communes (after the glossary) would start on a left-hand page or
 * the back cover would not be the last, left-hand page.
 * @returns the printed document and the first page (1-based, in the booklet) of each part
 */
async function printBack(
  book: BookletView,
  start: number,
  printWith: (blanks: BackBlanks) => Promise<Uint8Array>,
): Promise<{ doc: PDFDocument; pages: BookletPdfResult['backPages'] }> {
  const where = (doc: PDFDocument) => ({
    communes: start + (headingPage(doc, book.labels.communeIndex) ?? 0),
    osim: start + (headingPage(doc, book.labels.osimIndex) ?? 0),
    backCover: start + doc.getPageCount() - 1,
  });
  let doc = await loadPdf(await printWith({ beforeIndex: false, beforeBack: false }));
  let pages = where(doc);
  const beforeIndex = pages.communes % 2 === 0;
  const beforeBack = (pages.backCover + (beforeIndex ? 1 : 0)) % 2 === 1;
  if (beforeIndex || beforeBack) {
    doc = await loadPdf(await printWith({ beforeIndex, beforeBack }));
    pages = where(doc);
  }
  return { doc, pages: { ...(book.glossary.length ? { glossary: start } : {}), ...pages } };
}
