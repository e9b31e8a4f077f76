import { AsyncLocalStorage } from 'node:async_hooks';
import { fr } from './fr.js';
import { en } from './en.js';
import { invocation } from '../util/identity.js';

export type { Catalogue, Lang } from './types.js';
import type { Catalogue, Lang } from './types.js';

const catalogues: Record<Lang, Catalogue> = { fr, en };

/**
 * The interface language of the run in progress. `main()` runs each command inside its own scope
 * (`withLang`), so two in-process runs (tests, `runCli`) never share it; outside any scope the
 * process-wide default applies.
 */
const scope = new AsyncLocalStorage<{ lang: Lang }>();
let fallback: Lang = 'fr';

/** Sets the interface language: of the current run when inside `withLang`, else the process default. */
export function setLang(lang: Lang): void {
  const store = scope.getStore();
  if (store) store.lang = lang;
  else fallback = lang;
}

/** The language CLI messages are printed in (the interface language, never a document's). */
export function getLang(): Lang {
  return scope.getStore()?.lang ?? fallback;
}

/** Runs `fn` with `lang` as its interface language, without touching other runs. */
export function withLang<T>(lang: Lang, fn: () => T): T {
  return scope.run({ lang }, fn);
}

/**
 * Picks the language from `--lang`, then `CAPI_LANG`, then `LANG`/`LC_ALL` (English when it starts
 * with `en`), French otherwise.
 */
export function detectLang(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const pick = option ?? env.CAPI_LANG ?? env.LC_ALL ?? env.LANG ?? 'fr';
  return pick.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** `one` or `other` for `count` in `lang` (CLDR rules: French says « 0 fiche », English « 0 sheets »). */
export function pluralCategory(count: number, lang: Lang): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

/**
 * The template of `key` in `catalogue` (falling back to `reference`): the key itself, or, for a count,
 * `key.<plural category>` then `key.other`. Undefined when none exists.
 */
function template(catalogue: Catalogue, reference: Catalogue, key: string, params: Record<string, string | number>, lang: Lang): string | undefined {
  const direct = catalogue[key] ?? reference[key];
  if (direct !== undefined) return direct;
  const count = Number(params.count);
  if (!Number.isFinite(count)) return undefined;
  const category = pluralCategory(count, lang);
  return catalogue[`${key}.${category}`] ?? catalogue[`${key}.other`] ?? reference[`${key}.${category}`] ?? reference[`${key}.other`];
}

/**
 * Formats `key` of `catalogue` (missing keys fall back to `reference`, then to the key itself):
 * `{name}` becomes `params.name`; `{name:other.key}` becomes the plural message `other.key` with
 * `count = params.name`. Shared by the CLI catalogues and the document catalogues.
 */
export function formatMessage(
  catalogue: Catalogue,
  reference: Catalogue,
  key: string,
  params: Record<string, string | number>,
  lang: Lang,
): string {
  const found = template(catalogue, reference, key, params, lang) ?? key;
  const parts = partsOf(found);
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    // {capi}: how the person runs capi (see `invocation`), so the commands a message gives work as typed
    else if (!(part.name in params)) out += part.name === 'capi' ? invocation() : part.whole;
    else out += part.plural ? formatMessage(catalogue, reference, part.plural, { count: params[part.name]! }, lang) : String(params[part.name]);
  }
  return out;
}

/** A placeholder of a message template: `{name}` or `{name:plural.key}`, as written (`whole`). */
interface Placeholder {
  whole: string;
  name: string;
  plural?: string;
}

/** Each template split into its text and its placeholders, once per run (a message is formatted for each diagnostic of every sheet). */
const templateParts = new Map<string, Array<string | Placeholder>>();

/** `template` as text and placeholders, in order (see `formatMessage`). */
function partsOf(template: string): Array<string | Placeholder> {
  let parts = templateParts.get(template);
  if (parts) return parts;
  parts = [];
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)(?::([\w.-]+))?\}/g)) {
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ whole: m[0], name: m[1]!, ...(m[2] ? { plural: m[2] } : {}) });
    last = m.index + m[0].length;
  }
  if (last < template.length || parts.length === 0) parts.push(template.slice(last));
  templateParts.set(template, parts);
  return parts;
}

/**
 * Formats the CLI message `key` in the interface language (or `lang`), replacing `{name}` with
 * `params.name`; a `count` parameter picks `key.one`/`key.other`. A key missing from the language falls
 * back to French; a key missing everywhere returns the key itself (the catalogue test catches that).
 */
export function t(key: string, params: Record<string, string | number> = {}, lang: Lang = getLang()): string {
  return formatMessage(catalogues[lang], fr, key, params, lang);
}

/** Every catalogue, for the test that no message is missing from a language. */
export const allCatalogues = catalogues;
