import path from 'node:path';
import type { Diagnostic } from '../validate/diagnostic.js';
import { isRecord, rangeOf, type LoadedSheet } from '../load/sheet.js';
import { suggest } from '../validate/schema-errors.js';
import { t } from '../i18n/index.js';
import { loadGazetteer, placeKey } from './places.js';

/** The id of a sheet, when it has a string one. */
export function sheetId(sheet: LoadedSheet): string | undefined {
  const id = isRecord(sheet.data) ? sheet.data.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** What is known of the workspace's sheets that could not be parsed (a syntax error, an unreadable file). */
export interface UnreadableSheets {
  /** Sheet ids (`OSIM-FR-02`, `RE-TIZ-01`) their text mentions. */
  mentioned: Set<string>;
  /** Their file names without `.yaml`: the id each most likely has. */
  names: Set<string>;
}

/**
 * What the raw texts of sheets that could not be parsed say about links: the sheet ids they mention
 * (`OSIM-FR-02`, `RE-TIZ-01`: the pattern `(OSIM|RE)-[A-Z0-9]+-[0-9]+`, as the schemas write ids) and their file names.
 *
 * @param files absolute path and text (undefined when unreadable) of each sheet that failed to parse
 */
export function unreadableSheets(files: ReadonlyArray<{ absPath: string; text?: string }>): UnreadableSheets {
  const mentioned = new Set<string>();
  const names = new Set<string>();
  for (const f of files) {
    names.add(path.basename(f.absPath).replace(/\.ya?ml$/i, ''));
    for (const m of f.text?.matchAll(/\b(?:OSIM|RE)-[A-Z0-9]+-[0-9]+\b/g) ?? []) mentioned.add(m[0]);
  }
  return { mentioned, names };
}

/**
 * Checks the links between sheets of a workspace (the "double regard" rules of fiches.md):
 * - every id is unique across the workspace (an error on each copy, naming the other file and line);
 * - every id in an RE sheet's `osim` list names an existing OSIM sheet (error with "did you mean");
 * - a file's name matches its id (warning).
 *
 * @param sheets every loaded sheet of the workspace (OSIM and RE)
 * @param checked the files whose diagnostics are wanted (absolute paths); others only serve as index
 * @param unreadable what is known of the sheets that could not be parsed (see `unreadableSheets`): one
 *   mistake gives one message, so an OSIM id their text mentions counts as cited, and a reference to
 *   an id that may be theirs (their file name) is not reported unknown
 */
export function checkLinks(sheets: readonly LoadedSheet[], checked: ReadonlySet<string>, unreadable: UnreadableSheets = { mentioned: new Set(), names: new Set() }): Diagnostic[] {
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
    const re = sheet.data;
    sheet.data.osim.forEach((ref: unknown, index: number) => {
      if (typeof ref !== 'string') return;
      const targets = byId.get(ref);
      const osim = targets?.find((s) => s.kind === 'osim');
      if (osim) {
        out.push(...consistency(sheet, re, osim, index));
        return;
      }
      if (!targets && unreadable.names.has(ref)) return; // its sheet has an error of its own
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
  // OSIM sheets that no RE sheet links to (coverage of the double regard)
  const cited = new Set<string>(unreadable.mentioned);
  // (`osim: OSIM-FR-01` written as one text instead of a list is a citation too: its schema error says
  // how to write the list, one mistake gives one message)
  for (const s of sheets) if (s.kind === 're' && isRecord(s.data)) for (const r of [s.data.osim].flat()) if (typeof r === 'string') cited.add(r);
  for (const sheet of sheets) {
    const id = sheetId(sheet);
    if (sheet.kind !== 'osim' || !checked.has(sheet.absPath) || id === undefined || cited.has(id)) continue;
    out.push({ ...at(sheet, ['id']), severity: 'warning', code: 'link.orphan-osim', message: t('link.orphanOsim', { id }), hint: t('link.orphanOsimHint', { id }) });
  }
  return out;
}

/**
 * Consistency of an RE sheet with one OSIM sheet it cites (warnings): its commune is in the OSIM's
 * `territoire_origine.communes`, and one of the OSIM's `projets` is in that commune.
 */
function consistency(sheet: LoadedSheet, re: Record<string, unknown>, osim: LoadedSheet, index: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const o = osim.data;
  const commune = isRecord(re.territoire) && typeof re.territoire.commune === 'string' ? re.territoire.commune : undefined;
  if (!commune || !isRecord(o)) return out;
  const g = loadGazetteer();
  const key = (name: string) => {
    const c = g.findCommune(name);
    return c ? c.code : placeKey(name);
  };
  const communeKey = key(commune);
  const to = isRecord(o.territoire_origine) && Array.isArray(o.territoire_origine.communes) ? (o.territoire_origine.communes as unknown[]).filter((c): c is string => typeof c === 'string') : [];
  // positions are computed only for a warning: they need the full YAML document
  const where = () => {
    const r = rangeOf(sheet, ['territoire', 'commune']);
    return { file: sheet.file, line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
  };
  const osimAt = () => `${osim.file}:${rangeOf(osim, ['territoire_origine', 'communes']).line}`;
  if (to.length && !to.some((c) => key(c) === communeKey)) {
    out.push({ ...where(), severity: 'warning', code: 'link.commune-not-in-osim', message: t('link.communeNotInOsim', { commune, id: String(o.id), communes: to.join(', '), file: osimAt() }), hint: t('link.communeNotInOsimHint') });
    return out;
  }
  const projets = Array.isArray(o.projets) ? o.projets.filter(isRecord) : [];
  if (projets.length && !projets.some((p) => typeof p.commune === 'string' && key(p.commune) === communeKey)) {
    const pr = rangeOf(sheet, ['osim', index]);
    out.push({ file: sheet.file, line: pr.line, column: pr.column, endLine: pr.endLine, endColumn: pr.endColumn, severity: 'warning', code: 'link.project-not-in-osim', message: t('link.projectNotInOsim', { id: String(o.id), commune, file: `${osim.file}:${rangeOf(osim, ['projets']).line}` }), hint: t('link.projectNotInOsimHint', { id: String(o.id) }) });
  }
  return out;
}
