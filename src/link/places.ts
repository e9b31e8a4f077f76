import { distance } from 'fastest-levenshtein';
import { COMMUNES, PROVINCES } from './places-data.js';
import { foldAccents } from '../util/text.js';

/** Credit line required by the data's licence (CC BY 4.0), printed wherever place names are shown. */
export const PLACES_CREDIT = 'HCP, RGPH 2014 et 2024 (CC BY 4.0)';

export type { Commune, Province } from './place-types.js';
import type { Commune, Province } from './place-types.js';

/** The reference list of places, with loose look-up by name. */
export interface Gazetteer {
  provinces: Province[];
  communes: Commune[];
  /** The province whose name matches loosely (accents, case, hyphens, apostrophes ignored). */
  findProvince(name: string): Province | undefined;
  /** The commune whose name matches loosely, within a province when `provinceCode` is given. */
  findCommune(name: string, provinceCode?: string): Commune | undefined;
  /** Communes of a province, sorted by French name. */
  communesOf(provinceCode: string): Commune[];
  /**
   * Matches a province name: `exact` when written as the official name (after NFC), `variant` when
   * it matches only loosely (see `placeKey`), `undefined` when unknown.
   */
  matchProvince(name: string): PlaceMatch<Province> | undefined;
  /** Matches a commune name in the whole region (same rules as `matchProvince`). */
  matchCommune(name: string): PlaceMatch<Commune> | undefined;
  /** The `count` official commune names nearest to `name` (within a province when given). */
  nearestCommunes(name: string, provinceCode?: string, count?: number): Commune[];
}

/** A place found from a name as typed. */
export interface PlaceMatch<T> {
  place: T;
  /** True when the name is the official spelling, false for an accepted variant. */
  exact: boolean;
}

/**
 * Folds a place name for loose comparison: accents, case, hyphens, apostrophes and spaces ignored
 * (`Aït-Baha` = `ait baha` = `AIT BAHA`). Source of the rule: fiches.md, « Places ».
 */
export function foldPlace(name: string): string {
  return foldAccents(name).replace(/[\s\-'’_.]+/g, '');
}

/** The `placeKey` of each name met, up to `MAX_PLACE_KEYS` names (then forgotten all at once). */
const placeKeys = new Map<string, string>();
const MAX_PLACE_KEYS = 10_000;

/**
 * The key under which spelling variants of one place meet: `foldPlace`, then the usual variations of
 * French transliterations of Arabic and Tamazight names folded too — `rh`/`gh` (Irherm/Igherm), doubled
 * letters (Taroudannt/Taroudant), `ou`/`u`, `e`/`a` (Tinzart/Tinzert). The 175 communes and 6 provinces
 * of the reference list have distinct keys (checked by a test), so a key names one place.
 */
export function placeKey(name: string): string {
  let key = placeKeys.get(name);
  if (key === undefined) {
    key = foldPlace(name).replace(/rh/g, 'gh').replace(/(.)\1+/g, '$1').replace(/ou/g, 'u').replace(/e/g, 'a');
    // a thousand sheets name a few dozen places: each name is folded once (it was 1 % of `validate`)
    if (placeKeys.size >= MAX_PLACE_KEYS) placeKeys.clear();
    placeKeys.set(name, key);
  }
  return key;
}

/**
 * True when `term`, typed in a search as you type, matches the place `name` as loosely as a name given
 * on the command line (`--commune`): part of the name, with accents, case, hyphens, apostrophes and
 * spaces ignored (`foldPlace`: `imi mqourn` finds Imi-Mqourn, `tizi n'takoucht` Tizi Ntakoucht), or with
 * the spelling variants of `placeKey` folded too (`irherm` finds Igherm). An empty term matches all.
 */
export function placeMatches(name: string, term: string): boolean {
  const folded = foldPlace(term);
  if (!folded) return true;
  return foldPlace(name).includes(folded) || placeKey(name).includes(placeKey(term));
}

let cached: Gazetteer | undefined;

/**
 * The Souss-Massa reference list (HCP census 2014 and 2024, CC BY 4.0), with its look-ups. The list
 * is `data/*.csv` turned into `places-data.ts` by `npm run gen:places` (a test keeps the two equal),
 * so no CSV is parsed at run time. Built once per process.
 */
export function loadGazetteer(): Gazetteer {
  if (cached) return cached;
  const provinces = PROVINCES;
  const communes = COMMUNES;
  const provinceIndex = new Map(provinces.map((p) => [foldPlace(p.nameFr), p]));
  const provinceKeys = new Map(provinces.map((p) => [placeKey(p.nameFr), p]));
  const communeKeys = new Map(communes.map((c) => [placeKey(c.nameFr), c]));
  const match = <T extends { nameFr: string }>(index: Map<string, T>, name: string): PlaceMatch<T> | undefined => {
    const place = index.get(placeKey(name));
    return place ? { place, exact: place.nameFr === name.normalize('NFC').trim() } : undefined;
  };
  cached = {
    provinces,
    communes,
    findProvince: (name) => provinceIndex.get(foldPlace(name)) ?? provinceKeys.get(placeKey(name)),
    findCommune: (name, provinceCode) => {
      const c = communeKeys.get(placeKey(name));
      return c && (!provinceCode || c.provinceCode === provinceCode) ? c : undefined;
    },
    matchProvince: (name) => match(provinceKeys, name),
    matchCommune: (name) => match(communeKeys, name),
    nearestCommunes: (name, provinceCode, count = 3) => {
      const key = placeKey(name);
      const pool = provinceCode ? communes.filter((c) => c.provinceCode === provinceCode) : communes;
      return pool
        .map((c) => ({ c, d: distance(key, placeKey(c.nameFr)) }))
        .sort((a, b) => a.d - b.d || a.c.nameFr.localeCompare(b.c.nameFr, 'fr'))
        .slice(0, count)
        .map((x) => x.c);
    },
    communesOf: (code) => communes.filter((c) => c.provinceCode === code).sort((a, b) => a.nameFr.localeCompare(b.nameFr, 'fr')),
  };
  return cached;
}

/**
 * « province de Tiznit », « préfecture d'Agadir-Ida-Ou-Tanane » (French elision before a vowel; the
 * type comes from the reference list), or in English « province of Tiznit ». Unknown names are called
 * provinces.
 */
export function provincePhrase(name: string, lang: 'fr' | 'en' = 'fr'): string {
  const p = loadGazetteer().findProvince(name);
  const official = p?.nameFr ?? name;
  const prefecture = p?.type === 'prefecture';
  if (lang === 'en') return `${prefecture ? 'prefecture' : 'province'} of ${official}`;
  const elide = /^[AEIOUYÂÊÎÔÛÉÈaeiouyâêîôûéè]/.test(official);
  return `${prefecture ? 'préfecture' : 'province'} ${elide ? 'd’' : 'de '}${official}`;
}
