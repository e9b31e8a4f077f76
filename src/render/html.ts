/**
 * HTML renderer: draws a `SheetView` as a complete HTML document with the handlebars templates of
 * `templates/` and the print stylesheet `templates/print.css`. The same HTML is printed to PDF by
 * `./pdf.js`; the page header and footer that Chromium prints are also built here.
 *
 * Escaping rule: every string of the view goes through `textToHtml()` (or handlebars' own escaping),
 * so HTML written in a sheet prints as text. Templates never use triple-stash for sheet data: helpers
 * return `SafeString`s that they built from escaped pieces.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import { documentText } from '../view/locale.js';
import type { Block, Inline, RichBlock, SectionView, SheetView } from '../view/model.js';
import { svgChart } from './chart.js';
import { designCss, KEEP_WHOLE_CHARS } from './design.js';
import { marginTexts } from './margins.js';
import { tableColumns } from './table-layout.js';
import { splitScripts } from '../view/scripts.js';
import { hyphenateFrench } from '../view/hyphenate.js';
import { inlineText } from '../view/text.js';
import { DEFAULT_TEMPLATES_DIR, FONTS, fontFile, unicodeRanges } from './assets.js';

/** Options of `renderHtml()`. */
export interface HtmlOptions {
  /** Folder of the templates (`sheet.hbs`, `partials/`, `print.css`); defaults to the package's `templates/`. */
  templatesDir?: string;
  /**
   * Adds `<meta http-equiv="refresh" content="N">` so a browser tab showing the file reloads every N
   * seconds (`capi render --watch` only; never in normal renders, never in the PDF).
   */
  refreshSeconds?: number;
}


// ---------------------------------------------------------------------------------------------
// Escaping and scripts

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `& < > " '` so that `text` prints as text in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Leading and trailing spaces, punctuation and symbols of a run (digits stay inside). */
const EDGES = /^([\s\p{P}\p{S}]*)(.*?)([\s\p{P}\p{S}]*)$/su;

/**
 * Plain text of the view → escaped HTML, with runs of other scripts isolated (see `splitScripts`):
 * Arabic runs in `<bdi dir="rtl" lang="ar">`, Tifinagh runs in `<span lang="zgh" class="tfng">`,
 * Latin text as is; spaces and punctuation at the edges of a run are left outside the wrapper.
 * With `hyphenate` (French body text), Latin runs get soft hyphens (`hyphenateFrench`).
 * Returns `''` for `''`, `undefined` or `null`.
 */
export function textToHtml(text: string | undefined | null, hyphenate = false): string {
  if (text === undefined || text === null || text === '') return '';
  return splitScripts(String(text))
    .map((run) => {
      if (run.script === 'latin') return escapeHtml(hyphenate ? hyphenateFrench(run.text) : run.text);
      // Punctuation and spaces at the edges of a run stay outside the isolate: a closing bracket
      // inside `<bdi dir="rtl">` would be mirrored (« Aït Oumnous (آيت ومنوس) » → « ((آيت ومنوس »).
      const m = EDGES.exec(run.text);
      const [lead, core, trail] = m ? [m[1]!, m[2]!, m[3]!] : ['', run.text, ''];
      if (core === '') return escapeHtml(run.text);
      const inner = escapeHtml(core);
      const wrapped =
        run.script === 'arabic'
          ? `<bdi dir="rtl" lang="ar">${inner}</bdi>`
          : `<span lang="zgh" class="tfng">${inner}</span>`;
      return escapeHtml(lead) + wrapped + escapeHtml(trail);
    })
    .join('');
}

/** Inline content of a narrative paragraph → escaped HTML (`<em>`, `<strong>`, `<br>`), soft hyphens with `hyphenate`. */
export function inlineToHtml(inlines: Inline[], hyphenate = false): string {
  return inlines
    .map((node) => {
      switch (node.type) {
        case 'text':
          return textToHtml(node.value, hyphenate);
        case 'emphasis':
          return `<em>${inlineToHtml(node.children, hyphenate)}</em>`;
        case 'strong':
          return `<strong>${inlineToHtml(node.children, hyphenate)}</strong>`;
        case 'break':
          return '<br>';
      }
    })
    .join('');
}

