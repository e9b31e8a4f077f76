import { appendFile } from 'node:fs/promises';
import type { Diagnostic } from '../../validate/diagnostic.js';
import { t } from '../../i18n/index.js';
import type { FormatContext, ValidateResult } from './types.js';
import { summaryLine } from './summary.js';
import { markdownCell as esc } from '../../util/markdown-table.js';

/** Escapes a GitHub workflow command's message (`%`, CR, LF). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a GitHub workflow command's property (also `:` and `,`). */
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Diagnostics as GitHub Actions workflow commands, one per line:
 * `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=capi CODE::message hint` (warnings alike),
 * which GitHub shows as annotations on the lines of the pull request.
 */
export function workflowCommands(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [
        `file=${ghProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        ...(d.endLine ? [`endLine=${d.endLine}`] : []),
        ...(d.endColumn ? [`endColumn=${d.endColumn}`] : []),
        `title=${ghProperty(`capi ${d.code}`)}`,
      ].join(',');
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${ghData(d.hint ? `${d.message} ${d.hint}` : d.message)}\n`;
    })
    .join('');
}

/** A Markdown summary for `$GITHUB_STEP_SUMMARY`: counts, then a table of the problems (at most 200 rows). */
export function stepSummary(diagnostics: readonly Diagnostic[], sheets: number): string {
  const lines = [`### ${t('summary.title')}`, '', summaryLine(diagnostics, sheets), ''];
  if (diagnostics.length) {
    lines.push(`| ${t('summary.col.place')} | ${t('summary.col.severity')} | ${t('summary.col.message')} |`, '|---|---|---|');
    for (const d of diagnostics.slice(0, 200)) lines.push(`| \`${esc(d.file)}:${d.line}:${d.column}\` | ${t(`severity.${d.severity}`)} | ${esc(d.hint ? `${d.message} ${d.hint}` : d.message)} |`);
    if (diagnostics.length > 200) lines.push('', t('summary.more', { count: diagnostics.length - 200 }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `validate --format github`: workflow commands on stdout, the Markdown summary appended to
 * `$GITHUB_STEP_SUMMARY` when set (a summary that cannot be written is skipped), the summary line
 * on stderr.
 */
export async function format(result: ValidateResult, { io }: FormatContext): Promise<void> {
  io.stdout.write(workflowCommands(result.diagnostics));
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, stepSummary(result.diagnostics, result.sheets)).catch(() => undefined);
  io.stderr.write(`${summaryLine(result.diagnostics, result.sheets)}\n`);
}
