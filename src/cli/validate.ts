import chalk, { Chalk } from 'chalk';
import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { appendFile } from 'node:fs/promises';
import { formatDiagnosticLine, formatGithub, formatGithubSummary, formatJson, formatJunit, type DiagnosticFormat } from '../validate/format.js';
import { displayPath } from '../util/paths.js';
import { hasErrors } from '../validate/diagnostic.js';
import { t } from '../i18n/index.js';

/**
 * `capi validate [paths…]`: checks sheets and prints one line per problem.
 * @returns 0 no errors (warnings allowed), 1 errors in the sheets; throws UserError (2) for bad paths
 */
export async function runValidate(paths: string[], options: { format: DiagnosticFormat; quiet?: boolean }, io: CliIo): Promise<number> {
  // `capi validate` checks the workspace's capi.config.yaml too (the other commands read sheets only)
  const result = await checkPaths(paths, io.cwd, { config: true });
  const diagnostics = options.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  if (options.format === 'json') {
    io.stdout.write(`${formatJson(diagnostics, result.files.length)}\n`);
  } else if (options.format === 'junit') {
    io.stdout.write(formatJunit(diagnostics, [...result.files, ...(result.configFile ? [result.configFile] : [])].map((f) => displayPath(f, io.cwd))));
  } else if (options.format === 'github') {
    io.stdout.write(formatGithub(diagnostics));
    const summary = io.env.GITHUB_STEP_SUMMARY;
    if (summary) await appendFile(summary, formatGithubSummary(diagnostics, result.files.length)).catch(() => undefined);
    io.stderr.write(`${diagnostics.length === 0 ? t('summary.ok', { files: result.files.length }) : t('summary.problems', { files: result.files.length, errors: diagnostics.filter((d) => d.severity === 'error').length, warnings: diagnostics.filter((d) => d.severity === 'warning').length })}\n`);
  } else {
    const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
    const paint = (severity: 'error' | 'warning', s: string) => (severity === 'error' ? c.red.bold(s) : c.yellow(s));
    for (const d of diagnostics) io.stdout.write(`${formatDiagnosticLine(d, paint)}\n`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    const summary =
      result.diagnostics.length === 0
        ? c.green(t('summary.ok', { files: result.files.length }))
        : t('summary.problems', { files: result.files.length, errors, warnings });
    io.stderr.write(`${summary}\n`);
  }
  return hasErrors(result.diagnostics) ? 1 : 0;
}
