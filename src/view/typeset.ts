import type { Block, Inline, QuoteView, RichBlock, SectionView, SheetView } from './model.js';
import { frenchTypography, isBlank, NBSP, NNBSP, typography } from '../util/typography.js';
import { documentText } from './locale.js';

/**
 * The last step of every view (`buildView`, the fieldwork report, the double regard): typography, quote
 * marks, hyphenation and the removal of what would print without content, applied once here so that the
 * PDF (through the HTML templates) and the DOCX print the same text.
 *
 * - The sheet's own text (titles, narrative, table cells, field values, quotes) is French (the sheets are
 *   written in French): French typography (`frenchTypography`) whatever the document language. The
 *   labels (field labels, table heads, notes, ratings) follow the document language (`view.lang`):
 *   English labels get English typography, never a space before « : ».
 * - Hyphenation is not put in the view (its strings stay comparable with the sheet's): the HTML renderer
 *   puts soft hyphens in the body text of French documents with `hyphenateFrench` (./hyphenate.ts), the
 *   DOCX asks Word to hyphenate (w:autoHyphenation).
 * - Quotes: Latin-script originals and every translation are put in « » exactly once (marks already typed
 *   in the sheet — « », “ ” or "" around the whole quote — are not doubled); Arabic and Tifinagh
 *   originals are printed without marks. Line breaks inside a quote are kept (`\n`).
 * - Empty content: field rows, list items and table rows that are blank, rich text without words, a
 *   label note (« Preuves et éléments probants : ») with nothing after it, a sub-section that only
 *   repeats its section's title (its blocks are moved up) are removed.
 *
 * Returns a new view (the input is not changed); a view already typeset is returned as it is.
 */
export function typesetView(view: SheetView): SheetView {
  if (typesetViews.has(view)) return view;
  const w = writer(view.lang);
  const out: SheetView = {
    ...view,
    title: w.content(view.title),
    subtitle: view.subtitle === undefined ? undefined : w.content(view.subtitle),
    authors: view.authors.map(w.content).filter((a) => !isBlank(a)),
    summary: view.summary.filter((r) => !isBlank(r.value)).map((r) => ({ label: w.label(r.label), value: w.content(r.value) })),
    ...(view.lead === undefined ? {} : { lead: w.content(view.lead) }),
    sections: view.sections.map((s) => typesetSection(s, w)),
  };
  typesetViews.add(out);
  return out;
}

const typesetViews = new WeakSet<SheetView>();

/** The three ways a string of a view is typeset. */
interface Writer {
  /** Sheet text, not body (titles, captions): French typography. */
  content(text: string): string;
  /** Sheet body text: French typography, soft hyphens in a French document. */
  body(text: string): string;
  /** Labels of the document's language. */
  label(text: string): string;
  lang: 'fr' | 'en';
  /** True when `body` follows French rules (the no-break space before « ; : ! ? » across runs too). */
  frenchBody: boolean;
}

/**
 * A view's own text that is not body text (its title and subtitle, captions) as every view prints it:
 * French typography whatever the document language (the sheets are written in French). The booklet's
 * contents and indexes use it for the headings they show before the sheets' views are built.
 */
export function typesetContent(text: string): string {
  return frenchTypography(text);
}

function writer(lang: 'fr' | 'en'): Writer {
  return {
    lang,
    frenchBody: true,
    content: typesetContent,
    body: (text) => frenchTypography(text),
    label: (text) => typography(text, lang),
  };
}

function typesetSection(section: SectionView, w: Writer): SectionView {
  let blocks = section.blocks;
  let children = section.children;
  // a sub-section that only repeats its section's title (« Contributions » under « Contributions »)
  const repeats = children.filter((c) => c.title.trim() === section.title.trim());
  if (repeats.length) {
    blocks = [...blocks, ...repeats.flatMap((c) => c.blocks)];
    children = children.filter((c) => !repeats.includes(c));
  }
  return {
    ...section,
    title: w.content(section.title),
    blocks: typesetBlocks(blocks, w),
    children: children.map((c) => typesetSection(c, w)),
    ...(section.comments ? { comments: section.comments.map((c) => ({ ...c, dateText: c.date ? documentText(w.lang).date(c.date) : undefined })) } : {}),
  };
}

/** The blocks typeset, without the empty ones nor a label note left with nothing after it. */
function typesetBlocks(blocks: Block[], w: Writer): Block[] {
  const kept = blocks.map((b) => typesetBlock(b, w)).filter((b): b is Block => b !== undefined);
  return kept.filter((b, i) => !(b.type === 'note' && isLabel(b.text) && (i === kept.length - 1 || kept[i + 1]!.type === 'note')));
}

/** A note that introduces what follows (it ends with a colon). */
function isLabel(text: string): boolean {
  return /:\s*$/.test(text);
}

