/**
 * PDF renderer: prints the HTML of `./html.js` with one headless Chrome/Chromium per run.
 *
 * Each sheet gets its own page with JavaScript disabled and every request intercepted: only the
 * sheet's own HTML file, the templates, the @fontsource font files and the sheet's photos may load
 * (all `file://`); anything else (http, https, other files) is aborted. The PDF is A4, tagged, with
 * bookmarks from the headings, a page header (title, commune and province with Arabic names) and a
 * footer (« Page X / Y », sheet id), and it is written atomically (temporary file, then rename).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { writeAtomic } from '../util/atomic-write.js';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { t } from '../i18n/index.js';
import { fsReason, UserError } from '../util/errors.js';
import { isInterrupted, onInterrupt } from '../util/cleanup.js';
import type { Block, SectionView, SheetView } from '../view/model.js';
import { findBrowser, launchBrowser, printTabs, type LaunchedBrowser } from './browser.js';
// light (node: modules only); the HTML renderer (handlebars, font metrics) and pdf-lib are loaded when
// the first sheet is drawn, once the browser has started (`import()` below): the browser's launch
// does not wait for them (~0.13 s earlier, measured 2026-12-02)
import { DEFAULT_TEMPLATES_DIR, MARGIN_FONTS, fontDirs } from './assets.js';

/** Options of the PDF renderer. */
export interface PdfOptions {
  /** Templates folder (default: the package's `templates/`). */
  templatesDir?: string;
  /** Browser executable; found with `findBrowser(env)` when absent. */
  browserPath?: string;
  /** Environment used to find the browser (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Timeout in milliseconds for launching the browser and for loading/printing one sheet (default 60 000). */
  timeoutMs?: number;
  /** Environment of the browser process (default: capi's own), e.g. a FONTCONFIG_FILE for tests. */
  browserEnv?: NodeJS.ProcessEnv;
  /** Producer/creator name written in the PDF metadata (default `capi`). */
  creator?: string;
  /** false: Ctrl+C is left to the caller, who closes the renderer (watch mode); see `launchBrowser`. */
  handleSignals?: boolean;
}


/** Absolute paths of the photos a sheet shows (the only files besides templates and fonts it may load). */
export function photoFiles(view: SheetView): string[] {
  // the organisation's logo on the first page is loaded like a photo
  const files: string[] = view.logo ? [resolve(view.logo)] : [];
  const walk = (sections: SectionView[]) => {
    for (const section of sections) {
      for (const block of section.blocks as Block[]) {
        if (block.type === 'photo') files.push(resolve(block.file));
      }
      walk(section.children);
    }
  };
  walk(view.sections);
  return files;
}

/** True when `path` is `root` or inside it. */
function isInside(path: string, root: string): boolean {
  const r = resolve(root);
  return path === r || path.startsWith(r.endsWith(sep) ? r : r + sep);
}

/**
 * Decides whether the page of a sheet may load `url`: `data:` URLs, and `file://` URLs of `files`
 * or inside `dirs`. Everything else (http, https, ftp, other files) is refused.
 */
export function isAllowedUrl(url: string, files: string[], dirs: string[]): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('file:')) return false;
  let path: string;
  try {
    path = resolve(fileURLToPath(url));
  } catch {
    return false;
  }
  return files.includes(path) || dirs.some((d) => isInside(path, d));
}

/**
 * How `PdfRenderer.openHtml` prints a document: `css` added first (e.g. `html { counter-reset: page 36 }`),
 * with bookmarks from the headings (`outline`), tagged (`tagged`: the logical structure, as the single
 * sheets have it) or not (faster), with backgrounds (`background`, default true) or without.
 */
export interface PrintOptions {
  css?: string;
  outline?: boolean;
  tagged?: boolean;
  background?: boolean;
}

/** A browser tab that prints documents, and the files (absolute paths) its current document may load. */
interface Tab {
  page: Page;
  allowed: string[];
  /** Removes this renderer's listeners from the page (its request filter, its close handler). */
  detach: () => void;
}

/** A tab set up for printing (JavaScript off, requests intercepted) that a renderer gave back to a lender. */
export interface KeptTab {
  page: Page;
  /** Removes the listeners of the renderer that set it up; its request filter works until then (templates and fonts only). */
  release(): void;
}

/**
 * Tabs a lender keeps from one renderer to the next on its lent browser: a renderer takes one before
 * opening a tab and gives back the tabs it ends with that printed well (a tab's renderer process, fonts
 * and styles warm: a new tab and its first print cost ~0.6 s of CPU more than one more print in a kept
 * tab, measured 2026-12-02). Tests only (test/helpers/shared-browser.ts).
 */
export interface TabKeeper {
  take(): KeptTab | undefined;
  keep(tab: KeptTab): void;
}

