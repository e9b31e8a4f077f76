import type { Inline } from './model.js';

/**
 * The characters as a reader sees them (grapheme clusters, `Intl.Segmenter`): « é » written e + U+0301,
 * an Arabic letter with its harakat, a Tifinagh letter with its labialisation mark or an emoji with its
 * modifiers count as one and are never cut.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The grapheme clusters of `text`, in order (`text` is their concatenation). */
export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * The length of `text` as a reader counts it: grapheme clusters, not UTF-16 units nor code points; soft
 * hyphens and zero-width characters do not count.
 */
export function visibleLength(text: string): number {
  let n = 0;
  // soft hyphens and zero-width characters print nothing (a soft hyphen is a cluster of its own)
  for (const s of graphemes.segment(text)) if (!/^[\u00ad\u200b-\u200f\u2060\ufeff]+$/u.test(s.segment)) n++;
  return n;
}

/**
 * A title cut at a word boundary to at most `max` reader-visible characters (grapheme clusters), with
 * « … » when cut, for the running headers of both renderers (one line; Word cannot ellipsise). Never cuts
 * inside a cluster (e + combining accent, Arabic with harakat, Tifinagh, emoji).
 */
export function shortenTitle(title: string, max: number): string {
  const chars = splitGraphemes(title);
  if (chars.length <= max) return title;
  const cut = chars.slice(0, max - 1);
  let space = -1;
  for (let i = cut.length - 1; i >= 0; i--) if (/^\s+$/u.test(cut[i]!)) { space = i; break; }
  const kept = space > max / 2 ? cut.slice(0, space) : cut;
  while (kept.length && /^[\s,;:–—\-\u00a0\u202f]+$/u.test(kept[kept.length - 1]!)) kept.pop();
  return `${kept.join('')}…`;
}

/** The plain text of inline content (`Inline[]` of a narrative paragraph): its texts, a line break as `\n`. */
export function inlineText(inlines: Inline[]): string {
  return inlines
    .map((i) => (i.type === 'text' ? i.value : i.type === 'break' ? '\n' : inlineText(i.children)))
    .join('');
}
