/**
 * Small text helpers shared by every layer: accent folding for loose comparison and search, and the
 * label of a place with its Arabic name.
 */
import { closest, distance } from 'fastest-levenshtein';

/**
 * `text` without its combining marks: decomposed (NFD), then every mark (`\p{M}`: accents, cedillas,
 * and the vowel marks of Arabic script) removed — `Aït Baha` → `Ait Baha`, `Chtouka-Aït` → `Chtouka-Ait`.
 * Letters without marks are kept as they are (Arabic and Tifinagh letters too).
 */
export function stripAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * `text` folded for comparison and search as one types: accents removed (`stripAccents`) and lower case —
 * `Très Satisfaisante` → `tres satisfaisante`. Spaces and punctuation are kept: each caller folds them
 * as its own rule says (place names, enum values, package names).
 */
export function foldAccents(text: string): string {
  return stripAccents(text).toLowerCase();
}

/**
 * A place as shown in documents: its French name, then its Arabic name in brackets when known —
 * `Afella Ighir (أفلا إغير)`; the French name alone otherwise.
 */
export function placeLabel(name: string, ar: string | undefined): string {
  return ar ? `${name} (${ar})` : name;
}

/**
 * True when `typed` is a near miss of `candidate` for a short closed list (option values, formats):
 * the same letters in another order (`pfd`, `osmi`), or at most one edit per three letters (at least
 * one: `validée`, `publiqe`, `l'interne`), accents and case ignored. Stricter than the « did you mean »
 * of sheet fields, whose lists are long: `fish` is no `bash`.
 */
export function isNearMiss(typed: string, candidate: string): boolean {
  const a = foldAccents(typed);
  const b = foldAccents(candidate);
  if ([...a].sort().join('') === [...b].sort().join('')) return true;
  return distance(a, b) <= Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
}

/** Lower-case, accents, spaces and underscores folded: `Très satisfaisante` → `tres-satisfaisante`. */
export function fold(text: string): string {
  return foldAccents(text).replace(/[\s_'’]+/g, '-');
}

/**
 * The nearest candidate to `value`, if it is close enough to be a likely typo: at most a third of the
 * letters differ after folding accents and case. Returns undefined otherwise.
 */
export function suggest(value: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const folded = fold(value);
  const exact = candidates.find((c) => fold(c) === folded);
  if (exact) return exact;
  const byFold = new Map(candidates.map((c) => [fold(c), c]));
  const best = closest(folded, [...byFold.keys()]);
  const d = distance(folded, best);
  if (d <= Math.max(2, Math.floor(Math.max(folded.length, best.length) / 3))) return byFold.get(best);
  const prefix = candidates.find((c) => fold(c).startsWith(folded) || folded.startsWith(fold(c)));
  return prefix;
}
