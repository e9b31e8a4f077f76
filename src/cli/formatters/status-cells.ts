import { t } from '../../i18n/index.js';
import type { StatusRow } from './types.js';
import { statusLabel } from './labels.js';

/** The column titles of the dashboard (text and Markdown), in the current language. */
export function statusHead(): string[] {
  return ['id', 'author', 'place', 'status', 'completeness', 'errors', 'warnings', 'comments', 'lastChange'].map((k) => t(`status.col.${k}`));
}

/** One row as the cells of `statusHead()`: completeness « 85 % » or « — » when the schema fails. */
export function statusCells(r: StatusRow): string[] {
  return [
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
}
