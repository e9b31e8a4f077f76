import type { Diagnostic } from '../validate/diagnostic.js';
import { linkSheet, loadSheet, type LoadedSheet } from '../load/sheet.js';
import { relocate } from '../load/located.js';
import { checkOne } from './check-one.js';

/** What reading and checking one file gave (see `checkFile`). */
export interface FileOutcome {
  /** The file's problems (none for a file not asked for): its reading's, then `checkOne`'s, unsorted. */
  diagnostics: Diagnostic[];
  /** The sheet, when it could be parsed (its `linkSheet` with `options.slim`). */
  sheet?: LoadedSheet;
  /** Why the file could not be read at all (an I/O error), when it could not. */
  unreadable?: string;
}

/**
 * Reads one file and, when it was asked for (`checked`), makes the checks of the sheet on its own
 * (`checkOne`); the part of `checkPaths` that needs no other sheet, so it may run on any thread.
 *
 * @param file absolute path; `display` the path shown in messages
 * @param root the workspace root (photos are found from it)
 * @param options.slim keep of an RE sheet only its `linkSheet` (what the links need), its
 *   diagnostics pointed at it
 */
export async function checkFile(file: string, display: string, checked: boolean, root: string, options: { slim?: boolean } = {}): Promise<FileOutcome> {
  let loaded: { sheet?: LoadedSheet; diagnostics: Diagnostic[] };
  try {
    loaded = await loadSheet(file, display);
  } catch (error) {
    return { diagnostics: [], unreadable: (error as Error).message };
  }
  const diagnostics = checked ? loaded.diagnostics : [];
  if (!loaded.sheet) return { diagnostics };
  const found = checked ? checkOne(loaded.sheet, root) : [];
  let sheet = loaded.sheet;
  if (options.slim) {
    sheet = linkSheet(sheet);
    relocate(found, sheet);
  }
  diagnostics.push(...found);
  return { diagnostics, sheet };
}
