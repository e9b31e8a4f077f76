/**
 * Writing many DOCX files on the cores the machine has: worker threads (`./docx-worker.js`), each
 * taking the next sheet when it is done with one. A DOCX is pure computation in JavaScript (docx's
 * model and XML, about 0.15 s of one core per sheet), so one thread used one core of two while pandoc,
 * the baseline, is as slow per sheet on one core; a worker costs its start (loading docx, about 0.3 s
 * of a core), paid back from a few sheets on.
 *
 * The pool can be opened before its jobs exist (`capi render --format docx` opens it before checking
 * the sheets, so that the workers load docx while the main thread checks the sheets and builds their
 * views), and takes each job as soon as it is added. This module does not load docx itself: the main
 * thread loads it only when it writes a file (no worker, or none left).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getLang } from '../i18n/index.js';
import { onInterrupt } from '../util/cleanup.js';
import { UserError } from '../util/errors.js';
import type { SheetView } from '../view/model.js';
import { askedThreads } from '../util/threads.js';

/** One file to write: the sheet's view and the path of its DOCX (its folder must exist). */
export interface DocxJob {
  view: SheetView;
  outFile: string;
}

/** What the caller hears: each job done (`error` when it failed), and whether to stop taking jobs. */
export interface DocxHooks {
  done(index: number, error?: Error): void;
  /** Checked before each job is started: true stops the run (jobs not started are not reported). */
  stop?(): boolean;
}

/** A pool of DOCX writers, open while jobs may still come (see {@link openDocxPool}). */
export interface DocxPool {
  /**
   * The worker threads planned for the jobs expected (0 or from 2): the jobs go to that many workers,
   * or are written here when the worker script is not compiled (tests run the TypeScript sources).
   */
  readonly planned: number;
  /** Queues a job, started as soon as a worker is free; `done` hears it written or failed (never throws). */
  add(job: DocxJob, done: (error?: Error) => void): void;
  /** Resolves once every job added so far is done, or dropped because `stop` said stop (never rejects). */
  settled(): Promise<void>;
  /** Drops the jobs not started, waits for the files being written, ends the workers. */
  close(): Promise<void>;
}

/** A worker is worth its start from this many sheets on (its start costs about two sheets). */
const SHEETS_PER_WORKER = 4;

/**
 * The worker threads a DOCX run may use: the cores capi may use (`availableParallelism`), at most 4; or
 * `CAPI_THREADS=n` (an integer ≥ 1, as for `validate`: src/link/check-parallel.ts), for tests and
 * measures — `CAPI_THREADS=1` writes every DOCX on the main thread (the bench's « sum of the
 * single-sheet DOCX times », issue 14).
 */
export function docxParallel(env: NodeJS.ProcessEnv = process.env): number {
  return Math.min(4, askedThreads(env) ?? availableParallelism());
}

/** The worker threads for `expected` jobs: none under 2 × {@link SHEETS_PER_WORKER} jobs or with fewer than 2 threads ({@link docxParallel}). */
export function plannedWorkers(expected: number, parallel = docxParallel()): number {
  const count = Math.min(parallel, Math.floor(expected / SHEETS_PER_WORKER));
  return count >= 2 ? count : 0;
}

/** The error a worker sent, as an Error again: a UserError with its exit code, or an Error with its errno code. */
function revive(sent: { message: string; code?: string; user?: boolean; exitCode?: number }): Error {
  if (sent.user) return new UserError(sent.message, sent.exitCode ?? 2);
  return Object.assign(new Error(sent.message), sent.code ? { code: sent.code } : {});
}

/** A job waiting or being written, with whom to tell. */
interface Item {
  job: DocxJob;
  done: (error?: Error) => void;
}

/** One worker thread: builds the items it is given one at a time, in the order sent (`./docx-worker.ts`). */
interface Slot {
  worker: Worker;
  /** The items sent and not answered yet, by job number (in the order sent). */
  sent: Map<number, Item>;
  /** Resolves when the thread has exited. */
  exited: Promise<void>;
}

/**
 * The items a worker holds: the one it writes and the next, so that it never waits for this thread to
 * hear its answer and send the next (this thread may be busy building views for a while).
 */
const HELD_PER_WORKER = 2;

/**
 * Opens a pool for about `expected` jobs (see {@link plannedWorkers}; the workers start now, loading
 * docx). Jobs are written in the order added. A worker that dies fails its job; when no worker is left,
 * the jobs left are written here, one after the other. If capi is interrupted, it waits for the files
 * being written (`onInterrupt`) and drops the others; `options.stop` (checked before each job is started)
 * should then say stop.
 */
