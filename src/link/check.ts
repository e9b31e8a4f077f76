import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { LoadedSheet } from '../load/sheet.js';
import { rawEnumDiagnostics } from '../validate/raw-enum.js';
import { checkFiles } from './check-parallel.js';
import { CONFIG_FILE, GLOSSARY_FILE, findSheetFiles, findWorkspaceRoot } from './workspace.js';
import { readGlossary } from './glossary.js';
import { configError, readConfig, type WorkspaceConfig } from './config.js';
import { checkLinks, unreadableSheets } from './links.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../validate/diagnostic.js';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';

/** The result of checking sheets: what was read, and every problem found in the files asked for. */
export interface CheckResult {
  /** Workspace root (absolute). */
  root: string;
  /** Absolute paths of the files asked for. */
  files: string[];
  /** Every sheet of the workspace that could be parsed (asked for or not); RE sheets as their `linkSheet` with `options.sheets` 'links'. */
  sheets: LoadedSheet[];
  /** Problems in the files asked for, sorted by file, line, column (see `options.quiet`). */
  diagnostics: Diagnostic[];
  /** Absolute paths of the asked-for files that have at least one error. */
  failed: Set<string>;
  /** The workspace's `capi.config.yaml` (absolute), when it was checked too (`options.config`). */
  configFile?: string;
  /** The workspace configuration, typed, with its defaults (the defaults alone when it has errors). */
  config: WorkspaceConfig;
}

/**
 * Loads and checks sheets: YAML syntax, JSON Schema, unique ids and OSIM references. The workspace
 * (found from the first path, see `findWorkspaceRoot`) is read too, so references to OSIM sheets
 * outside the given paths resolve.
 *
 * The workspace's `capi.config.yaml` is read first (see `readConfig`). With `options.config`
 * (`capi validate`), its problems are reported among the sheets' when a path given is the workspace root
 * (or a folder holding it) or the configuration file itself (checking only some sheets leaves it alone:
 * validation does not use it). Without it (every other command), a configuration with errors stops the
 * command. Finding no sheet in paths that exist is no error: the result has no files, and each command
 * says it has nothing to do (a new workspace's CI must pass on its first push).
 *
 * @param paths files or folders (default: the current folder)
 * @param options.quiet the caller shows errors only (`validate -q`, `render`, `booklet`, `report`: locating a warning parses its sheet again with the `yaml` package): `diagnostics` then holds the
 *   errors, sorted, followed by the warnings unsorted and unlocated (for their count only)
 * @param options.sheets 'links': the caller needs of `sheets` only what the links between them need
 *   (`validate`): each RE sheet is kept as its `linkSheet`, the rest of its data dropped once checked
 *   (and a large workspace's files are read and checked on worker threads too, see `checkFiles`)
 * @throws UserError (exit 2) for paths that do not exist, or (without
 *   `options.config`) when `capi.config.yaml` has errors — located, see `configError`
 */
