import type { Diagnostic } from './diagnostic.js';
import { t } from '../i18n/index.js';

/**
 * One diagnostic as a terminal line: `file:line:column  severity  message hint`.
 * `paint` colours the severity (identity when colours are off).
 */
export function formatDiagnosticLine(d: Diagnostic, paint: (severity: Diagnostic['severity'], text: string) => string = (_, s) => s): string {
  const severity = paint(d.severity, t(`severity.${d.severity}`));
  const head = `${d.file}:${d.line}:${d.column}  ${severity}  ${d.message}${d.hint ? ` ${d.hint}` : ''}`;
  if (d.source === undefined) return head;
  // the line as written, and a caret under the column (tabs kept so the caret lines up)
  const gutter = String(d.line).length;
  const pad = [...d.source.slice(0, Math.max(0, d.column - 1))].map((c) => (c === '\t' ? '\t' : ' ')).join('');
  return `${head}\n  ${d.line} | ${d.source}\n  ${' '.repeat(gutter)} | ${pad}^`;
}
