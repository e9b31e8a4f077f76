import { fr } from './fr.js';
import { en } from './en.js';
import { invocation } from '../util/identity.js';

/** A message template: a string with `{name}` placeholders. */
export type Catalogue = Record<string, string>;

/** Languages capi speaks: French first, English second. */
export type Lang = 'fr' | 'en';

const catalogues: Record<Lang, Catalogue> = { fr, en };
let current: Lang = 'fr';

/** Sets the language of every message printed from now on. */
export function setLang(lang: Lang): void {
  current = lang;
}

/** The language messages are printed in. */
export function getLang(): Lang {
  return current;
}

/**
 * Picks the language from `--lang`, then `CAPI_LANG`, then `LANG`/`LC_ALL` (English when it starts
 * with `en`), French otherwise.
 */
export function detectLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = option ?? env.CAPI_LANG ?? env.LC_ALL ?? env.LANG ?? 'fr';
  return pick.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/**
 * Formats the message `key` of the current catalogue, replacing `{name}` with `params.name`, and
 * `{capi}` with how the person runs capi (`npx --no-install capi` in a workspace that pins it, see
 * `invocation`), so the commands a message tells them to type work as typed.
 * A key missing from the current language falls back to French; a key missing everywhere returns the
 * key itself (the catalogue test catches that).
 */
export function t(key: string, params: Record<string, string | number> = {}, lang: Lang = current): string {
  const template = catalogues[lang][key] ?? fr[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : name === 'capi' ? invocation() : whole,
  );
}

/** Every catalogue, for the test that no message is missing from a language. */
export const allCatalogues = catalogues;