/**
 * Rich text (paragraphs, nested lists) → escaped HTML: `<p>`, `<ul>`, `<ol start>`, `<li>`.
 * A list item made of one paragraph is written without its `<p>` (tight list). With `hyphenate` (French
 * body text), soft hyphens are put in the Latin words (`hyphenateFrench`). A paragraph or item of about
 * three lines or less gets `class="short"`, which never splits across pages (see `KEEP_WHOLE_CHARS`).
 */
export function richToHtml(blocks: RichBlock[], hyphenate = false): string {
  return blocks
    .map((block) => {
      if (block.type === 'paragraph') return `<p${shortClass(block.children)}>${inlineToHtml(block.children, hyphenate)}</p>`;
      const tag = block.ordered ? 'ol' : 'ul';
      const start = block.ordered && block.start !== 1 ? ` start="${Number(block.start)}"` : '';
      const items = block.items
        .map((item) => {
          const only = item.length === 1 ? item[0] : undefined;
          const inner = only?.type === 'paragraph' ? inlineToHtml(only.children, hyphenate) : richToHtml(item, hyphenate);
          return `<li${only?.type === 'paragraph' && item.length === 1 ? shortClass(only.children) : ''}>${inner}</li>`;
        })
        .join('');
      return `<${tag}${start}>${items}</${tag}>`;
    })
    .join('');
}

/** ` class="short"` for a paragraph of at most `KEEP_WHOLE_CHARS` characters, else `''`. */
function shortClass(inlines: Inline[]): string {
  return inlineText(inlines).length <= KEEP_WHOLE_CHARS ? ' class="short"' : '';
}

// ---------------------------------------------------------------------------------------------
// Fonts


let fontCssCache: string | undefined;

/**
 * The `@font-face` rules of the document: Noto Serif and Noto Sans (latin, latin-ext), Noto Naskh
 * Arabic (arabic) and Noto Sans Tifinagh (tifinagh), each face limited to its subset's
 * `unicode-range` and pointing at the woff2 file of the installed @fontsource package by a `file://`
 * URL. Throws if a @fontsource package is missing (a broken install).
 */
export function fontFaceCss(): string {
  if (fontCssCache !== undefined) return fontCssCache;
  const rules: string[] = [];
  for (const font of FONTS) {
    const ranges = unicodeRanges(font.pkg);
    for (const face of font.faces) {
      for (const subset of font.subsets) {
        const url = pathToFileURL(fontFile(font.pkg, subset, face.weight, face.style)).href;
        rules.push(
          `@font-face { font-family: '${font.family}'; font-style: ${face.style}; font-weight: ${face.weight}; ` +
            `font-display: block; src: url("${url}") format('woff2'); unicode-range: ${ranges[subset]};` +
            (font.sizeAdjust ? ` size-adjust: ${font.sizeAdjust};` : '') +
            ' }',
        );
      }
    }
  }
  fontCssCache = rules.join('\n');
  return fontCssCache;
}


/**
 * A CSS string literal (with its quotes) for `content:`: backslashes, quotes and line breaks escaped,
 * control characters dropped, and Arabic or Tifinagh runs wrapped in Unicode isolates (FSI…PDI) so
 * « Tafraout تافراوت · Tiznit » keeps its order. `</style` cannot appear: `<` is escaped too.
 */
