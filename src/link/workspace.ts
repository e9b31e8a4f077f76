import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';
import { displayPath } from '../util/paths.js';

/** Name of the workspace configuration file; its folder is the workspace root. */
export const CONFIG_FILE = 'capi.config.yaml';
/** The workspace glossary (optional), beside the configuration: no sheet (see `src/link/glossary.ts`). */
export const GLOSSARY_FILE = 'glossaire.yaml';
/** Folders never searched for sheets. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out']);

/** True for a file name capi reads as a sheet: `.yaml`/`.yml`, not the configuration nor the glossary. */
export function isSheetFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && name !== CONFIG_FILE && name !== GLOSSARY_FILE && !name.startsWith('.');
}

/**
 * Lists the sheet files under the given paths (files or folders, searched recursively; hidden
 * folders, `node_modules`, `dist`, `build` and `out` are skipped), as sorted absolute paths without
 * duplicates.
 *
 * Symbolic links follow one rule, whether named or met in a folder: a link is read as what it points
 * to (a linked sheet is a sheet, a linked folder is searched), under the link's own path; only a
 * link back to a folder being searched (a loop) is not followed. A link whose target is missing is an
 * error, whether named or met with a sheet's name (`.yaml`). A sheet reached both through a link and
 * by its real path is read twice, so its id is reported as a duplicate.
 *
 * @throws UserError (exit 2) when a path does not exist or cannot be read, or a link is broken
 */
export async function findSheetFiles(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const info = await followed(abs, given);
    if (info.isDirectory()) {
      await walk(abs, found, new Set(), cwd);
    } else {
      found.add(abs);
    }
  }
  return [...found].sort();
}

/**
 * What a path is, links followed.
 * @throws UserError `file.brokenLink` for a link whose target is missing, else `file.notFound`
 */
async function followed(abs: string, shown: string): Promise<Stats> {
  try {
    return await stat(abs);
  } catch {
    const link = await lstat(abs).catch(() => undefined);
    if (link?.isSymbolicLink()) throw new UserError(t('file.brokenLink', { path: shown, target: await readlink(abs).catch(() => '?') }));
    throw new UserError(t('file.notFound', { path: shown }));
  }
}

/**
 * Adds the sheets under `dir` to `found`; `searching` holds the real paths of the folders above;
 * paths in messages are shown from `cwd`.
 */
async function walk(dir: string, found: Set<string>, searching: ReadonlySet<string>, cwd: string): Promise<void> {
  let entries;
  let real;
  try {
    real = await realpath(dir);
    if (searching.has(real)) return;
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new UserError(t('file.unreadable', { path: displayPath(dir, cwd), reason: (error as Error).message }));
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // a broken link matters only where a sheet was expected (its name says so)
    const kind = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
    if (!kind) {
      if (isSheetFileName(entry.name)) await followed(full, displayPath(full, cwd));
      continue;
    }
    if (kind.isDirectory()) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      await walk(full, found, new Set([...searching, real]), cwd);
    } else if (kind.isFile() && isSheetFileName(entry.name)) {
      found.add(full);
    }
  }
}

/**
 * The workspace root for a path: the nearest folder, from the path upwards, holding `capi.config.yaml`;
 * without one, the folder given (or, for a file, the parent of its folder when that parent has an
 * `osim/` folder — the usual `re/` + `osim/` layout — else the file's folder).
 */
export function findWorkspaceRoot(start: string): string {
  let dir = path.resolve(start);
  const isDir = existsSync(dir) && !/\.ya?ml$/i.test(dir);
  if (!isDir) dir = path.dirname(dir);
  const first = dir;
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, CONFIG_FILE))) return current;
    if (path.dirname(current) === current) break;
  }
  if (isDir) return first;
  const parent = path.dirname(first);
  return existsSync(path.join(parent, 'osim')) ? parent : first;
}