/** A browser lent to the renderers (`lendBrowsers`), and the keeper of its tabs, if it keeps them. */
export type LentBrowser = LaunchedBrowser & { tabs?: TabKeeper };

/**
 * Lends a running browser to the renderers of this process instead of each launching its own (tests:
 * the in-process tests of a vitest worker share one, see test/helpers/shared-browser.ts). Asked with
 * the executable a renderer would launch and its `browserEnv`; returns the browser to use, or
 * undefined to launch one as usual. A borrowed browser is never closed by the renderer: `close()`
 * closes the tabs it opened.
 */
export type BrowserLender = (executablePath: string, browserEnv: NodeJS.ProcessEnv | undefined) => Promise<LentBrowser | undefined>;

let lender: BrowserLender | undefined;

/** Sets (or, with undefined, removes) the lender every `PdfRenderer.open()` of this process asks first. */
export function lendBrowsers(lend: BrowserLender | undefined): void {
  lender = lend;
}

/** Renders sheets to PDF with one browser: `open()`, then `render()` for each sheet, then `close()`. */
export class PdfRenderer {
  private releaseInterrupt: (() => void) | undefined;
  private launched: LentBrowser | undefined;
  /** The browser is lent (`lendBrowsers`): its tabs are ours to close, not the browser. */
  private borrowed = false;
  /** Every tab opened and not closed yet (a borrowed browser's tabs are closed one by one). */
  private readonly tabs = new Set<Page>();
  private workDir: string | undefined;
  private readonly templatesDir: string;
  private readonly timeoutMs: number;
  private readonly allowedDirs: string[];
  /** Tabs free for the next document (see `takeTab`). */
  private readonly idleTabs: Tab[] = [];
  /** Tabs open (printing or free). */
  private openTabs = 0;
  /** The blank tab the browser starts with, used as the first printing tab (its renderer is not idle for nothing). */
  private startTabs: Page[] = [];

  constructor(private readonly opts: PdfOptions = {}) {
    this.templatesDir = resolve(opts.templatesDir ?? DEFAULT_TEMPLATES_DIR);
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.allowedDirs = [this.templatesDir, ...fontDirs()];
  }

  /**
   * Finds and launches the browser (once per run) and makes a temporary work folder.
   * @throws UserError when no browser is found or it does not start.
   */
  async open(): Promise<void> {
    if (this.launched) return;
    const path = this.opts.browserPath ?? (await findBrowser(this.opts.env ?? process.env));
    this.workDir = await mkdtemp(join(tmpdir(), 'capi-pdf-'));
    try {
      const lent = await lender?.(path, this.opts.browserEnv);
      this.borrowed = lent !== undefined;
      // capi handles Ctrl+C itself (src/util/cleanup.ts): it closes this browser and removes its files
      this.launched = lent ?? (await launchBrowser(path, { timeoutMs: this.timeoutMs, env: this.opts.browserEnv, handleSignals: this.opts.handleSignals ?? false }));
      // a browser of our own: its start tab prints the first document (a lent browser's tabs are not ours)
      if (!this.borrowed) this.startTabs = (await this.launched.browser.pages().catch(() => [])).filter((page) => page.url() === 'about:blank');
      this.releaseInterrupt = onInterrupt(() => this.close());
    } catch (err) {
      await rm(this.workDir, { recursive: true, force: true });
      this.workDir = undefined;
      throw err;
    }
  }

  /**
   * A tab set up for printing sheets safely: JavaScript off, every request refused but the tab's
   * `allowed` files and the templates' and fonts' folders. A tab is reused from a document printed
   * before when one is free (its renderer process, fonts and styles already warm), else one the lender
   * kept (`TabKeeper`), else the browser's start tab is taken, else one is opened.
   */
  private async takeTab(allowed: string[]): Promise<Tab> {
    const idle = this.idleTabs.pop();
    if (idle) {
      idle.allowed = allowed;
      return idle;
    }
    const kept = this.launched!.tabs?.take();
    kept?.release();
    const page = kept?.page ?? this.startTabs.pop() ?? (await this.launched!.browser.newPage());
    this.openTabs += 1;
    this.tabs.add(page);
    const onClose = () => this.tabs.delete(page);
    // `on`, not `once` (which wraps the handler: `off` could not find it)
    page.on('close', onClose);
    const onRequest = (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      if (isAllowedUrl(request.url(), tab.allowed, this.allowedDirs)) void request.continue();
      else void request.abort('blockedbyclient');
    };
    const tab: Tab = { page, allowed, detach: () => void page.off('request', onRequest).off('close', onClose) };
    try {
      page.setDefaultTimeout(this.timeoutMs);
      // a kept tab is set up already (and intercepts: the filter goes on at once)
      if (!kept) {
        await page.setJavaScriptEnabled(false);
        await page.setRequestInterception(true);
      }
    } catch (err) {
      this.openTabs -= 1;
      await page.close().catch(() => undefined);
      throw err;
    }
    page.on('request', onRequest);
    return tab;
  }