export function cssString(text: string): string {
  const isolated = splitScripts(text.replace(/[\u0000-\u001f\u007f]/g, ' '))
    .map((r) => (r.script === 'latin' ? r.text : `\u2068${r.text}\u2069`))
    .join('');
  return `"${isolated.replace(/[\\"<>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}


// ---------------------------------------------------------------------------------------------
// Templates

interface Compiled {
  sheet: Handlebars.TemplateDelegate;
  /** `sheets.hbs`: several sheets in one document (the booklet's). */
  sheets: Handlebars.TemplateDelegate;
  css: string;
  marginCss: string;
  /** `review.css`: margin notes of the review edition (empty when the templates folder has none). */
  reviewCss: string;
}

const compiledCache = new Map<string, Compiled>();

/** Handlebars helpers: formatting only (escaping, script isolation, markup of a rating). */
function registerHelpers(hb: typeof Handlebars): void {
  const safe = (html: string) => new hb.SafeString(html);
  /** `{{bidi value}}`: escaped text with Arabic/Tifinagh runs isolated. */
  hb.registerHelper('bidi', (value: unknown) => safe(textToHtml(value == null ? '' : String(value))));
  /** `{{cssString value}}`: a CSS string literal, escaped (for @page margin boxes). */
  hb.registerHelper('cssString', (value: unknown) => safe(cssString(value == null ? '' : String(value))));
  /** `{{pageCounter}}`: « Page X / Y » as CSS content with the page counters, in the document's language. */
  hb.registerHelper('pageCounter', function (this: unknown, options: Handlebars.HelperOptions) {
    const root = options.data?.root as { lang?: 'fr' | 'en' } | undefined;
    const parts = documentText(root?.lang).t('sheet.page', { page: '\u0000P', pages: '\u0000T' }).split(/(\u0000[PT])/);
    return safe(
      parts
        .filter((p) => p !== '')
        .map((p) => (p === '\u0000P' ? 'counter(page)' : p === '\u0000T' ? 'counter(pages)' : cssString(p)))
        .join(' '),
    );
  });
  /** French documents (the default) get soft hyphens in their body text: Chromium on Linux hyphenates nothing. */
  const french = (options: Handlebars.HelperOptions) => ((options.data?.root as { lang?: string } | undefined)?.lang ?? 'fr') === 'fr';
  /** `{{rich blocks}}`: narrative text (soft hyphens in a French document). */
  hb.registerHelper('rich', (blocks: RichBlock[], options: Handlebars.HelperOptions) => safe(richToHtml(blocks ?? [], french(options))));
  /** `{{body value}}`: like `bidi`, for body text (field values, cells, list items, quotes): soft hyphens in a French document. */
  hb.registerHelper('body', (value: unknown, options: Handlebars.HelperOptions) => safe(textToHtml(value == null ? '' : String(value), french(options))));
  /** `{{msg "key" name=value}}`: a label of the document catalogue, in the language of the document. */
  hb.registerHelper('msg', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const root = options.data?.root as { lang?: 'fr' | 'en' } | undefined;
    const params = Object.fromEntries(
      Object.entries(options.hash as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    return safe(textToHtml(documentText(root?.lang).t(key, params)));
  });
  /** `{{meter level max}}`: `max` marks, the first `level` filled. */
  hb.registerHelper('meter', (level: number, max: number) => {
    const n = Math.max(0, Math.min(Number(max) || 0, 10));
    const k = Math.max(0, Math.min(Number(level) || 0, n));
    let marks = '';
    for (let i = 0; i < n; i += 1) marks += `<span class="mark${i < k ? ' on' : ''}"></span>`;
    return safe(`<span class="meter" aria-label="${k} / ${n}">${marks}</span>`);
  });
  /** `{{fileUrl path}}`: `file://` URL of an absolute path (escaped for an attribute). */
  hb.registerHelper('fileUrl', (path: string) => safe(escapeHtml(pathToFileURL(resolve(String(path))).href)));
  /**
   * `{{#with (chartBars this)}}`: the geometry of a `chart` block (numbers, and the labels as plain
   * text for the template to escape), see `svgChart()` in `./chart.js`.
   */
  hb.registerHelper('chartBars', (block: Extract<Block, { type: 'chart' }>) => svgChart(block));
  /**
   * `{{#with (tableGrid head rows)}}`: a data table with its column widths (percent) and kinds
   * (`amount`, `code`, `text`: CSS classes), see `tableColumns()` in `./table-layout.js`; the cells stay
   * plain text for the template to escape.
   */
  hb.registerHelper('tableGrid', (head: string[], rows: string[][]) => {
    const columns = tableColumns(head ?? [], rows ?? []);
    const cells = (row: readonly string[]) => columns.map((c, i) => ({ text: row[i] ?? '', kind: c.kind }));
    return { columns: columns.map((c) => ({ width: (c.share * 100).toFixed(2), kind: c.kind })), head: cells(head ?? []), rows: (rows ?? []).map(cells) };
  });
  /** `{{#asSheet}}…{{/asSheet}}`: the sheet drawn inside (this context) is `@sheet` to its partials (a section reaches its sheet's colophon so, in a document of one sheet or several). */
  hb.registerHelper('asSheet', function (this: unknown, options: Handlebars.HelperOptions) {
    const data = hb.createFrame(options.data);
    data.sheet = this;
    return options.fn(this, { data });
  });
  /** `{{#if (gt level 0)}}`. */
  hb.registerHelper('gt', (a: number, b: number) => Number(a) > Number(b));
  /** `{{#if (eq a b)}}`. */
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}

