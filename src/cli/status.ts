import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { lastChanges } from '../link/git.js';
import { isRecord } from '../load/sheet.js';
import { loadGazetteer } from '../link/places.js';
import { osimCompleteness, reCompleteness } from '../validate/completeness.js';
import type { ReSheet, OsimSheet } from '../types/index.js';
import { displayPath } from '../util/paths.js';
import { loadFormatter, type StatusRow } from './formatters/index.js';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * `capi status [workspace]`: one line per sheet (id, author, province/commune, status, completeness,
 * errors, warnings, open review comments, last change), sorted by id, in the `--format` asked.
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
  await (await loadFormatter('status', options.format))(rows, { io });
  return 0;
}
