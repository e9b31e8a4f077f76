import type { Diagnostic } from '../validate/diagnostic.js';
import { isRecord, rangeOf, type DataPath, type LoadedSheet } from '../load/sheet.js';
import { loadGazetteer, type Province } from './places.js';
import { suggest } from '../validate/schema-errors.js';
import { t } from '../i18n/index.js';

/**
 * Checks the places of a sheet against the Souss-Massa reference list (HCP, `data/`):
 * RE sheets' `territoire.province` and `territoire.commune`; OSIM sheets' `territoire_origine.province`,
 * `territoire_origine.communes[]` and `projets[].commune`.
 *
 * - an official name passes; a spelling variant (case, accents, hyphens, apostrophes, NFD, and the
 *   transliteration variants of `placeKey`) is a warning giving the official spelling;
 * - an unknown name is an error suggesting the nearest official names;
 * - a commune of another province is an error naming the province it belongs to.
 * Values that are not strings are left to the schema. Source of the rule: fiches.md, « Places ».
 */
export function checkPlaces(sheet: LoadedSheet): Diagnostic[] {
  const data = sheet.data;
  if (!isRecord(data)) return [];
  const out: Diagnostic[] = [];
  if (sheet.kind === 're' && isRecord(data.territoire)) {
    const province = checkProvince(sheet, data.territoire.province, ['territoire', 'province'], out);
    checkCommune(sheet, data.territoire.commune, ['territoire', 'commune'], province, out);
  }
  if (sheet.kind === 'osim') {
    let province: Province | undefined;
    if (isRecord(data.territoire_origine)) {
      const to = data.territoire_origine;
      province = checkProvince(sheet, to.province, ['territoire_origine', 'province'], out);
      if (Array.isArray(to.communes)) to.communes.forEach((c, i) => checkCommune(sheet, c, ['territoire_origine', 'communes', i], province, out));
    }
    if (Array.isArray(data.projets)) {
      data.projets.forEach((p, i) => {
        if (isRecord(p)) checkCommune(sheet, p.commune, ['projets', i, 'commune'], undefined, out);
      });
    }
  }
  return out;
}

function at(sheet: LoadedSheet, path: DataPath) {
  const r = rangeOf(sheet, path);
  return { file: sheet.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function checkProvince(sheet: LoadedSheet, value: unknown, path: DataPath, out: Diagnostic[]): Province | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const g = loadGazetteer();
  const found = g.matchProvince(value);
  if (!found) {
    const near = suggest(value, g.provinces.map((p) => p.nameFr));
    out.push({
      ...at(sheet, path),
      severity: 'error',
      code: 'place.unknown-province',
      message: t('place.unknownProvince', { value, list: g.provinces.map((p) => p.nameFr).join(', ') }),
      hint: near ? t('schema.didYouMean', { value: near }) : undefined,
    });
    return undefined;
  }
  if (!found.exact) {
    out.push({ ...at(sheet, path), severity: 'warning', code: 'place.variant', message: t('place.variant', { value, official: found.place.nameFr, ar: found.place.nameAr }), hint: t('place.variantHint', { official: found.place.nameFr }) });
  }
  return found.place;
}

function checkCommune(sheet: LoadedSheet, value: unknown, path: DataPath, province: Province | undefined, out: Diagnostic[]): void {
  if (typeof value !== 'string' || value.trim() === '') return;
  const g = loadGazetteer();
  const found = g.matchCommune(value);
  if (!found) {
    const near = g.nearestCommunes(value, province?.code, 3).map((c) => c.nameFr);
    out.push({
      ...at(sheet, path),
      severity: 'error',
      code: 'place.unknown-commune',
      message: province ? t('place.unknownCommune', { value, province: province.nameFr }) : t('place.unknownCommuneRegion', { value }),
      hint: near.length ? t('place.nearest', { names: near.map((n) => `« ${n} »`).join(', ') }) : undefined,
    });
    return;
  }
  if (province && found.place.provinceCode !== province.code) {
    const other = g.provinces.find((p) => p.code === found.place.provinceCode);
    out.push({
      ...at(sheet, path),
      severity: 'error',
      code: 'place.other-province',
      message: t(found.exact ? 'place.otherProvince' : 'place.otherProvinceVariant', { value, official: found.place.nameFr, province: province.nameFr, other: other?.nameFr ?? '?' }),
      hint: t('place.otherProvinceHint', { other: other?.nameFr ?? '?' }),
    });
    return;
  }
  if (!found.exact) {
    out.push({ ...at(sheet, path), severity: 'warning', code: 'place.variant', message: t('place.variant', { value, official: found.place.nameFr, ar: found.place.nameAr }), hint: t('place.variantHint', { official: found.place.nameFr }) });
  }
}