/** Compiles the templates of `dir` once per process (partials are every file of `partials/`). */
function compiled(dir: string): Compiled {
  const key = resolve(dir);
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const hb = Handlebars.create();
  registerHelpers(hb);
  const read = (name: string) => readFileSync(join(key, name), 'utf8');
  const partialsDir = join(key, 'partials');
  for (const file of readdirHbs(partialsDir)) {
    hb.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(partialsDir, file), 'utf8'));
  }
  const options = { noEscape: false, preventIndent: true };
  const result: Compiled = {
    sheet: hb.compile(read('sheet.hbs'), options),
    sheets: hb.compile(read('sheets.hbs'), options),
    // the design tokens (CSS custom properties) come first: print.css only uses var(--…)
    css: designCss() + read('print.css'),
    marginCss: read('page-margins.css'),
    reviewCss: existsSync(join(key, 'review.css')) ? read('review.css') : '',
  };
  compiledCache.set(key, result);
  return result;
}

function readdirHbs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hbs'))
    .sort();
}

/** CSS for a `<style>` element: a `</style` inside it is neutralised so it cannot close the element. */
function styleText(css: string): Handlebars.SafeString {
  return new Handlebars.SafeString(css.replace(/<\/(style)/gi, '<\\/$1'));
}

/** True when a section, or one of its sub-sections, carries review comments (review edition). */
function hasComments(sections: SectionView[]): boolean {
  return sections.some((s) => (s.comments?.length ?? 0) > 0 || hasComments(s.children ?? []));
}

/**
 * The sections with the last one that has blocks (the deepest, in reading order) marked `end`: the
 * template draws the colophon with its last block, in one group (no page holds only the colophon).
 * `marked` is false when no section has a block (the colophon then follows the text on its own).
 */
function markEnd(sections: SectionView[]): { sections: Array<SectionView & { end?: boolean }>; marked: boolean } {
  for (let i = sections.length - 1; i >= 0; i -= 1) {
    const s = sections[i]!;
    const inner = markEnd(s.children ?? []);
    if (inner.marked) return { sections: sections.map((x, k) => (k === i ? { ...s, children: inner.sections } : x)), marked: true };
    if (s.blocks.length) return { sections: sections.map((x, k) => (k === i ? { ...s, end: true } : x)), marked: true };
  }
  return { sections, marked: false };
}

/**
 * Draws a sheet as a complete HTML document (`<!doctype html>`, `<html lang="fr">`, `<title>`,
 * `<meta name="author">`, inline print CSS and @font-face rules pointing at the @fontsource files).
 *
 * @param view the sheet's view model (plain-text strings; they are escaped here).
 * @param opts `templatesDir` to use other templates than the package's.
 * @returns the HTML text (UTF-8). Throws if a template file is missing or invalid.
 */
