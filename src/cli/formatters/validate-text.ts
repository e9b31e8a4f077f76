import chalk, { Chalk } from 'chalk';
import { formatDiagnosticLine } from '../../validate/format.js';
import type { FormatContext, ValidateResult } from './types.js';
import { summaryLine } from './summary.js';

/**
 * `validate --format text` (the default): one `file:line:column  severity  message hint` line per
 * problem on stdout (with the source line and a caret for syntax errors), severities coloured when the
 * terminal allows; the summary line on stderr (counting every problem, even with `--quiet`).
 */
export function format(result: ValidateResult, { io }: FormatContext): void {
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const paint = (severity: 'error' | 'warning', s: string) => (severity === 'error' ? c.red.bold(s) : c.yellow(s));
  for (const d of result.diagnostics) io.stdout.write(`${formatDiagnosticLine(d, paint)}\n`);
  const summary = summaryLine(result.all, result.sheets);
  io.stderr.write(`${result.all.length === 0 ? c.green(summary) : summary}\n`);
}
