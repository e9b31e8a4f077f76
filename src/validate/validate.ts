import type { Diagnostic } from './diagnostic.js';
import { isRecord, rangeOf, withData, type LoadedSheet, type SheetKind } from '../load/sheet.js';
import { statusValidatorFor, validatorFor } from './schemas.js';
import { schemaDiagnostics } from './schema-errors.js';
import { t } from '../i18n/index.js';

/**
 * Checks one loaded sheet against the JSON Schema of its kind (`schemas/re.schema.json` or
 * `schemas/osim.schema.json`, draft 2020-12). A sheet whose `fiche` is missing or unknown gets one
 * error at its `fiche` key (or first line) and is not checked further.
 *
 * @param options.sorted false to leave the diagnostics in the schema's order, unlocated (`diagnosticAt`):
 *   for a caller that sorts them later, or never prints them (the warnings of `validate -q`)
 * @returns diagnostics in source order (empty when the sheet is valid)
 */
export function validateSheet(sheet: LoadedSheet, options: { sorted?: boolean } = {}): Diagnostic[] {
  if (!isRecord(sheet.data)) {
    const actual = Array.isArray(sheet.data) ? t('type.array') : t(`type.${sheet.data === null ? 'null' : typeof sheet.data}`);
    return [{ file: sheet.file, line: 1, column: 1, severity: 'error', code: 'schema.not-a-map', message: t('schema.notAMap', { actual }) }];
  }
  if (sheet.kind === null) {
    const r = rangeOf(sheet, ['fiche']);
    return [
      { file: sheet.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, severity: 'error', code: 'schema.no-kind', message: t('schema.noKind'), hint: t('schema.noKindHint') },
    ];
  }
  const validate = validatorFor(sheet.kind);
  if (validate(sheet.data)) return [];
  const out = schemaDiagnostics(sheet, validate.errors ?? []);
  return options.sorted === false ? out : out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The schema's errors `sheet` (of kind `kind`) would have with its `statut` set to `statut`, for a
 * sheet its schema accepts as it is (not checked here): only the rules that depend on the status are run
 * (`statusValidatorFor`), the rest of the schema having nothing new to say. Unsorted, unlocated
 * (`diagnosticAt`), at the places of a view of the sheet with that status (its text and positions).
 */
export function validateAtStatus(sheet: LoadedSheet, kind: SheetKind, statut: string): Diagnostic[] {
  const data = { ...(sheet.data as Record<string, unknown>), statut };
  const validate = statusValidatorFor(kind);
  return validate(data) ? [] : schemaDiagnostics(withData(sheet, data), validate.errors ?? []);
}
