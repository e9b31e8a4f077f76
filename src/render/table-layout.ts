/**
 * Column widths and kinds of a data table, from its content, for both renderers (the HTML `<colgroup>`
 * of templates/partials/table.hbs and the fixed widths of the DOCX table), so that no cell can widen the
 * page: a table has fixed widths, and long words and links break inside their cell.
 */
import { visibleLength } from '../view/text.js';
import { SIZES, PAGE_MARGINS_MM } from './design.js';
import { textWidth } from './text-width.js';

/**
 * What a column holds: `amount` (numbers with a currency or unit: one line, right-aligned), `code`
 * (short tokens without spaces, with a digit or a hyphen — informant codes « INF-TIZ-001 », dates
 * « 2022-06-13 », dates for readers « 13 juin 2022 »: one line), or `text` (wraps; a long word or link
 * breaks inside the cell).
 */
export type ColumnKind = 'amount' | 'code' | 'text';

/** One column: its share of the table width (fractions summing to 1) and its kind. */
export interface TableColumn { share: number; kind: ColumnKind }

/** Longest token that stays on one line in a `code` column (characters). */
const CODE_MAX = 16;
/** The table width in average characters of table text (≈ 9.5 pt Noto Sans on A4 minus margins). */
const TABLE_CHARS = 100;
/** Cell padding, in average characters. */
const PAD = 3;
/** Header words are bold, hence wider. */
const BOLD = 1.15;
/** A word longer than this (a link) does not widen its column: it breaks inside the cell. */
const WORD_CAP = 18;

/** A date for readers, « 9 mai 2022 », « 1er juin 2022 », « June 9, 2022 » (see `doc.date`). */
const DATE = /^(\d{1,2}(er)?[\s\u00a0\u202f]\p{L}+\.?[\s\u00a0\u202f]\d{4}|\p{L}+[\s\u00a0\u202f]\d{1,2},?[\s\u00a0\u202f]\d{4})$/u;
const AMOUNT = /^[-+−]?\d[\d\s\u00a0\u202f.,]*(\s?(%|[A-Z]{3}|€|\$|DH|dh|m³|m|km|ha|kg|t))?$/u;

/** Points per millimetre. */
const PT_PER_MM = 72 / 25.4;
/** The text width of an A4 page between the design's margins, in points (the default table width). */
export const TEXT_WIDTH_PT = (210 - PAGE_MARGINS_MM.left - PAGE_MARGINS_MM.right) * PT_PER_MM;
/** Left plus right padding of a cell, in points (the DOCX's 113-twip cell margins; the PDF's 5pt). */
const CELL_PAD_PT = 11.3;
/** Safety for rounding and the renderers' own spacing, in points. */
const SLACK_PT = 3;

/**
 * Room a column of cells that must not wrap needs, in points: its longest body cell in the table font
 * (serif at the `table` size) and its whole header in the bold label font, plus cell padding.
 */
function unbreakablePt(head: string, cells: readonly string[]): number {
  const body = Math.max(0, ...cells.map((c) => textWidth(c.trim(), 'serif', SIZES.table)));
  // the header of such a column stays on one line too (its cells do not wrap, in the PDF and the DOCX)
  const header = textWidth(head.trim(), 'sans-bold', SIZES.label);
  return Math.max(body, header) + CELL_PAD_PT + SLACK_PT;
}

/**
 * Text in which every UTF-16 unit is one character a reader sees: printable ASCII, Latin-1 and Latin
 * Extended letters (precomposed), spacing modifiers, typographic spaces, dashes, quotes and the euro
 * sign — no control character (« \r\n » is one cluster), combining mark, soft hyphen, zero-width
 * character or surrogate pair. Most cells are such text; their length needs no grapheme segmenter.
 */
const ONE_UNIT_EACH = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2000-\u200a\u2010-\u2027\u202f\u20ac]*$/;

/**
 * Length as a reader counts it (grapheme clusters, see ../view/text.js): the string's length when each
 * unit is a character of its own, `visibleLength` otherwise (it segments graphemes with Intl.Segmenter,
 * which was 6 % of a DOCX render of 100 sheets, profile of 2026-11-30).
 */
const chars = (s: string): number => (ONE_UNIT_EACH.test(s) ? s.length : visibleLength(s));

/** The kind of a column from its body cells (blank cells left out; a column of blanks is `text`). */
export function columnKind(cells: readonly string[]): ColumnKind {
  const filled = cells.map((c) => c.trim()).filter((c) => c.length > 0);
  if (filled.length === 0) return 'text';
  if (filled.every((c) => AMOUNT.test(c))) return 'amount';
  if (filled.every((c) => (!/\s/u.test(c) && /[\d-]/u.test(c) && chars(c) <= CODE_MAX) || DATE.test(c))) return 'code';
  return 'text';
}

/**
 * Widths and kinds of the columns of a table. Each column gets at least what it cannot do without —
 * the whole longest cell for `amount` and `code` columns (they stay on one line), its longest header
 * word and its longest body word (capped at WORD_CAP characters) for `text` columns — and the rest of
 * the width is shared in proportion to the column's typical length (mean cell or header, capped at 60).
 * When the minima exceed the width, they are scaled down together. The minimum of an `amount` or
 * `code` column is measured in the printed font (see `./text-width.js`), no-break spaces included,
 * so that « 220 000 MAD » never wraps in the PDF nor in the DOCX.
 * @param head header cells; `rows` body rows, each with `head.length` cells
 * @param widthPt the table's width in points (default: the page's text width; a narrow column's width)
 * @returns one TableColumn per header cell, shares summing to 1
 */
export function tableColumns(head: readonly string[], rows: readonly (readonly string[])[], widthPt = TEXT_WIDTH_PT): TableColumn[] {
  const n = Math.max(1, head.length);
  const cols = Array.from({ length: n }, (_, i) => rows.map((r) => r[i] ?? ''));
  const kinds = cols.map(columnKind);
  const words = (t: string): number[] => t.split(/\s+/u).map(chars);
  const min = cols.map((cells, i) => {
    const headWord = Math.max(0, ...words(head[i] ?? '')) * BOLD;
    const body = kinds[i] === 'text' ? Math.min(WORD_CAP, Math.max(0, ...cells.flatMap(words))) : Math.max(0, ...cells.map(chars));
    const estimate = Math.max(4, headWord, body) + PAD;
    // amounts, codes and dates: the full printed width of their longest token (measured in the font)
    return kinds[i] === 'text' ? estimate : Math.max(estimate, (unbreakablePt(head[i] ?? '', cells) * TABLE_CHARS) / widthPt);
  });
  const want = cols.map((cells, i) => {
    const mean = cells.length ? cells.reduce((sum, c) => sum + chars(c), 0) / cells.length : 0;
    return kinds[i] === 'text' ? Math.min(60, Math.max(chars(head[i] ?? ''), mean, 4)) : 0;
  });
  const minSum = min.reduce((a, b) => a + b, 0);
  const scaled = minSum > TABLE_CHARS ? min.map((m) => (m * TABLE_CHARS) / minSum) : min;
  const rest = TABLE_CHARS - scaled.reduce((a, b) => a + b, 0);
  const wantSum = want.reduce((a, b) => a + b, 0);
  // no text column to take the rest: share it as the minima are
  const widths = scaled.map((m, i) => m + (wantSum > 0 ? (rest * want[i]!) / wantSum : (rest * m) / TABLE_CHARS));
  const total = widths.reduce((a, b) => a + b, 0);
  return widths.map((w, i) => ({ share: w / total, kind: kinds[i]! }));
}