export function renderHtml(view: SheetView, opts: HtmlOptions = {}): string {
  const tpl = compiled(opts.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  return tpl.sheet({
    ...sheetContext(view),
    ...documentStyles(tpl, hasComments(view.sections)),
    ...(opts.refreshSeconds && opts.refreshSeconds > 0 ? { refresh: Math.round(opts.refreshSeconds) } : {}),
  });
}

/** The styles of a document of sheets (sheet.hbs, sheets.hbs): fonts, print and margin CSS; the review edition's CSS when `review`. */
function documentStyles(tpl: Compiled, review: boolean): Record<string, unknown> {
  return {
    fontCss: styleText(fontFaceCss()),
    printCss: styleText(tpl.css),
    marginCss: styleText(tpl.marginCss),
    // review edition: only a view with review comments gets the margin-note layout and its CSS
    ...(review ? { review: true, reviewCss: styleText(tpl.reviewCss) } : {}),
  };
}

/** What a sheet's templates (sheet.hbs, sheets.hbs) are given of one sheet: its view, the colophon's place, the running header's texts. */
function sheetContext(view: SheetView): Record<string, unknown> {
  const margins = marginTexts(view);
  const { sections, marked } = markEnd(view.sections);
  return {
    ...view,
    sections,
    colophonInText: marked,
    authorsLine: view.authors.join(', '),
    // the same texts as the DOCX's header and footer (./margins.ts)
    marginTitle: margins.title,
    marginPlace: margins.place,
    marginOrg: margins.org,
    marginMark: margins.mark,
  };
}

/**
 * What the sheets printed in one document must share (`renderSheetsHtml`): the document's language,
 * the marks printed across every page (a fixed element repeats on each page of its document: a draft's
 * « BROUILLON »), and the review edition's layout. Sheets with the same key may share a document.
 */
export function sheetsDocumentKey(view: SheetView): string {
  return JSON.stringify([view.lang, view.frame.draftMark ?? '', hasComments(view.sections)]);
}

/** Options of {@link renderSheetsHtml}. */
export interface SheetsHtmlOptions {
  templatesDir?: string;
  /** Print no page number in the sheets' footers (the booklet stamps its own). */
  unnumbered?: boolean;
}

/**
 * Draws several sheets as one HTML document (`sheets.hbs`): the fonts and styles once, then each sheet
 * as an `<article>` starting a page, on named pages of its own (`fiche-1`, `fiche-2`…: each sheet's
 * running header and footer). Printed, each sheet's pages are those of one `renderHtml` document
 * (the same styles, the same breaks), one after the other. The booklet prints its sheets so: a
 * document's fonts, styles and PDF resources cost Chromium as much as several sheets' pages
 * (bench, 2026-12-02: 50 sheets printed 5 a document took 0.6× the CPU of one a document).
 *
 * @param views sheets with the same {@link sheetsDocumentKey} (at least one)
 * @returns the HTML text (UTF-8)
 * @throws Error when `views` is empty or their keys differ (a caller's mistake), or a template is missing or invalid
 */
export function renderSheetsHtml(views: readonly SheetView[], opts: SheetsHtmlOptions = {}): string {
  const tpl = compiled(opts.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const first = views[0];
  if (!first) throw new Error('internal: renderSheetsHtml() without a sheet');
  const key = sheetsDocumentKey(first);
  if (views.some((v) => sheetsDocumentKey(v) !== key)) throw new Error('internal: sheets of different documents in one');
  return tpl.sheets({
    lang: first.lang,
    title: views.map((v) => v.id).join(', '),
    frame: first.frame,
    sheets: views.map((view, i) => ({ ...sheetContext(view), pageName: `fiche-${i + 1}`, unnumbered: opts.unnumbered === true })),
    ...documentStyles(tpl, hasComments(first.sections)),
  });
}
