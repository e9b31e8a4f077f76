import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { packagePath } from '../util/paths.js';

/** Credit line required by the data's licence (CC BY 4.0), printed wherever place names are shown. */
export const PLACES_CREDIT = 'HCP, RGPH 2014 et 2024 (CC BY 4.0)';

/** A prefecture or province of Souss-Massa (HCP reference list). */
export interface Province {
  code: string;
  nameFr: string;
  nameAr: string;
  type: 'province' | 'prefecture';
}

/** A commune of Souss-Massa (HCP reference list). Populations are inhabitants at the censuses. */
export interface Commune {
  code: string;
  slug: string;
  nameFr: string;
  nameAr: string;
  type: 'urban' | 'rural';
  provinceCode: string;
  population2024: number;
  population2014: number;
}

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
}

/**
 * Folds a place name for loose comparison: accents, case, hyphens, apostrophes and spaces ignored
 * (`Aït-Baha` = `ait baha` = `AIT BAHA`). Source of the rule: fiches.md, « Places ».
 */
export function foldPlace(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-'’_.]+/g, '');
}

let cached: Gazetteer | undefined;

/**
 * Loads the Souss-Massa reference list shipped in `data/` (copied from the project's shared data:
 * HCP census 2014 and 2024, CC BY 4.0). Loaded once per process.
 */
export function loadGazetteer(): Gazetteer {
  if (cached) return cached;
  const rows = (file: string) => parse(readFileSync(packagePath('data', file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const provinces: Province[] = rows('souss-massa-provinces.csv').map((r) => ({
    code: r.code,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    type: r.type as Province['type'],
  }));
  const communes: Commune[] = rows('souss-massa-communes.csv').map((r) => ({
    code: r.code,
    slug: r.slug,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    type: r.type as Commune['type'],
    provinceCode: r.province_code,
    population2024: Number(r.population_2024),
    population2014: Number(r.population_2014),
  }));
  const provinceIndex = new Map(provinces.map((p) => [foldPlace(p.nameFr), p]));
  cached = {
    provinces,
    communes,
    findProvince: (name) => provinceIndex.get(foldPlace(name)),
    findCommune: (name, provinceCode) => {
      const folded = foldPlace(name);
      return communes.find((c) => foldPlace(c.nameFr) === folded && (!provinceCode || c.provinceCode === provinceCode));
    },
    communesOf: (code) => communes.filter((c) => c.provinceCode === code).sort((a, b) => a.nameFr.localeCompare(b.nameFr, 'fr')),
  };
  return cached;
}
