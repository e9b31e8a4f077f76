import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../validate/diagnostic.js';
import { loadSheet, type LoadedSheet } from '../load/sheet.js';
import { t } from '../i18n/index.js';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';

/** A YAML file of the workspace root (`capi.config.yaml`, `glossaire.yaml`), read with positions. */
export interface WorkspaceFile {
  /** Absolute path. */
  file: string;
  /** The path as shown to people (relative to the current folder when inside it). */
  shown: string;
  /** The parsed document with positions; undefined when it could not be parsed. */
  sheet?: LoadedSheet;
  /** Its syntax problems (an empty file is no problem: every key of these files is optional). */
  diagnostics: Diagnostic[];
}

/**
 * Reads a YAML file at the workspace root, as sheets are read (same slips recognised, same positions).
 *
 * @param root workspace root (absolute); `name` the file name; `cwd` for the displayed path.
 * @returns undefined when the file does not exist.
 * @throws UserError (exit 2) when the file exists but cannot be read (permissions).
 */
export async function readWorkspaceFile(root: string, name: string, cwd = process.cwd()): Promise<WorkspaceFile | undefined> {
  const file = path.join(root, name);
  if (!existsSync(file)) return undefined;
  const shown = displayPath(file, cwd);
  let loaded;
  try {
    loaded = await loadSheet(file, shown);
  } catch (error) {
    throw new UserError(t('file.unreadable', { path: shown, reason: (error as Error).message }));
  }
  return { file, shown, ...(loaded.sheet ? { sheet: loaded.sheet } : {}), diagnostics: loaded.diagnostics.filter((d) => d.code !== 'file.empty') };
}