  /**
   * Gives a tab back for the next document; closes it when its document failed (its state unknown) or
   * when more tabs are open than `printTabs()` (a renderer process and its last document each: the
   * booklet's short documents open a few more at its start).
   */
  private async releaseTab(tab: Tab, reusable: boolean): Promise<void> {
    tab.allowed = [];
    if (reusable && this.launched && !tab.page.isClosed() && this.openTabs <= printTabs()) {
      this.idleTabs.push(tab);
      return;
    }
    this.openTabs -= 1;
    await tab.page.close().catch(() => undefined);
  }

  /**
   * Closes the tabs no document is using (each holds a renderer process and its last document: a
   * hundred megabytes for a sheet with photos), e.g. before a long step that needs no browser.
   */
  async closeIdleTabs(): Promise<void> {
    const idle = this.idleTabs.splice(0);
    this.openTabs -= idle.length;
    await Promise.all(idle.map((tab) => tab.page.close().catch(() => undefined)));
  }

  /**
   * Loads an HTML file in `tab`, then waits for the fonts (they load lazily, when text needs them;
   * the running header and footer use the document's fonts too).
   * (`page.evaluate` works with JavaScript disabled: that only disables the page's own scripts.)
   */
  private async load(tab: Tab, htmlFile: string): Promise<void> {
    await tab.page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load', timeout: this.timeoutMs });
    await tab.page.evaluate(async (fonts: string[]) => {
      await Promise.all(fonts.map((f) => document.fonts.load(f, 'aⵜت').catch(() => [])));
      await document.fonts.ready;
    }, MARGIN_FONTS);
  }

  /**
   * Prints one sheet to `outFile` (A4 PDF; the folder must exist). The file is written to a
   * temporary name in the same folder, then renamed, so a failed run never leaves half a PDF.
   * Several `render()` calls may run at the same time (one tab each).
   *
   * @throws UserError with `t('pdf.failed')` when loading or printing fails; Error if `open()` was not called.
   */
  async render(view: SheetView, outFile: string): Promise<void> {
    if (!this.launched || !this.workDir) throw new Error('PdfRenderer.render() called before open()');
    const { renderHtml } = await import('./html.js');
    const html = renderHtml(view, { templatesDir: this.templatesDir });
    const htmlFile = join(this.workDir, `${safeName(view.id)}-${randomBytes(4).toString('hex')}.html`);
    await writeFile(htmlFile, html, 'utf8');
    const allowedFiles = [resolve(htmlFile), ...photoFiles(view)];
    const target = resolve(outFile);

    let tab: Tab | undefined;
    let ok = false;
    try {
      tab = await this.takeTab(allowedFiles);
      await this.load(tab, htmlFile);
      const pdf = await tab.page.pdf({
        // page size, margins, running header and footer: the document's @page rules (page-margins.css)
        preferCSSPageSize: true,
        printBackground: true,
        displayHeaderFooter: false,
        outline: true,
        tagged: true,
        waitForFonts: true,
        timeout: this.timeoutMs,
      });
      ok = true;
      const bytes = await withMetadata(pdf, view, this.opts.creator ?? 'capi');
      await writeAtomic(target, bytes);
    } catch (err) {
      if (err instanceof UserError) throw err;
      const reason = fsReason(err, (k) => t(k));
      throw new UserError(t('pdf.failed', { file: outFile, reason }), 2);
    } finally {
      if (tab) await this.releaseTab(tab, ok);
      await unlink(htmlFile).catch(() => undefined);
    }
  }

