import chalk, { Chalk } from 'chalk';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { lastChanges } from '../link/git.js';
import { isRecord } from '../load/sheet.js';
import { loadGazetteer } from '../link/places.js';
import { osimCompleteness, reCompleteness } from '../validate/completeness.js';
import { enumLabel } from '../validate/schemas.js';
import type { ReSheet, OsimSheet } from '../types/index.js';
import { t } from '../i18n/index.js';
import { displayPath } from '../util/paths.js';
import { markdownTable } from '../util/markdown-table.js';

/** One line of the dashboard. */
export interface StatusRow {
  id: string;
  file: string;
  kind: 're' | 'osim' | '?';
  author: string;
  province: string;
  commune: string;
  status: string;
  /** 0–100, or null when the sheet does not pass the schema. */
  completeness: number | null;
  missing: string[];
  errors: number;
  warnings: number;
  openComments: number;
  /** `YYYY-MM-DD`, from git when the workspace is a git repository. */
  lastChange: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * `capi status [workspace]`: one line per sheet (id, author, province/commune, status, completeness,
 * errors, warnings, open review comments, last change), sorted by id.
 * @returns 0 (a report); throws UserError (2) for bad paths
 */
export async function runStatus(paths: string[], options: { format: 'text' | 'json' | 'csv' | 'markdown' }, io: CliIo): Promise<number> {
  const result = await checkPaths(paths, io.cwd);
  const { dates } = await lastChanges(result.root, result.files);
  const g = loadGazetteer();
  const rows: StatusRow[] = [];
  const byFile = new Map(result.sheets.map((s) => [s.absPath, s]));
  for (const file of result.files) {
    const sheet = byFile.get(file);
    const display = sheet?.file ?? displayPath(file, io.cwd);
    const diags = result.diagnostics.filter((d) => d.file === display);
    const data = sheet && isRecord(sheet.data) ? sheet.data : {};
    const schemaOk = !diags.some((d) => d.severity === 'error' && (d.code.startsWith('schema.') || d.code.startsWith('yaml.') || d.code.startsWith('file.')));
    let completeness: { score: number; missing: string[] } | null = null;
    if (sheet?.kind === 're' && schemaOk) completeness = reCompleteness(data as unknown as ReSheet);
    if (sheet?.kind === 'osim' && schemaOk) completeness = osimCompleteness(data as unknown as OsimSheet);
    const terr = isRecord(data.territoire) ? data.territoire : isRecord(data.territoire_origine) ? data.territoire_origine : {};
    const province = g.findProvince(str(terr.province));
    const communeName = str(terr.commune) || (Array.isArray(terr.communes) ? terr.communes.filter((c): c is string => typeof c === 'string').join(', ') : '');
    const commune = g.findCommune(communeName, province?.code);
    const revue = isRecord(data.revue) ? data.revue : {};
    const comments = Array.isArray(revue.commentaires) ? revue.commentaires.filter(isRecord) : [];
    const authors = Array.isArray(data.auteurs) ? data.auteurs.filter(isRecord) : [];
    const author = authors.find((a) => a.role === 'enqueteur') ?? authors[0];
    rows.push({
      id: str(data.id) || display,
      file: display,
      kind: sheet?.kind ?? '?',
      author: author ? str(author.nom) : '',
      province: province?.nameFr ?? str(terr.province),
      commune: commune?.nameFr ?? communeName,
      status: str(data.statut),
      completeness: completeness?.score ?? null,
      missing: completeness?.missing ?? [],
      errors: diags.filter((d) => d.severity === 'error').length,
      warnings: diags.filter((d) => d.severity === 'warning').length,
      openComments: comments.filter((c) => c.resolu !== true).length,
      lastChange: dates.get(file) ?? '',
    });
  }
  rows.sort((a, b) => a.kind.localeCompare(b.kind) * -1 || a.id.localeCompare(b.id));
  io.stdout.write(formatStatus(rows, options.format, io.color));
  return 0;
}

const statusLabel = (s: string) => (s ? enumLabel('common.schema.json#/$defs/statut', s) : '?');

/** The dashboard in one of its formats (text: a table, coloured when `color`). */
export function formatStatus(rows: StatusRow[], format: 'text' | 'json' | 'csv' | 'markdown', color = false): string {
  const head = ['id', 'author', 'place', 'status', 'completeness', 'errors', 'warnings', 'comments', 'lastChange'].map((k) => t(`status.col.${k}`));
  const cells = (r: StatusRow) => [
    r.id,
    r.author,
    [r.commune, r.province].filter(Boolean).join(', '),
    statusLabel(r.status),
    r.completeness === null ? '—' : `${r.completeness} %`,
    String(r.errors),
    String(r.warnings),
    String(r.openComments),
    r.lastChange,
  ];
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    return stringify([
      ['id', 'fichier', 'type', 'auteur', 'province', 'commune', 'statut', 'completude', 'manques', 'erreurs', 'avertissements', 'commentaires_ouverts', 'derniere_modification'],
      ...rows.map((r) => [r.id, r.file, r.kind, r.author, r.province, r.commune, r.status, r.completeness ?? '', r.missing.join(' ; '), r.errors, r.warnings, r.openComments, r.lastChange]),
    ]);
  }
  if (format === 'markdown') {
    return markdownTable(head, rows.map(cells));
  }
  const c = new Chalk({ level: color ? chalk.level || 1 : 0 });
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: color ? undefined : { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  });
  for (const r of rows) {
    const row = cells(r);
    if (color) {
      row[3] = r.status === 'validee' ? c.green(row[3]) : r.status === 'a-reviser' ? c.yellow(row[3]) : row[3];
      row[4] = r.completeness === null ? c.red(row[4]) : r.completeness >= 90 ? c.green(row[4]) : r.completeness >= 60 ? c.yellow(row[4]) : c.red(row[4]);
      row[5] = r.errors ? c.red(row[5]) : row[5];
      row[6] = r.warnings ? c.yellow(row[6]) : row[6];
      row[7] = r.openComments ? c.yellow(row[7]) : row[7];
    }
    table.push(row);
  }
  const lines = table.toString().split('\n').map((l) => l.trimEnd());
  return `${lines.join('\n')}\n`;
}
