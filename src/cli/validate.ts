import type { CliIo } from './io.js';
import { checkPaths } from '../link/check.js';
import { displayPath } from '../util/paths.js';
import { hasErrors, sortDiagnostics } from '../validate/diagnostic.js';
import { personalDataDiagnostics } from '../validate/personal-data.js';
import { loadFormatter } from './formatters/index.js';
import { t } from '../i18n/index.js';

/** Output formats of `capi validate` (one module each in `formatters/`). */
export type DiagnosticFormat = 'text' | 'json' | 'github' | 'junit';

/**
 * `capi validate [paths…]`: checks sheets and prints the problems in the `--format` asked (its
 * formatter module is loaded for this run only). With `--fix`, the safe fixes are made first and shown
 * (`./fix.ts`), so what is printed after is what is left for the person; `--dry-run` (alone or with
 * `--fix`) shows the fixes without writing, and the check is then of the files as they are.
 * With `edition: 'publique'`, also warns about the personal details a public edition would print
 * (`personalDataDiagnostics`: a name with a function, a function with a place) in the sheets given.
 * @returns 0 no errors (warnings allowed), 1 errors in the sheets; throws UserError (2) for bad paths
 */
export async function runValidate(paths: string[], options: { format: DiagnosticFormat; quiet?: boolean; fix?: boolean; dryRun?: boolean; edition?: 'interne' | 'publique' }, io: CliIo): Promise<number> {
  if (options.fix || options.dryRun) {
    // the diff goes where the report does not: stdout for text, stderr beside a JSON, GitHub or JUnit report
    const out = options.format === 'text' ? io.stdout : io.stderr;
    const { fixFiles } = await import('./fix.js');
    await fixFiles(paths, { dryRun: options.dryRun }, io, out);
  }
  // `capi validate` checks the workspace's capi.config.yaml too (the other commands read sheets only)
  // (the sheets' whole data is needed after the checks only for the public edition's scan)
  const publique = options.edition === 'publique';
  const result = await checkPaths(paths, io.cwd, { config: true, quiet: options.quiet && !publique, ...(publique ? {} : { sheets: 'links' as const }) });
  // « or run capi validate --fix » only where --fix would repair that line (the fixers, and the diff
  // library they load, only for a file with such a slip)
  if (result.diagnostics.some((d) => d.manualHint !== undefined)) {
    const { adviseFixWhereItWorks } = await import('./fix.js');
    await adviseFixWhereItWorks(result.diagnostics, io.cwd);
  }
  if (options.edition === 'publique') {
    const checked = new Set(result.files);
    for (const sheet of result.sheets) {
      if (checked.has(sheet.absPath)) result.diagnostics.push(...personalDataDiagnostics(sheet));
    }
    sortDiagnostics(result.diagnostics);
  }
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
