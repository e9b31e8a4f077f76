/** The shapes of capi's message catalogues (a module of its own: the catalogues name it without importing the code that loads them). */

/**
 * A message template: a string with `{name}` placeholders. A message that depends on a number has two
 * keys, `key.one` and `key.other`, picked by `Intl.PluralRules` from the `count` parameter; a
 * placeholder `{name:key}` writes the number `params.name` through such a pair (« {files:n.sheet} »
 * → « 1 fiche », « 3 fiches »), so one message can hold several counts.
 */
export type Catalogue = Record<string, string>;

/** Languages capi speaks: French first, English second. */
export type Lang = 'fr' | 'en';
