/**
 * Character classes by code unit, for the scans `validate` runs over every text of every sheet, where a
 * regular expression or a `split` would cost more than the scan itself.
 */

/** True for the code units JavaScript's `\s` matches (white space and line terminators). */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** True for the line terminators after which `^` matches in a multiline regular expression (LF, CR, U+2028, U+2029). */
export function isLineBreakCode(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/**
 * The first position at or after `from` where `text` holds character `a` or `b` and `accept(i)` holds,
 * or -1. The candidates are visited in order, found by two `indexOf` cursors (no regular expression
 * and no match object per candidate): for scans that look for a rare character in a certain context
 * (`accept` looks around position `i`), e.g. a block header's `|` or `>` after `key:`, or an anchor's
 * `&` or alias's `*` where YAML reads one.
 *
 * @param a one character (a string of length 1); `b` likewise
 * @param accept called with each candidate's index (UTF-16 code units), in increasing order
 */
export function firstOfEither(text: string, a: string, b: string, from: number, accept: (i: number) => boolean): number {
  let nextA = text.indexOf(a, from);
  let nextB = text.indexOf(b, from);
  while (nextA >= 0 || nextB >= 0) {
    let i: number;
    if (nextB < 0 || (nextA >= 0 && nextA < nextB)) {
      i = nextA;
      nextA = text.indexOf(a, i + 1);
    } else {
      i = nextB;
      nextB = text.indexOf(b, i + 1);
    }
    if (accept(i)) return i;
  }
  return -1;
}
