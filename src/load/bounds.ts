import type { Diagnostic } from '../types/diagnostic.js';
import { t } from '../i18n/index.js';

/**
 * Limits on what a sheet may be, beyond its size in bytes (issue 14, target 5: no file capi reads may
 * make `validate` take more than 5 s or 500 MB). A real sheet has a few hundred lines of at most a few
 * thousand characters, six or seven levels of nesting and a few thousand values; these limits are far
 * above that and far below what makes a YAML reader (or capi's checks, which walk every value) slow:
 * thousands of nesting levels, hundreds of thousands of lines or list items, lines of a megabyte, or
 * aliases (`*ancre`) that expand a small file into a huge document.
 */
export const MAX_LINES = 20_000;
/** Longest line, in UTF-16 code units (a paragraph of a sheet is one line: a few thousand). */
export const MAX_LINE_CHARS = 10_000;
/** Deepest nesting: indentation levels, list dashes and open brackets. */
export const MAX_DEPTH = 64;
/**
 * Most lines at one indentation in one block (keys of one mapping, lines of one text; not list items):
 * the `yaml` package compares each key of a mapping with all the others. A sheet's longest has ~40.
 */
export const MAX_KEYS = 5_000;
/** Most values (texts, numbers, list items, keys) a sheet may hold, aliases expanded. */
export const MAX_VALUES = 100_000;
/** Most characters of text a sheet may hold, aliases expanded: no more than the largest file capi reads. */
export const MAX_TEXT_CHARS = 5 * 1024 * 1024;

/** The signs `textBoundsError` counts in a line: opening brackets, closing brackets, commas (in that order). */
const MARKS = ['[', '{', ']', '}', ','];
/** An `indexOf` answer as a position, `Infinity` for none. */
const at0 = (index: number): number => (index < 0 ? Infinity : index);

/**
 * The first limit the raw text goes past, as an error at its line (before any parser reads it, so
 * neither parser can be made slow): lines (`MAX_LINES`), a line's length (`MAX_LINE_CHARS`), nesting
 * (`MAX_DEPTH`: the indentation levels open, the dashes of `- - x`, the brackets open), lines at one
 * indentation of one block (`MAX_KEYS`), values
 * (`MAX_VALUES`, counting each line and each comma as a possible value). One pass over the text.
 *
 * @returns undefined when the text is within every limit
 */
export function textBoundsError(text: string, file: string): Diagnostic | undefined {
  const at = (line: number, column: number, key: string, params: Record<string, number>) => ({
    file, line, column, severity: 'error' as const, code: 'file.too-complex', message: t(key, params), hint: t(`${key}Hint`, params),
  });
  let line = 1;
  let start = 0;
  let commas = 0;
  const indents: number[] = [];
  /** Lines seen at each open indentation, but list items. */
  const keys: number[] = [];
  let brackets = 0;
  /** Where the next of each of `MARKS` is (at or after the current line's text), `Infinity` when none is left. */
  const marks = MARKS.map(() => -1);
  // lines end at LF, CRLF or a CR alone (an old Mac file is many lines, and its slip is named elsewhere);
  // without a CR (most files), found with `indexOf`: no match object per line for the collector
  const breaks = text.includes('\r') ? /\r\n?|\n/g : undefined;
  while (start <= text.length) {
    let end: number;
    let next: number;
    if (breaks) {
      breaks.lastIndex = start;
      const found = breaks.exec(text);
      end = found ? found.index : text.length;
      next = found ? end + found[0].length : text.length + 1;
    } else {
      const lf = text.indexOf('\n', start);
      end = lf < 0 ? text.length : lf;
      next = end + 1;
    }
    if (end - start > MAX_LINE_CHARS) return at(line, MAX_LINE_CHARS + 1, 'file.lineTooLong', { chars: end - start, max: MAX_LINE_CHARS });
    let i = start;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const indent = i - start;
    if (i < end && text.charCodeAt(i) !== 0x23 && text.charCodeAt(i) !== 0x0d) {
      while (indents.length > 0 && indents[indents.length - 1]! > indent) {
        indents.pop();
        keys.pop();
      }
      if (indents.length === 0 || indents[indents.length - 1]! < indent) {
        indents.push(indent);
        keys.push(0);
      }
      if (text.charCodeAt(i) !== 0x2d && ++keys[keys.length - 1]! > MAX_KEYS) return at(line, indent + 1, 'file.tooManyKeys', { max: MAX_KEYS });
      let dashes = 0;
      for (; i + 1 < end && text.charCodeAt(i) === 0x2d && text.charCodeAt(i + 1) === 0x20; i += 2) {
        dashes++;
        while (i + 2 < end && text.charCodeAt(i + 2) === 0x20) i++;
      }
      let deepest = brackets;
      // the brackets and commas of the line, in order, from one cursor per sign (`indexOf`, native):
      // most characters of a sheet are prose that holds none, and a loop over each of them was most
      // of this function's time
      for (let k = 0; k < MARKS.length; k++) if (marks[k]! < i) marks[k] = at0(text.indexOf(MARKS[k]!, i));
      for (;;) {
        let k = 0;
        for (let m = 1; m < MARKS.length; m++) if (marks[m]! < marks[k]!) k = m;
        const j = marks[k]!;
        if (j >= end) break;
        if (k < 2) deepest = Math.max(deepest, ++brackets);
        else if (k < 4) {
          if (brackets > 0) brackets--;
        } else commas++;
        marks[k] = at0(text.indexOf(MARKS[k]!, j + 1));
      }
      const depth = indents.length + dashes + deepest;
      if (depth > MAX_DEPTH) return at(line, indent + 1, 'file.tooDeep', { depth, max: MAX_DEPTH });
    }
    if (line > MAX_LINES) return at(line, 1, 'file.tooManyLines', { max: MAX_LINES });
    if (line + commas > MAX_VALUES) return at(line, 1, 'file.tooManyValues', { max: MAX_VALUES });
    line++;
    start = next;
  }
  return undefined;
}

/**
 * Whether a parsed value, aliases expanded (a value an alias repeats counts each time, as every check
 * and every output walks it), holds more than `MAX_VALUES` values or `MAX_TEXT_CHARS` characters of
 * text. Stops as soon as a limit is passed: its cost is bounded by the limits, not by the expansion.
 */
export function expandsTooMuch(data: unknown): boolean {
  let values = 0;
  let chars = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++values > MAX_VALUES) return true;
    if (typeof v === 'string') {
      chars += v.length;
      if (chars > MAX_TEXT_CHARS) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        chars += k.length;
        stack.push(x);
      }
    }
  }
  return false;
}