export async function checkPaths(paths: readonly string[], cwd = process.cwd(), options: { config?: boolean; quiet?: boolean; sheets?: 'links' } = {}): Promise<CheckResult> {
  const given = paths.length > 0 ? paths : ['.'];
  const root = findWorkspaceRoot(path.resolve(cwd, given[0]));
  const configPath = path.join(root, CONFIG_FILE);
  const { config, diagnostics: configRead, ignored } = await readConfig(root, cwd, { checkIgnored: options.config === true });
  let configProblems = configRead;
  const brokenConfig = hasErrors(configProblems);
  if (brokenConfig && !options.config) throw configError(configProblems, displayPath(configPath, cwd));
  // the configuration and the glossary are no sheets: given by name, each is checked as what it is
  const glossaryPath = path.join(root, GLOSSARY_FILE);
  const files = (await findSheetFiles(given, cwd)).filter((f) => !(options.config && (f === configPath || f === glossaryPath)));
  const holdsRoot = (abs: string) => abs === root || root.startsWith(abs.endsWith(path.sep) ? abs : abs + path.sep);
  const withConfig = options.config === true && given.some((g) => path.resolve(cwd, g) === configPath || holdsRoot(path.resolve(cwd, g)));
  const withGlossary = options.config === true && given.some((g) => path.resolve(cwd, g) === glossaryPath || holdsRoot(path.resolve(cwd, g)));
  const glossaryDiagnostics = withGlossary ? (await readGlossary(root, cwd)).diagnostics : [];
  const workspaceFiles = new Set([...files, ...(await findSheetFiles([root], cwd))]);
  const checked = new Set(files);

  const sheets: LoadedSheet[] = [];
  const diagnostics: Diagnostic[] = [];
  const ordered = [...workspaceFiles].sort();
  const outcomes = await checkFiles(ordered, checked, root, cwd, { slim: options.sheets === 'links', quiet: options.quiet });
  const broken: Array<{ absPath: string; text?: string }> = [];
  ordered.forEach((file, i) => {
    const entry = outcomes[i];
    if (entry.unreadable !== undefined && checked.has(file)) throw new UserError(t('file.unreadable', { path: displayPath(file, cwd), reason: entry.unreadable }));
    diagnostics.push(...entry.diagnostics);
    if (entry.sheet) {
      sheets.push(entry.sheet);
      return;
    }
    const text = readText(file);
    broken.push({ absPath: file, text });
    // a sheet the parser cannot read: its refused `statut:` and other root enum values too, in one pass
    // (a UTF-8 text: the parser read it)
    if (checked.has(file) && text !== undefined && entry.diagnostics.some((d) => d.code.startsWith('yaml.'))) {
      const taken = new Set(entry.diagnostics.map((d) => d.line));
      const utf8 = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').normalize('NFC');
      diagnostics.push(...rawEnumDiagnostics(utf8, displayPath(file, cwd)).filter((d) => !taken.has(d.line)));
    }
  });
  // the answer of git about `sortie`, asked before the sheets were read (see `readConfig`)
  if (ignored) configProblems = sortDiagnostics([...configProblems, ...(await ignored)]);
  const configDiagnostics = [...(withConfig ? configProblems : []), ...glossaryDiagnostics];
  diagnostics.push(...checkLinks(sheets, checked, unreadableSheets(broken)), ...configDiagnostics);
  // one mistake, one message: an error at a place hides the warnings at the same place (only the
  // warnings of files with errors are located for it)
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const errorFiles = new Set(errors.map((d) => d.file));
  const errorsAt = new Set(errors.map((d) => `${d.file}:${d.line}:${d.column}`));
  const hidden = (d: Diagnostic) => d.severity !== 'error' && errorFiles.has(d.file) && errorsAt.has(`${d.file}:${d.line}:${d.column}`);
  const kept = diagnostics.filter((d) => !hidden(d));
  diagnostics.length = 0;
  // `quiet`: the warnings are counted, not shown; they stay unlocated, after the errors
  if (options.quiet) diagnostics.push(...sortDiagnostics(errors), ...kept.filter((d) => d.severity !== 'error'));
  else diagnostics.push(...sortDiagnostics(kept));
  const byDisplay = new Map(files.map((f) => [displayPath(f, cwd), f]));
  const failed = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => byDisplay.get(d.file) ?? d.file));
  return { root, files, sheets, diagnostics, failed, config, ...(withConfig && existsSync(configPath) ? { configFile: configPath } : {}) };
}

/**
 * The text of a sheet that could not be parsed, enough to find the ids it mentions: UTF-16 (Notepad's
 * « Unicode ») read as such, anything else byte by byte; undefined when it cannot be read.
 */
function readText(file: string): string | undefined {
  try {
    const bytes = readFileSync(file);
    return bytes.includes(0) ? bytes.toString('utf16le') : bytes.toString('latin1');
  } catch {
    return undefined;
  }
}
