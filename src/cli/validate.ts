import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { displayPath } from '../util/paths.js';
import { hasErrors } from '../validate/diagnostic.js';
import { loadFormatter } from './formatters/index.js';
import { t } from '../i18n/index.js';

/** Output formats of `capi validate` (one module each in `formatters/`). */
export type DiagnosticFormat = 'text' | 'json' | 'github' | 'junit';

/**
 * `capi validate [paths…]`: checks sheets and prints the problems in the `--format` asked (its
 * formatter module is loaded for this run only). With `--fix`, the safe fixes are made first and shown
 * (`./fix.ts`), so what is printed after is what is left for the person; `--dry-run` (alone or with
 * `--fix`) shows the fixes without writing, and the check is then of the files as they are.
 * @returns 0 no errors (warnings allowed), 1 errors in the sheets; throws UserError (2) for bad paths
 */
export async function runValidate(paths: string[], options: { format: DiagnosticFormat; quiet?: boolean; fix?: boolean; dryRun?: boolean }, io: CliIo): Promise<number> {
  if (options.fix || options.dryRun) {
    // the diff goes where the report does not: stdout for text, stderr beside a JSON, GitHub or JUnit report
    const out = options.format === 'text' ? io.stdout : io.stderr;
    const { fixFiles } = await import('./fix.js');
    await fixFiles(paths, { dryRun: options.dryRun }, io, out);
  }
  // `capi validate` checks the workspace's capi.config.yaml too (the other commands read sheets only)
  const result = await checkPaths(paths, io.cwd, { config: true });
  const format = await loadFormatter('validate', options.format);
  if (options.fix && !options.dryRun && options.format === 'text' && result.diagnostics.length > 0) io.stdout.write(`${t('fix.left')}\n`);
  await format(
    {
      diagnostics: options.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics,
      all: result.diagnostics,
      sheets: result.files.length,
      files: [...result.files, ...(result.configFile ? [result.configFile] : [])].map((f) => displayPath(f, io.cwd)),
    },
    { io },
  );
  return hasErrors(result.diagnostics) ? 1 : 0;
}
