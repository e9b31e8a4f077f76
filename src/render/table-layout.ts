/**
 * Column widths and kinds of a data table, from its content, for both renderers (the HTML `<colgroup>`
 * of templates/partials/table.hbs and the fixed widths of the DOCX table), so that no cell can widen the
 * page: a table has fixed widths, and long words and links break inside their cell.
 */
import { visibleLength } from '../view/text.js';

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

/** Length as a reader counts it (grapheme clusters, see ../view/text.js). */
const chars = (s: string): number => visibleLength(s);

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
 * When the minima exceed the width, they are scaled down together.
 * @param head header cells; `rows` body rows, each with `head.length` cells
 * @returns one TableColumn per header cell, shares summing to 1
 */
export function tableColumns(head: readonly string[], rows: readonly (readonly string[])[]): TableColumn[] {
  const n = Math.max(1, head.length);
  const cols = Array.from({ length: n }, (_, i) => rows.map((r) => r[i] ?? ''));
  const kinds = cols.map(columnKind);
  const words = (t: string): number[] => t.split(/\s+/u).map(chars);
  const min = cols.map((cells, i) => {
    const headWord = Math.max(0, ...words(head[i] ?? '')) * BOLD;
    const body = kinds[i] === 'text' ? Math.min(WORD_CAP, Math.max(0, ...cells.flatMap(words))) : Math.max(0, ...cells.map(chars));
    return Math.max(4, headWord, body) + PAD;
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
