/**
 * Typography of printed text: the French rules of the Imprimerie nationale's *Lexique des règles
 * typographiques* (no-break spaces, apostrophes, guillemets, thousands separator) and the few rules
 * English text shares (apostrophes, a number kept with its unit). Pure string functions, idempotent
 * (applying one twice changes nothing), shared by the views (`src/view/typeset.ts`) and the labels of
 * the document catalogues (`src/view/locale.ts`).
 *
 * Convention (one, everywhere): NARROW no-break space U+202F before « ; ! ? » and as thousands
 * separator (the « espace fine insécable » of the Lexique, which Noto Serif and Word both draw);
 * word-width no-break space U+00A0 before « : », inside « », and between a number and its unit or
 * currency (the Lexique asks a full space there). Code-like tokens — ids such as `INF-TIZ-001`, URLs,
 * e-mail addresses — are never touched.
 */

/** U+00A0 NO-BREAK SPACE (before « : », inside « », between a number and its unit). */
export const NBSP = '\u00a0';
/** U+202F NARROW NO-BREAK SPACE (before « ; ! ? », thousands separator). */
export const NNBSP = '\u202f';
/** U+00AD SOFT HYPHEN (a place where a word may break, invisible otherwise). */
export const SHY = '\u00ad';

/**
 * Tokens left exactly as written: URLs, e-mail addresses, sheet and informant ids (`RE-TIZ-01`,
 * `INF-TIZ-001`, `OSIM-FR-06`), file names and paths.
 */
const CODE_TOKEN = /(?:https?:\/\/|www\.)[^\s<>«»"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|[\w./\\-]+\.(?:ya?ml|pdf|docx|png|jpe?g|html)\b/gu;

/** Units and currencies kept on the line of their number (« 249 600 MAD », « 12 km », « 30 % »). */
const UNITS = ['MAD', 'DH', 'Dh', 'dirhams', 'EUR', '€', 'euros', '%', '‰', 'km', 'km²', 'm', 'm²', 'm³', 'cm', 'mm', 'ha', 'l', 'l/s', 'kg', 'kW', 'kWc', 'kWh', 'MW', 'h', 'min', '°C'];
const UNIT_ALT = UNITS.map((u) => u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).sort((a, b) => b.length - a.length).join('|');
/** A digit, spaces, then a unit that ends there (not the start of a longer word: « 3 mois » keeps its space). */
const NUMBER_UNIT = new RegExp(`(\\d)[ \\u00a0\\u202f]+(${UNIT_ALT})(?![\\p{L}\\p{N}])`, 'gu');

/**
 * Runs `fix` on the parts of `text` that are not code-like tokens (ids, URLs, e-mails, file names),
 * leaving those exactly as written (typography and hyphenation both skip them).
 */
export function outsideCode(text: string, fix: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(CODE_TOKEN)) {
    out += fix(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fix(text.slice(last));
}

/** A digit (every rule of `numbers` needs one), and one of « ; ! ? ». */
const HAS_DIGIT = /\d/;
const HAS_STOP = /[;!?]/;

/** Straight apostrophe between letters → typographic apostrophe (’): « l'eau » → « l’eau ». */
function apostrophes(part: string): string {
  return part.includes("'") ? part.replace(/(?<=\p{L})'(?=\p{L})/gu, '’') : part;
}

/** A number and its unit on one line, the number's digit groups joined by U+202F. */
function numbers(part: string): string {
  if (!HAS_DIGIT.test(part)) return part;
  return part
    .replace(/(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d])/g, (_, head: string, groups: string) => head + groups.replace(/[ \u00a0]/g, NNBSP))
    .replace(NUMBER_UNIT, `$1${NBSP}$2`);
}

/**
 * French typography of one plain-text string (a sheet's own text or a French label):
 * - `'` between letters → `’`; “ ” and pairs of `"` → « »;
 * - U+202F before ; ! ? (after a word or a closing sign), U+00A0 before : (not in « 10:30 »), U+00A0
 *   inside « »; an ordinary space there is replaced, a missing one is added;
 * - U+202F between the digit groups of a number written with spaces (« 249 600 »), U+00A0 between
 *   a number and its unit or currency.
 * Ids, URLs, e-mails and file names are left as they are. Idempotent.
 */
export function frenchTypography(text: string): string {
  if (!text) return text;
  // (each rule only where its sign is: most texts have few of them, and every rule is a pass over the text)
  return outsideCode(text, (part) => {
    let s = apostrophes(part);
    if (s.includes('“')) s = s.replace(/“\s*([^“”]*?)\s*”/g, '«$1»');
    if (s.includes('"')) s = s.replace(/"\s*([^"]*?)\s*"/g, '«$1»');
    if (s.includes('«')) s = s.replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`);
    if (s.includes('»')) s = s.replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`);
    // « ; ! ? » after a word, a closing sign or a space; « ?! » stays together
    if (HAS_STOP.test(s)) s = s.replace(/(?<=[\p{L}\p{N}»)\]’.…])[ \u00a0\u202f]*([;!?]+)/gu, `${NNBSP}$1`).replace(/ ([;!?])/g, `${NNBSP}$1`);
    // « : » after a word or a closing sign, never between digits (« 10:30 ») nor in « :: »
    if (s.includes(':')) s = s.replace(/(?<=[\p{L}»)\]’.…%])[ \u00a0\u202f]*:(?!\d)/gu, `${NBSP}:`).replace(/(?<=\d)[ \u00a0\u202f]+:/g, `${NBSP}:`).replace(/ :/g, `${NBSP}:`);
    return numbers(s);
  });
}

/**
 * English typography of one plain-text string: typographic apostrophes and a number kept with its
 * unit (no space is added before « : ; ! ? », none is removed). Ids, URLs and e-mails untouched. Idempotent.
 */
export function englishTypography(text: string): string {
  if (!text) return text;
  return outsideCode(text, (part) => apostrophes(part).replace(NUMBER_UNIT, `$1${NBSP}$2`));
}

/** `frenchTypography` or `englishTypography` by language tag (`fr`, `fr-FR`, `en`…). */
export function typography(text: string, lang: string): string {
  return lang.startsWith('fr') ? frenchTypography(text) : englishTypography(text);
}

/**
 * True when `text` prints nothing a reader sees: undefined, empty, or only spaces (any Unicode white
 * space, no-break spaces included) and invisible marks (soft hyphens, zero-width characters).
 */
export function isBlank(text: string | null | undefined): boolean {
  return text === undefined || text === null || /^[\s\u00ad\u200b-\u200f\u2060\ufeff]*$/u.test(text);
}