function typesetBlock(block: Block, w: Writer): Block | undefined {
  switch (block.type) {
    case 'rich': {
      const blocks = typesetRich(block.blocks, w);
      return blocks.length ? { ...block, blocks } : undefined;
    }
    case 'fields': {
      const rows = block.rows.filter((r) => !isBlank(r.value)).map((r) => ({ label: w.label(r.label), value: w.body(r.value) }));
      return rows.length ? { ...block, rows } : undefined;
    }
    case 'list': {
      const items = block.items.filter((i) => !isBlank(i)).map(w.body);
      return items.length ? { ...block, items } : undefined;
    }
    case 'table': {
      const rows = block.rows.filter((r) => r.some((c) => !isBlank(c))).map((r) => r.map((c) => w.body(c.trim())));
      return rows.length ? { ...block, head: block.head.map(w.label), rows } : undefined;
    }
    case 'quote':
      return isBlank(block.quote.text) ? undefined : { ...block, quote: typesetQuote(block.quote, w) };
    case 'photo':
      return { ...block, caption: w.content(block.caption), credit: w.content(block.credit) };
    case 'rating':
      return { ...block, label: w.label(block.label), value: w.label(block.value) };
    case 'note':
      return isBlank(block.text) ? undefined : { ...block, text: w.label(block.text) };
    case 'columns':
      return { ...block, columns: block.columns.map((c) => ({ ...c, title: w.label(c.title), subtitle: c.subtitle === undefined ? undefined : w.label(c.subtitle), blocks: typesetBlocks(c.blocks, w) })) };
    case 'chart':
      return block.bars.length ? { ...block, title: w.label(block.title), bars: block.bars.map((b) => ({ ...b, label: w.label(b.label) })) } : undefined;
  }
}

function typesetRich(blocks: RichBlock[], w: Writer): RichBlock[] {
  const out: RichBlock[] = [];
  for (const b of blocks) {
    if (b.type === 'paragraph') {
      if (inlineText(b.children).trim() !== '') out.push({ ...b, children: typesetInlines(b.children, w) });
    } else {
      const items = b.items.map((item) => typesetRich(item, w)).filter((item) => item.length > 0);
      if (items.length) out.push({ ...b, items });
    }
  }
  return out;
}

function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => (i.type === 'text' ? i.value : i.type === 'break' ? '' : inlineText(i.children))).join('');
}

function typesetInlines(inlines: Inline[], w: Writer): Inline[] {
  return joinRuns(inlines, w.frenchBody).map((i) => (i.type === 'text' ? { ...i, value: w.body(i.value) } : i.type === 'break' ? i : { ...i, children: typesetInlines(i.children, w) }));
}

/** The text leaves of inlines in reading order (the objects themselves, to be replaced). */
function leaves(inlines: Inline[]): Array<Extract<Inline, { type: 'text' }>> {
  return inlines.flatMap((i) => (i.type === 'text' ? [i] : i.type === 'break' ? [] : leaves(i.children)));
}

/**
 * The rules that look across a run boundary, applied as if the runs were one text: an apostrophe
 * between a letter and the next run's letter (`d'**exigence**` → « d’exigence »), and the no-break
 * space before « ; : ! ? » opening a run after a word (`**coût**; suite`, French only). Returns new inlines.
 */
function joinRuns(inlines: Inline[], french: boolean): Inline[] {
  const copy = structuredClone(inlines);
  const list = leaves(copy);
  for (let k = 1; k < list.length; k++) {
    const prev = list[k - 1]!;
    const next = list[k]!;
    if (/\p{L}'$/u.test(prev.value) && /^\p{L}/u.test(next.value)) prev.value = `${prev.value.slice(0, -1)}’`;
    if (/\p{L}$/u.test(prev.value) && /^'\p{L}/u.test(next.value)) next.value = `’${next.value.slice(1)}`;
    if (!french) continue;
    if (/[^\s\u00a0\u202f]$/u.test(prev.value) && /^[;!?]/u.test(next.value)) next.value = `${NNBSP}${next.value}`;
    if (/[^\s\u00a0\u202f\d]$/u.test(prev.value) && /^:(?!\d)/u.test(next.value)) next.value = `${NBSP}${next.value}`;
  }
  return copy;
}

/**
 * Typography of rich text written in the document's language outside a sheet (the booklet's
 * introduction, the glossary's definitions): the rules of `lang` (French: no-break spaces, apostrophes,
 * guillemets), across inline runs too, as the sheets' own text.
 */
export function typesetRichText(blocks: RichBlock[], lang: 'fr' | 'en'): RichBlock[] {
  const own = (text: string) => typography(text, lang);
  return typesetRich(blocks, { lang, frenchBody: lang === 'fr', content: own, body: own, label: own });
}

/** Pairs of marks that may already surround a whole quote in a sheet. */
const MARKS: Array<[string, string]> = [['«', '»'], ['“', '”'], ['"', '"'], ['„', '“']];

/**
 * `text` in « » once, its line breaks kept: marks already around the whole text are taken off first
 * (« « … » » never prints), inner marks are left. Trailing spaces and blank lines are trimmed.
 */
export function inGuillemets(text: string): string {
  let inner = text.trim().replace(/[ \t]+\n/g, '\n');
  for (const [open, close] of MARKS) {
    if (inner.length > 1 && inner.startsWith(open) && inner.endsWith(close) && wrapsWhole(inner, open, close)) {
      inner = inner.slice(1, -1).trim();
      break;
    }
  }
  return `«${NBSP}${inner}${NBSP}»`;
}

/** True when the mark opening `text` is closed by its last character (« a » et « b » is not wrapped whole). */
function wrapsWhole(text: string, open: string, close: string): boolean {
  if (open === close) return !text.slice(1, -1).includes(open);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i === text.length - 1;
  }
  return false;
}

function typesetQuote(q: QuoteView, w: Writer): QuoteView {
  const latin = q.script === 'latin';
  const french = q.lang === 'fr' || q.lang.startsWith('fr-');
  const original = latin ? inGuillemets(q.text) : q.text.trim();
  return {
    ...q,
    text: french ? frenchTypography(original) : original,
    translation: q.translation === undefined || isBlank(q.translation) ? undefined : w.body(inGuillemets(q.translation)),
    attribution: w.content(q.attribution),
    langLabel: w.label(q.langLabel),
  };
}