export function openDocxPool(expected: number, options: { stop?: () => boolean; parallel?: number } = {}): DocxPool {
  const planned = plannedWorkers(expected, options.parallel);
  const script = fileURLToPath(new URL('./docx-worker.js', import.meta.url));
  const queue: Item[] = [];
  const slots: Slot[] = [];
  let pending = 0;
  let sentCount = 0;
  let here = false;
  let closed = false;
  const waiters: Array<() => void> = [];
  const stopped = () => closed || options.stop?.() === true;

  const settle = (count = 1) => {
    pending -= count;
    if (pending === 0) for (const w of waiters.splice(0)) w();
  };
  const finish = (item: Item, error?: Error) => {
    item.done(error);
    settle();
  };
  const drop = () => settle(queue.splice(0).length);
  const pump = () => {
    if (queue.length && stopped()) drop();
    for (let held = 1; held <= HELD_PER_WORKER; held++) {
      for (const slot of slots) {
        if (slot.sent.size >= held || queue.length === 0) continue;
        const item = queue.shift()!;
        const i = sentCount++;
        slot.sent.set(i, item);
        slot.worker.postMessage({ i, view: item.job.view, outFile: item.job.outFile });
      }
    }
    if (slots.length === 0 && queue.length && !here) void writeHere();
  };
  // no worker (or none left): the jobs are written on this thread, docx loaded now
  const writeHere = async () => {
    here = true;
    const { writeDocx } = await import('./docx.js');
    while (queue.length && !stopped()) {
      const item = queue.shift()!;
      try {
        await writeDocx(item.job.view, item.job.outFile);
        finish(item);
      } catch (error) {
        finish(item, error instanceof Error ? error : new Error(String(error)));
      }
    }
    here = false;
    drop();
  };
  const startWorker = (lang: string) => {
    const worker = new Worker(script, { workerData: { lang } });
    let exited!: () => void;
    const slot: Slot = { worker, sent: new Map(), exited: new Promise((resolve) => (exited = resolve)) };
    // a worker that dies fails the item it was building (the first sent); those it held next go back to the queue
    const fail = (error: Error) => {
      const [item, ...next] = slot.sent.values();
      slot.sent.clear();
      queue.unshift(...next);
      if (item) finish(item, error);
    };
    worker.on('message', (m: { i?: number; stopped?: boolean; error?: { message: string; code?: string; user?: boolean; exitCode?: number } }) => {
      // stopped (`close`): the items it still held are dropped, not started
      if (m.stopped) {
        settle(slot.sent.size);
        return slot.sent.clear();
      }
      const item = slot.sent.get(m.i!)!;
      slot.sent.delete(m.i!);
      finish(item, m.error ? revive(m.error) : undefined);
      pump();
    });
    worker.on('error', (error) => {
      fail(error);
      void worker.terminate();
    });
    worker.on('exit', () => {
      fail(new Error('DOCX worker stopped'));
      slots.splice(slots.indexOf(slot), 1);
      exited();
      pump();
    });
    slots.push(slot);
  };

  if (planned >= 2 && existsSync(script)) {
    const lang = getLang();
    for (let i = 0; i < planned; i++) startWorker(lang);
  }
  // each worker with items finishes the file it is writing and drops the others (docx-worker.ts)
  const stopAll = () =>
    Promise.all(
      slots
        .filter((s) => s.sent.size)
        .map((s) => {
          const answered = new Promise<void>((resolve) => {
            const heard = (m: { stopped?: boolean }) => m.stopped && (s.worker.off('message', heard), resolve());
            s.worker.on('message', heard).once('exit', () => resolve());
          });
          s.worker.postMessage({ stop: true });
          return answered;
        }),
    );
  const close = async () => {
    closed = true;
    drop();
    // no worker is cut in the middle of a temporary file it alone knows about
    await stopAll();
    await Promise.all(slots.map((s) => (void s.worker.terminate(), s.exited)));
    release();
  };
  // interrupted (Ctrl+C), capi waits for the files being written, then the workers end
  const release = slots.length ? onInterrupt(close) : () => undefined;

  return {
    planned,
    add(job, done) {
      pending += 1;
      queue.push({ job, done });
      pump();
    },
    settled() {
      pump();
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    close,
  };
}

/**
 * Writes the DOCX files of `jobs`, each atomically (`writeDocx`), reporting each through `hooks.done` in
 * the order they finish: by up to `parallel` worker threads (default {@link docxParallel}: the cores, at most 4; none for
 * fewer than 2 × {@link SHEETS_PER_WORKER} jobs or on one core: then here, one after the other; see
 * {@link openDocxPool}).
 *
 * Never throws for a job: its error goes to `hooks.done`.
 */
export async function writeDocxFiles(jobs: readonly DocxJob[], hooks: DocxHooks, parallel = docxParallel()): Promise<void> {
  const pool = openDocxPool(jobs.length, { stop: hooks.stop, parallel });
  try {
    jobs.forEach((job, i) => pool.add(job, (error) => hooks.done(i, error)));
    await pool.settled();
  } finally {
    await pool.close();
  }
}
