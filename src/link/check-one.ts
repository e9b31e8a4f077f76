import type { Diagnostic } from '../validate/diagnostic.js';
import type { LoadedSheet } from '../load/sheet.js';
import { validateSheet } from '../validate/validate.js';
import { qualityDiagnostics } from '../validate/quality.js';
import { nextStatusDiagnostics } from '../validate/next-status.js';
import { checkPlaces } from './place-check.js';
import { checkPhotos } from './photo-check.js';

/**
 * The checks of one sheet on its own (no other sheet needed): JSON Schema, places, photos, and —
 * when the schema accepts it — the coordinator's checklist; then, as warnings, what the next status
 * change (`soumise`, `validee`) would refuse (see `nextStatusDiagnostics`). The diagnostics are not
 * sorted, and most are located on first read (`diagnosticAt`): `checkPaths` sorts those it prints.
 */
export function checkOne(sheet: LoadedSheet, root: string): Diagnostic[] {
  // sorted with the others by the caller (checkPaths)
  const schema = validateSheet(sheet, { sorted: false });
  const out = [...schema, ...checkPlaces(sheet), ...checkPhotos(sheet, root)];
  if (schema.length === 0) out.push(...qualityDiagnostics(sheet));
  out.push(...nextStatusDiagnostics(sheet, out));
  return out;
}
