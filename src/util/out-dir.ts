import path from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { t } from '../i18n/index.js';
import { UserError } from './errors.js';
import { makeDirs } from './fs.js';

/**
 * Creates the output folder `outDir` if needed and checks that capi can write in it (a probe file,
 * removed at once), before any work is done.
 *
 * @param shown the folder as shown to people (`displayPath`)
 * @throws UserError (exit 2) with the reason in words: a file in the way, no permission, read-only disk,
 *   disk full, or another failure
 */
export async function prepareOutDir(outDir: string, shown: string): Promise<void> {
  try {
    await makeDirs(outDir);
  } catch (error) {
    throw new UserError(t(outDirReason(error), { dir: shown }));
  }
  const probe = path.join(outDir, `.capi-write-test-${process.pid}`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    throw new UserError(t(outDirReason(error), { dir: shown }));
  }
}

/** The catalogue key saying why an output folder cannot be used, from the file system's error code. */
function outDirReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'render.outIsFile';
  if (code === 'EACCES' || code === 'EPERM') return 'render.outNotWritable';
  if (code === 'EROFS') return 'render.outReadOnly';
  if (code === 'ENOSPC') return 'render.diskFull';
  return 'render.outDirOther';
}
