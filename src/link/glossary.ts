/**
 * The workspace glossary, `glossaire.yaml` at the workspace root (optional): acronyms (INDH, ONEE…) and
 * local terms (douar, séguia, tiwizi…) explained at the end of the booklet. Read and checked here, once:
 * the same file checks as a sheet (encoding, YAML syntax, duplicate keys…), then
 * `schemas/glossaire.schema.json`, then one entry per term. `capi validate` reports its problems among
 * the sheets'; `capi booklet` stops on them (exit 2), as it does for the configuration.
 */
import { isRecord, rangeOf, type LoadedSheet } from '../load/sheet.js';
import { readWorkspaceFile } from './workspace-file.js';
import { validatorFor } from '../validate/schemas.js';
import { schemaDiagnostics } from '../validate/schema-errors.js';
import { sortDiagnostics, type Diagnostic } from '../validate/diagnostic.js';
import type { GlossarySheet, GlossaryTerm } from '../types/index.js';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';
import { GLOSSARY_FILE } from './workspace.js';

/** One checked entry of the glossary, as written (trimmed). */
export type GlossaryEntry = GlossaryTerm;

/** The glossary of a workspace: its entries (empty without a file, or when it has errors) and its problems. */
export interface GlossaryResult {
  /** Absolute path of `glossaire.yaml`, when the workspace has one. */
  file?: string;
  /** The entries in the order of the file (none when the file has errors). */
  terms: GlossaryEntry[];
  /** Problems of the file, in source order, located at the key or value concerned. */
  diagnostics: Diagnostic[];
}

/** Folds a term for comparison: case, accents and spaces do not make two terms different. */
function fold(term: string): string {
  return term.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr').replace(/\s+/g, ' ').trim();
}

/** An error for each term already defined above it (« Douar » and « douar » are one term); `terms[i]` is '' when not a text. */
function duplicateTerms(sheet: LoadedSheet, terms: readonly string[]): Diagnostic[] {
  const first = new Map<string, number>();
  const out: Diagnostic[] = [];
  terms.forEach((term, i) => {
    const key = fold(term);
    if (key === '') return;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, i);
      return;
    }
    const r = rangeOf(sheet, ['termes', i, 'terme']);
    const before = rangeOf(sheet, ['termes', seen, 'terme']);
    out.push({
      file: sheet.file,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      severity: 'error',
      code: 'glossary.duplicate-term',
      message: t('glossary.duplicate', { term, line: before.line }),
      hint: t('glossary.duplicateHint'),
    });
  });
  return out;
}

/**
 * Reads and checks the glossary of the workspace at `root`. An absent file is no glossary (no entry, no
 * problem); an empty one (or only comments) too. Diagnostics name the file as seen from `cwd`.
 * @returns the entries (trimmed) when the file has no error, and its problems
 * @throws UserError (exit 2) only when the file exists but cannot be read (permissions)
 */
export async function readGlossary(root: string, cwd = process.cwd()): Promise<GlossaryResult> {
  const read = await readWorkspaceFile(root, GLOSSARY_FILE, cwd);
  if (!read) return { terms: [], diagnostics: [] };
  const { file, shown, sheet, diagnostics } = read;
  if (!sheet || sheet.data === null || sheet.data === undefined) return { file, terms: [], diagnostics };
  if (!isRecord(sheet.data)) {
    const actual = Array.isArray(sheet.data) ? t('type.array') : t(`type.${typeof sheet.data}`);
    return { file, terms: [], diagnostics: [...diagnostics, { file: shown, line: 1, column: 1, severity: 'error', code: 'glossary.not-a-map', message: t('glossary.notAMap', { actual }), hint: t('glossary.notAMapHint') }] };
  }
  const validate = validatorFor('glossary');
  if (!validate(sheet.data)) diagnostics.push(...schemaDiagnostics(sheet, validate.errors ?? [], t('glossary.root')));
  // duplicates are told even beside schema errors (entries whose term is a text)
  const written = Array.isArray(sheet.data.termes) ? (sheet.data.termes as unknown[]) : [];
  diagnostics.push(...duplicateTerms(sheet, written.map((e) => (isRecord(e) && typeof e.terme === 'string' ? e.terme : ''))));
  if (diagnostics.some((d) => d.severity === 'error')) return { file, terms: [], diagnostics: sortDiagnostics(diagnostics) };
  const terms = (sheet.data as unknown as GlossarySheet).termes.map((e) => ({
    terme: e.terme.trim(),
    ...(e.forme_developpee?.trim() ? { forme_developpee: e.forme_developpee.trim() } : {}),
    ...(e.graphie?.trim() ? { graphie: e.graphie.trim() } : {}),
    definition: e.definition.trim(),
  }));
  return { file, terms, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The glossary of a workspace for a command that prints it (`capi booklet`).
 * @throws UserError (exit 2) listing the located errors when the file has any
 */
export async function loadGlossary(root: string, cwd = process.cwd()): Promise<GlossaryEntry[]> {
  const { file, terms, diagnostics } = await readGlossary(root, cwd);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (file && errors.length) throw new UserError(t('glossary.broken', { file: displayPath(file, cwd), count: errors.length }), 2, errors);
  return terms;
}
