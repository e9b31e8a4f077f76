/**
 * Small text helpers shared by every layer: accent folding for loose comparison and search, and the
 * label of a place with its Arabic name.
 */
import { distance } from 'fastest-levenshtein';

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
