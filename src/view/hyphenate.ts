import { createRequire } from 'node:module';
import type { HyphenationFunctionSync } from 'hyphen';
import { SHY, outsideCode } from '../util/typography.js';

// hyphen is a CommonJS package without `exports`: its language entry points are folders (`hyphen/fr/`)
const require = createRequire(import.meta.url);
const { hyphenateSync } = require('hyphen/fr') as { hyphenateSync: HyphenationFunctionSync };

/**
 * Words that get soft hyphens: at least 7 letters of the Latin script (with their accents), not
 * written in capitals (acronyms: INDH, ONEE) and not starting with one (proper names are not cut, as
 * the Lexique des règles typographiques asks). Ids, URLs and e-mails are skipped as a whole.
 */
const WORD = /(?<![\p{L}\p{N}\u00ad@./_-])[\p{Script=Latin}\p{M}]{7,}(?![\p{L}\p{N}\u00ad@_-]|\.\w)/gu;

/**
 * French text with soft hyphens (U+00AD) where a word may break at the end of a line, from the
 * TeX French patterns of the `hyphen` package (`hyphen/fr`, the patterns LibreOffice and TeX use):
 * « électrification » → « élec­tri­fi­ca­tion ». Chromium on Linux hyphenates nothing by itself, so the
 * PDF gets its breaks from these. Arabic and Tifinagh words, capitalised words, ids, URLs and e-mails
 * are never hyphenated. Text that already holds soft hyphens is left as it is (idempotent).
 */
export function hyphenateFrench(text: string): string {
  if (!text || text.includes(SHY)) return text;
  return outsideCode(text, hyphenateWords);
}

function hyphenateWords(part: string): string {
  return part.replace(WORD, (word) => (/^\p{Lu}/u.test(word) ? word : hyphenateSync(word, { hyphenChar: SHY })));
}
