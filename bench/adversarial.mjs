// Adversarial documents for capi's bounds (issue 14, target 5): each a sheet's text built to make a
// YAML reader or capi's checks take time or memory — aliases that expand (billion laughs, aliases of a
// large text or list), deep nesting (flow and block), huge lists, very long lines, many keys. Shared by
// the property test (test/property/bounds.test.ts, small and medium sizes) and `npm run bench` (row
// bounds, the largest under capi's file size limit).

/** The start of a real RE sheet, so the document reaches capi's checks when the reader accepts it. */
const HEAD = 'fiche: retour-experience\nid: RE-ADV-01\ntitre: Document adverse\nstatut: brouillon\n';

/**
 * The adversarial documents, by name: each `(n) => text`, `n` its size knob (1 small … 1,000,000 large).
 * The text stays under `bytes` when given (capi's 5 MB limit): the knob is cut to fit.
 */
export const ADVERSARIAL = {
  /** « Billion laughs »: 9 levels of 10 aliases each of the level below. */
  laughs: (n) => {
    const levels = Math.max(2, Math.min(9, Math.round(Math.log10(n)) + 3));
    const lines = ['a0: &a0 "lol"'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return `${HEAD}notes:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
  },
  /** One large text, aliased many times (few aliases, a large expansion). */
  aliasedText: (n) => `${HEAD}notes:\n  big: &big "${'x'.repeat(Math.min(n, 1_000_000))}"\n  copies: [${Array(90).fill('*big').join(', ')}]\n`,
  /** One large list, aliased many times. */
  aliasedList: (n) => {
    const items = Math.min(n, 100_000);
    return `${HEAD}notes:\n  big: &big\n${'    - x\n'.repeat(items)}  copies: [${Array(90).fill('*big').join(', ')}]\n`;
  },
  /** Flow collections nested `n` deep: `[[[[…]]]]`. */
  deepFlow: (n) => `${HEAD}notes: ${'['.repeat(Math.min(n, 1_000_000))}${']'.repeat(Math.min(n, 1_000_000))}\n`,
  /** Block mappings nested `n` deep, one more space of indentation each. */
  deepBlock: (n) => {
    const depth = Math.min(n, 3000);
    let out = `${HEAD}notes:\n`;
    for (let i = 1; i <= depth; i++) out += `${' '.repeat(i)}a:\n`;
    return `${out}${' '.repeat(depth + 1)}b: fin\n`;
  },
  /** A list of `n` items. */
  hugeList: (n) => `${HEAD}notes:\n${'  - x\n'.repeat(Math.min(n, 1_000_000))}`,
  /** One line of `n` characters. */
  longLine: (n) => `${HEAD}contexte: "${'mot '.repeat(Math.ceil(Math.min(n, 4_000_000) / 4))}"\n`,
  /** A mapping of `n` keys. */
  manyKeys: (n) => {
    const keys = Math.min(n, 300_000);
    let out = `${HEAD}notes:\n`;
    for (let i = 0; i < keys; i++) out += `  k${i}: v\n`;
    return out;
  },
  /** A long flow line full of quotes and commas (the slip scan's splitting of `{ … }`). */
  quotedFlow: (n) => `${HEAD}notes: [${'a", '.repeat(Math.ceil(Math.min(n, 1_000_000) / 4))}]\n`,
};

/**
 * The largest document of a kind at most `bytes` long: the knob extrapolated from two small documents
 * (sizes grow about linearly with it), then lowered by 2 % steps until the text fits. Kinds whose knob
 * is capped (laughs, deepBlock) give their capped document.
 */
export function largest(kind, bytes) {
  const size = (n) => Buffer.byteLength(ADVERSARIAL[kind](n));
  const [a, b] = [size(1000), size(2000)];
  let n = b > a ? Math.min(4_000_000, Math.floor(1000 + ((bytes - a) * 1000) / (b - a))) : 4_000_000;
  let text = ADVERSARIAL[kind](n);
  while (Buffer.byteLength(text) > bytes && n > 1) text = ADVERSARIAL[kind]((n = Math.floor(n * 0.98)));
  return text;
}