  /**
   * Loads a complete HTML document in a tab (a free one reused, else a new one), with the same rules as
   * `render()` (JavaScript off, only the document, the templates, the fonts and `files` may load; fonts
   * ready before printing), and returns a handle to print it (see {@link PrintOptions}) — then `close()`
   * it, which frees the tab for the next document. Used by the booklet (`./booklet-pdf.js`).
   *
   * @param html the document (UTF-8); `files` absolute paths of the images it shows
   * @throws the browser's Error when the document cannot be loaded (the tab is closed)
   */
  async openHtml(
    html: string,
    files: string[] = [],
    name = 'document',
  ): Promise<{ print(options?: PrintOptions): Promise<Uint8Array>; close(): Promise<void> }> {
    if (!this.launched || !this.workDir) throw new Error('PdfRenderer.openHtml() called before open()');
    const htmlFile = join(this.workDir, `${safeName(name)}-${randomBytes(4).toString('hex')}.html`);
    await writeFile(htmlFile, html, 'utf8');
    const allowedFiles = [resolve(htmlFile), ...files.map((f) => resolve(f))];
    let tab: Tab;
    try {
      tab = await this.takeTab(allowedFiles);
    } catch (err) {
      await unlink(htmlFile).catch(() => undefined);
      throw err;
    }
    const page = tab.page;
    let ok = true;
    const close = async () => {
      await this.releaseTab(tab, ok);
      await unlink(htmlFile).catch(() => undefined);
    };
    try {
      await this.load(tab, htmlFile);
    } catch (err) {
      ok = false;
      await close();
      throw err;
    }
    const print = async (options: PrintOptions = {}) => {
      try {
        if (options.css) {
          await page.evaluate((css: string) => {
            const style = document.createElement('style');
            style.textContent = css;
            document.head.appendChild(style);
          }, options.css);
        }
        return await page.pdf({
          preferCSSPageSize: true,
          printBackground: options.background ?? true,
          displayHeaderFooter: false,
          outline: options.outline ?? false,
          tagged: options.tagged ?? false,
          waitForFonts: true,
          timeout: this.timeoutMs,
        });
      } catch (err) {
        ok = false; // the tab is closed, not reused
        throw err;
      }
    };
    return { print, close };
  }

  /**
   * Renders several sheets with at most `concurrency` tabs at a time (default `printTabs()`: one per core, plus one).
   * Returns the error of each failed sheet (`undefined` when it succeeded), in the order of `jobs`.
   * `events` (progress) hears when each job starts and ends (`error` set when it failed).
   */
  async renderAll(
    jobs: Array<{ view: SheetView; outFile: string }>,
    concurrency = printTabs(),
    events: { start?(index: number): void; done?(index: number, error?: Error): void } = {},
  ): Promise<Array<Error | undefined>> {
    const results: Array<Error | undefined> = new Array(jobs.length).fill(undefined);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !isInterrupted()) {
        const i = next;
        next += 1;
        const job = jobs[i]!;
        events.start?.(i);
        try {
          await this.render(job.view, job.outFile);
        } catch (err) {
          results[i] = err instanceof Error ? err : new Error(String(err));
        }
        events.done?.(i, results[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
    return results;
  }

  /**
   * Closes the browser and removes the temporary folders; safe to call twice or without `open()`. A
   * lent browser stays open: its tabs are closed, or given back to its keeper when they are free (a
   * tab still printing, after an interrupt, is closed).
   */
  async close(): Promise<void> {
    this.releaseInterrupt?.();
    this.releaseInterrupt = undefined;
    const launched = this.launched;
    this.launched = undefined;
    const idle = this.idleTabs.splice(0);
    this.startTabs = [];
    this.openTabs = 0;
    const tabs = [...this.tabs];
    this.tabs.clear();
    if (this.borrowed) {
      const keeper = launched?.tabs;
      const free = new Map(idle.map((tab) => [tab.page, tab]));
      await Promise.all(
        tabs.map((page) => {
          const tab = free.get(page);
          if (!keeper || !tab || page.isClosed()) return page.close().catch(() => undefined);
          keeper.keep({ page, release: tab.detach });
          return undefined;
        }),
      );
    } else await launched?.close();
    this.borrowed = false;
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true }).catch(() => undefined);
    this.workDir = undefined;
  }
}

/** A file-name-safe form of a sheet id. */
function safeName(id: string): string {
  return id.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'fiche';
}

/**
 * Adds the document information Chromium does not write: Author (the sheet's authors), Subject
 * (kind of sheet and subtitle), Keywords (id, place), Creator; the Title is the sheet's, the language
 * Chromium's (from `<html lang>`). Appended as an incremental update (`./pdf-info.js`: nothing parsed
 * nor rewritten); a file Chromium wrote otherwise goes through pdf-lib (parsed and saved).
 */
async function withMetadata(pdf: Uint8Array, view: SheetView, creator: string): Promise<Uint8Array> {
  const keywords = [view.id, view.kindLabel, view.place?.commune, view.place?.province].filter(
    (k): k is string => typeof k === 'string' && k !== '',
  );
  const info = {
    title: view.title,
    author: view.authors.length > 0 ? view.authors.join(', ') : undefined,
    subject: view.subtitle ? `${view.kindLabel} — ${view.subtitle}` : view.kindLabel,
    keywords,
    creator,
  };
  const { appendInfo } = await import('./pdf-info.js');
  const appended = appendInfo(pdf, info, view.lang);
  if (appended) return appended;
  const { PDFDocument, ParseSpeeds } = await import('pdf-lib');
  // parse and write in one go (pdf-lib yields to the event loop every 50 objects by default: 3× slower)
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.author) doc.setAuthor(info.author);
  doc.setSubject(info.subject);
  doc.setKeywords(keywords);
  doc.setCreator(creator);
  doc.setLanguage(view.lang);
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
