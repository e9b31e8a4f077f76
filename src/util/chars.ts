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
