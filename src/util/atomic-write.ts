import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { link, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isInterrupted, onInterrupt } from './cleanup.js';
import { makeDirs } from './fs.js';

/**
 * The name of a temporary file beside `file` (same folder, so the final rename stays on one disk):
 * hidden (`.name.pid.random.tmp`), unique per process and call.
 */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * What happens to a temporary file `tmp` if capi is interrupted: it is removed at once, and again once
 * `writing` (the write creating it) has settled — a pending open may create it after the first removal.
 * `cancelled()` then tells the writer not to move it into place.
 * @returns `release` (unregister, once the write is over) and `cancelled`
 */
function removeOnInterrupt(tmp: string, writing: () => Promise<unknown>): { release: () => void; cancelled: () => boolean } {
  let cancelled = false;
  const release = onInterrupt(async () => {
    cancelled = true;
    await rm(tmp, { force: true });
    await writing().catch(() => undefined);
    await rm(tmp, { force: true });
  });
  return { release, cancelled: () => cancelled };
}

/** The error of a write stopped by an interrupt before its file was moved into place. */
function interruptedWrite(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`interrupted before ${path.basename(file)} was written`), { code: 'EINTR' });
}

/**
 * Writes `content` to a new temporary file beside `file`, flushed to the disk, registered for removal if
 * capi is interrupted (see `removeOnInterrupt`). The caller moves it into place, then calls `release`.
 * @throws EINTR when capi was interrupted before or during the write (the temporary file is then removed), or the
 *   file system's error
 */
async function writeTemp(file: string, content: string | Uint8Array): Promise<{ tmp: string; release: () => void }> {
  // a write that starts while capi is stopping registers too late for the clean-up: it does not start
  if (isInterrupted()) throw interruptedWrite(file);
  const tmp = tempNameFor(file);
  let writing: Promise<void> = Promise.resolve();
  const { release, cancelled } = removeOnInterrupt(tmp, () => writing);
  try {
    writing = writeSynced(tmp, content);
    await writing;
    // cancelled: its clean-up ran; interrupted: the clean-up began before this write was registered
    if (cancelled() || isInterrupted()) throw interruptedWrite(file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    release();
    throw error;
  }
  return { tmp, release };
}

/** Writes `content` to a new file `tmp` and flushes it to the disk (fsync) before closing it. */
async function writeSynced(tmp: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `file` atomically: the bytes go to a temporary file in the same folder, flushed to the disk
 * (fsync), then renamed over `file` — a reader, a crash or a Ctrl+C never leaves half a file, only the
 * old file or the new one. While it exists, the temporary file is registered for removal if capi is
 * interrupted (`./cleanup.ts`); it is removed when the write fails. The folder must exist.
 *
 * @param content text (written as UTF-8) or bytes
 * @throws the file system's error (ENOENT folder missing, EACCES, ENOSPC…), after removing the temporary file
 */
export async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const { tmp, release } = await writeTemp(file, content);
  try {
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    release();
  }
}

/**
 * Creates `file` with `content` unless it exists, never replacing anything: the text goes to a
 * temporary file first (flushed to the disk), then is hard-linked to its name — which fails when the
 * name is taken — so the file is either absent or complete. Where hard links are not possible (some
 * network or FAT disks), an exclusive create (`wx`). Missing parent folders are created. The temporary
 * file is registered for removal if capi is interrupted.
 *
 * @returns false when the file already existed (it is left as it was), true when it was created
 * @throws the file system's error other than EEXIST (EACCES, ENOSPC, EROFS…)
 */
export async function createNew(file: string, content: string | Uint8Array): Promise<boolean> {
  if (existsSync(file)) return false;
  await makeDirs(path.dirname(file));
  const { tmp, release } = await writeTemp(file, content);
  try {
    try {
      await link(tmp, file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      // no hard links here: an exclusive create; a write that fails removes the file it created
      try {
        await writeSynced(file, content);
      } catch (failure) {
        if ((failure as NodeJS.ErrnoException).code !== 'EEXIST') await rm(file, { force: true }).catch(() => undefined);
        throw failure;
      }
      return true;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
    release();
  }
}

/** A file written piece by piece into a temporary file beside it, moved into place by `commit` (see {@link openAtomic}). */
export interface AtomicFile {
  /** Appends `bytes` to the temporary file. @throws EINTR once capi is interrupted, or the file system's error */
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes the temporary file to the disk (fsync) and renames it over the file. @throws EINTR when interrupted (the temporary file is removed), or the file system's error */
  commit(): Promise<void>;
  /** Removes the temporary file (the file is left as it was); does nothing after `commit`. */
  abort(): Promise<void>;
}

/**
 * Opens `file` for writing in pieces, atomically like {@link writeAtomic}: the pieces go to a new
 * temporary file in the same folder (registered for removal if capi is interrupted), which `commit`
 * flushes and renames over `file`; `abort`, an interrupt or a failed write remove it. For a file too
 * large to hold in memory at once (the booklet's PDF, ./render/pdf-stream.js). The folder must exist.
 * @throws EINTR when capi is being interrupted, or the file system's error
 */
export async function openAtomic(file: string): Promise<AtomicFile> {
  if (isInterrupted()) throw interruptedWrite(file);
  const tmp = tempNameFor(file);
  let writing: Promise<unknown> = Promise.resolve();
  const { release, cancelled } = removeOnInterrupt(tmp, () => writing);
  // the file stays open for long (a booklet prints for minutes): should capi exit before the interrupt's
  // clean-up is over (it has a time limit), or while its creation is still pending, it is removed on exit
  const onExit = () => rmSync(tmp, { force: true });
  process.on('exit', onExit);
  const opening = open(tmp, 'wx');
  writing = opening;
  let handle: Awaited<typeof opening>;
  try {
    handle = await opening;
  } catch (error) {
    process.off('exit', onExit);
    release();
    throw error;
  }
  let done = false;
  const abort = async () => {
    if (done) return;
    done = true;
    await writing.catch(() => undefined);
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    process.off('exit', onExit);
    release();
  };
  const check = () => {
    if (cancelled() || isInterrupted()) throw interruptedWrite(file);
  };
  return {
    async write(bytes) {
      check();
      // writeFile: the whole buffer (a loop of writes), from the current position
      const w = handle.writeFile(bytes);
      writing = w;
      await w;
    },
    async commit() {
      try {
        check();
        await handle.sync();
        await handle.close();
        check();
        await rename(tmp, file);
        done = true;
        process.off('exit', onExit);
        release();
      } catch (error) {
        await abort();
        throw error;
      }
    },
    abort,
  };
}
