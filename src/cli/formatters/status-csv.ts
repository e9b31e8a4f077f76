import { stringify } from 'csv-stringify/sync';
import type { FormatContext, StatusRow } from './types.js';

/**
 * `status --format csv`: one row per sheet with French column names (a spreadsheet's import), the
 * missing items joined by « ; », the statut as its value (`validee`), completeness empty when unknown.
 */
export function format(rows: StatusRow[], { io }: FormatContext): void {
  io.stdout.write(
    stringify([
      ['id', 'fichier', 'type', 'auteur', 'province', 'commune', 'statut', 'completude', 'manques', 'erreurs', 'avertissements', 'commentaires_ouverts', 'derniere_modification'],
      ...rows.map((r) => [r.id, r.file, r.kind, r.author, r.province, r.commune, r.status, r.completeness ?? '', r.missing.join(' ; '), r.errors, r.warnings, r.openComments, r.lastChange]),
    ]),
  );
}
