import type { FormatContext, ValidateResult } from './types.js';

/**
 * `validate --format json`: `{ files, errors, warnings, diagnostics: [{file, line, column, endLine,
 * endColumn, severity, code, message, hint}] }`, pretty-printed on stdout (counts of the diagnostics
 * shown: errors only with `--quiet`).
 */
export function format(result: ValidateResult, { io }: FormatContext): void {
  const { diagnostics } = result;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const report = {
    files: result.sheets,
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
  };
  io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
