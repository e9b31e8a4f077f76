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

/**
 * Words already hyphenated in this process: a sheet repeats its words, a booklet or a render of many
 * sheets repeats them across sheets, and each `hyphenateSync` call sets up its text reader again
 * (~1 % of a booklet's Node time in a profile). Emptied when it reaches `HYPHENATED_MAX` words.
 */
const hyphenated = new Map<string, string>();
const HYPHENATED_MAX = 50_000;

function hyphenateWord(word: string): string {
  let out = hyphenated.get(word);
  if (out === undefined) {
    if (hyphenated.size >= HYPHENATED_MAX) hyphenated.clear();
    out = /^\p{Lu}/u.test(word) ? word : hyphenateSync(word, { hyphenChar: SHY });
    hyphenated.set(word, out);
  }
  return out;
}

function hyphenateWords(part: string): string {
  return part.replace(WORD, hyphenateWord);
}
