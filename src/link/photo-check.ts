import path from 'node:path';
import { readImageHeader, type ImageHeader } from '../util/image-header.js';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isRecord, rangeOf, type LoadedSheet } from '../load/sheet.js';
import { t } from '../i18n/index.js';
import { sheetPath } from '../util/paths.js';

/** Largest photo capi accepts, in bytes. */
export const MAX_PHOTO_BYTES = 15 * 1024 * 1024;

/**
 * Checks the photos of an RE sheet, so `validate` catches what `render` would fail on: each `fichier`
 * (relative to the sheet) must stay inside the workspace root, exist, and be a PNG or JPEG image by its
 * bytes (not its name). Paths the schema already refuses (absolute, URLs) are left to the schema.
 *
 * @param root workspace root (absolute)
 */
export function checkPhotos(sheet: LoadedSheet, root: string): Diagnostic[] {
  const data = sheet.data;
  if (sheet.kind !== 're' || !isRecord(data) || !Array.isArray(data.photos)) return [];
  const out: Diagnostic[] = [];
  data.photos.forEach((photo, i) => {
    if (!isRecord(photo) || typeof photo.fichier !== 'string') return;
    const given = photo.fichier;
    if (path.isAbsolute(given) || /^[a-z][a-z0-9+.-]*:/i.test(given)) return; // the schema says why
    if (/\.(heic|heif)$/i.test(given)) return; // so does it for an iPhone photo, by its name
    // positions only for a problem: they need the full YAML document
    const where = () => {
      const r = rangeOf(sheet, ['photos', i, 'fichier']);
      return { file: sheet.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, severity: 'error' as const };
    };
    const abs = path.resolve(path.dirname(sheet.absPath), sheetPath(given));
    const rel = path.relative(root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      out.push({ ...where(), code: 'photo.outside', message: t('photo.outside', { path: given }), hint: t('photo.outsideHint') });
      return;
    }
    let header: ImageHeader;
    try {
      header = readImageHeader(abs); // the header only: photos are up to 15 MB
    } catch {
      out.push({ ...where(), code: 'photo.missing', message: t('photo.missing', { path: given }), hint: t('photo.missingHint') });
      return;
    }
    if (header.bytes > MAX_PHOTO_BYTES) {
      out.push({ ...where(), code: 'photo.too-large', message: t('photo.tooLarge', { path: given, size: Math.round(header.bytes / 1024 / 1024), max: MAX_PHOTO_BYTES / 1024 / 1024 }), hint: t('photo.tooLargeHint') });
      return;
    }
    const type = header.type;
    if (type === 'heif') {
      out.push({ ...where(), code: 'photo.heic', message: t('photo.heic', { path: given }), hint: t('photo.heicHint') });
    } else if (type !== 'png' && type !== 'jpg') {
      out.push({ ...where(), code: 'photo.invalid', message: t('photo.invalid', { path: given }), hint: t('photo.invalidHint') });
    }
  });
  return out;
}
