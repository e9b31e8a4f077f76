import path from 'node:path';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isRecord, rangeOf, type LoadedSheet } from '../load/sheet.js';
import { suggest } from '../validate/schema-errors.js';
import { t } from '../i18n/index.js';

/** The id of a sheet, when it has a string one. */
export function sheetId(sheet: LoadedSheet): string | undefined {
  const id = isRecord(sheet.data) ? sheet.data.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Checks the links between sheets of a workspace (the "double regard" rules of fiches.md):
 * - every id is unique across the workspace (an error on each copy, naming the other file and line);
 * - every id in an RE sheet's `osim` list names an existing OSIM sheet (error with "did you mean");
 * - a file's name matches its id (warning).
 *
 * @param sheets every loaded sheet of the workspace (OSIM and RE)
 * @param checked the files whose diagnostics are wanted (absolute paths); others only serve as index
 */
export function checkLinks(sheets: readonly LoadedSheet[], checked: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, LoadedSheet[]>();
  for (const sheet of sheets) {
    const id = sheetId(sheet);
    if (id === undefined) continue;
    byId.set(id, [...(byId.get(id) ?? []), sheet]);
  }
  const at = (sheet: LoadedSheet, p: Array<string | number>) => {
    const r = rangeOf(sheet, p);
    return { file: sheet.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
  };

  for (const [id, copies] of byId) {
    if (copies.length < 2) continue;
    for (const sheet of copies) {
      if (!checked.has(sheet.absPath)) continue;
      const others = copies
        .filter((o) => o !== sheet)
        .map((o) => `${o.file}:${rangeOf(o, ['id']).line}`)
        .join(', ');
      out.push({ ...at(sheet, ['id']), severity: 'error', code: 'link.duplicate-id', message: t('link.duplicateId', { id, other: others }), hint: t('link.duplicateIdHint') });
    }
  }

  const osimIds = [...byId.entries()].filter(([, s]) => s.some((x) => x.kind === 'osim')).map(([id]) => id).sort();
  for (const sheet of sheets) {
    if (!checked.has(sheet.absPath)) continue;
    const id = sheetId(sheet);
    if (id !== undefined) {
      const base = path.basename(sheet.absPath).replace(/\.ya?ml$/i, '');
      if (base !== id) {
        out.push({ ...at(sheet, ['id']), severity: 'warning', code: 'link.file-name', message: t('link.fileName', { name: path.basename(sheet.absPath), id }), hint: t('link.fileNameHint', { expected: `${id}.yaml` }) });
      }
    }
    if (sheet.kind !== 're' || !isRecord(sheet.data) || !Array.isArray(sheet.data.osim)) continue;
    sheet.data.osim.forEach((ref: unknown, index: number) => {
      if (typeof ref !== 'string') return;
      const targets = byId.get(ref);
      if (targets?.some((s) => s.kind === 'osim')) return;
      if (targets && targets.length > 0) {
        out.push({ ...at(sheet, ['osim', index]), severity: 'error', code: 'link.not-osim', message: t('link.notOsim', { id: ref, kind: targets[0].kind ?? '?' }) });
        return;
      }
      const near = suggest(ref, osimIds);
      out.push({
        ...at(sheet, ['osim', index]),
        severity: 'error',
        code: 'link.unknown-osim',
        message: t('link.unknownOsim', { id: ref }),
        hint: near ? t('link.unknownOsimHint', { suggestion: near }) : osimIds.length ? t('link.unknownOsimList', { ids: osimIds.join(', ') }) : undefined,
      });
    });
  }
  return out;
}
