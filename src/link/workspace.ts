import { readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../util/errors.js';
import { t } from '../i18n/index.js';
import { displayPath } from '../util/paths.js';

/** Name of the workspace configuration file; its folder is the workspace root. */
export const CONFIG_FILE = 'capi.config.yaml';
/** Folders never searched for sheets. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'out']);

/** True for a file name capi reads as a sheet: `.yaml`/`.yml`, not the configuration. */
export function isSheetFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && name !== CONFIG_FILE && !name.startsWith('.');
}

/**
 * Lists the sheet files under the given paths (files or folders, searched recursively; hidden
 * folders, `node_modules`, `dist`, `build` and `out` are skipped), as sorted absolute paths without
 * duplicates.
 *
 * @throws UserError (exit 2) when a path does not exist or cannot be read
 */
export async function findSheetFiles(paths: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(abs);
    } catch {
      throw new UserError(t('file.notFound', { path: given }));
    }
    if (info.isDirectory()) {
      await walk(abs, found);
    } else {
      found.add(abs);
    }
  }
  return [...found].sort();
}

async function walk(dir: string, found: Set<string>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new UserError(t('file.unreadable', { path: displayPath(dir), reason: (error as Error).message }));
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      await walk(full, found);
    } else if (entry.isFile() && isSheetFileName(entry.name)) {
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
