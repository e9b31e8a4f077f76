/**
 * `capi validate --edition publique`: warnings about the personal details a public edition would
 * still print (fiches.md, « Personal data »: law 09-08 / CNDP, GDPR): a person named with their
 * function, a function tied to a named place, each located at the detail itself (file:line:column)
 * with how to fix it. (Phone numbers and e-mail addresses are reported in every edition by the quality
 * check, `quality.phone` and `quality.email`.) The public edition coarsens what it detects
 * (`src/view/edition.ts`); the warning asks the researcher to write it so in the sheet.
 */
import { isRecord, rangeOf, type DataPath, type LoadedSheet } from '../load/sheet.js';
import type { Diagnostic } from './diagnostic.js';
import { findPersonalDetails, type PersonalDetailKind } from '../util/personal-data.js';
import { t } from '../i18n/index.js';

/** Keys never printed in a public document, or not free text: not searched. */
const SKIPPED = new Set(['fiche', 'id', 'statut', 'auteurs', 'revue', 'osim', 'fichier', 'site_web', 'informateur', 'code']);

/** Every string of the data with its path, outside {@link SKIPPED} keys. */
function strings(value: unknown, path: DataPath, out: Array<{ path: DataPath; text: string }>): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, i], out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (!SKIPPED.has(k)) strings(v, [...path, k], out);
}

/**
 * Message key of each kind of detail reported here (`personal.*` in the catalogues; the hint is
 * `….hint`). Phone numbers and e-mail addresses are not: the coordinator's quality check reports them
 * in every edition (`quality.phone`, `quality.email`).
 */
const KEY: Partial<Record<PersonalDetailKind, string>> = {
  'named-function': 'personal.named-function',
  'function-place': 'personal.function-place',
};

/**
 * Where `found` is in the source of the scalar at `path`: its line and column when the text can be
 * found there (also across the line breaks of a folded or block scalar), else the scalar's start.
 */
function locate(sheet: LoadedSheet, path: DataPath, found: string): { line: number; column: number; endLine: number; endColumn: number } {
  const r = rangeOf(sheet, path);
  const starts = sheet.lineCounter.lineStarts;
  const from = (starts[r.line - 1] ?? 0) + r.column - 1;
  const to = (starts[r.endLine - 1] ?? 0) + r.endColumn - 1;
  const pattern = new RegExp(found.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(String.raw`\s+`), 'u');
  const m = pattern.exec(sheet.text.slice(from, Math.max(to, from)));
  if (!m) return r;
  const s = sheet.lineCounter.linePos(from + m.index);
  const e = sheet.lineCounter.linePos(from + m.index + m[0].length);
  return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

/**
 * The personal details of a sheet that a public edition would print, as warnings (code
 * `personal.<kind>`), each at the detail's own line and column. Authors, review and ids are not
 * searched (never printed, or not free text).
 */
export function personalDataDiagnostics(sheet: LoadedSheet): Diagnostic[] {
  const found: Array<{ path: DataPath; text: string }> = [];
  strings(sheet.data, [], found);
  const out: Diagnostic[] = [];
  for (const { path, text } of found) {
    for (const d of findPersonalDetails(text)) {
      const key = KEY[d.kind];
      if (!key) continue;
      const at = locate(sheet, path, d.text);
      out.push({
        file: sheet.file,
        ...at,
        severity: 'warning',
        code: key,
        message: t(key, { text: d.text }),
        hint: t(`${key}.hint`),
      });
    }
  }
  return out;
}
