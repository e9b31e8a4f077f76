import type { Diagnostic } from './diagnostic.js';
import { t } from '../i18n/index.js';

/** Output formats of `capi validate`. */
export type DiagnosticFormat = 'text' | 'json';

/**
 * One diagnostic as a terminal line: `file:line:column  severity  message hint`.
 * `paint` colours the severity (identity when colours are off).
 */
export function formatDiagnosticLine(d: Diagnostic, paint: (severity: Diagnostic['severity'], text: string) => string = (_, s) => s): string {
  const severity = paint(d.severity, t(`severity.${d.severity}`));
  return `${d.file}:${d.line}:${d.column}  ${severity}  ${d.message}${d.hint ? ` ${d.hint}` : ''}`;
}

/**
 * Diagnostics as JSON: `{ files, errors, warnings, diagnostics: [{file, line, column, endLine,
 * endColumn, severity, code, message, hint}] }`, pretty-printed.
 */
export function formatJson(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return JSON.stringify(
    {
      files,
      errors,
      warnings: diagnostics.length - errors,
      diagnostics: diagnostics.map((d) => ({
        file: d.file,
        line: d.line,
        column: d.column,
        endLine: d.endLine ?? d.line,
        endColumn: d.endColumn ?? d.column,
        severity: d.severity,
        code: d.code,
        message: d.message,
        hint: d.hint ?? null,
      })),
    },
    null,
    2,
  );
}
