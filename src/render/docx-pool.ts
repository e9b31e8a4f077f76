/**
 * Writing many DOCX files on the cores the machine has: worker threads (`./docx-worker.js`), each
 * taking the next sheet when it is done with one. A DOCX is pure computation in JavaScript (docx's
 * model and XML, about 0.15 s of one core per sheet), so one thread used one core of two while pandoc,
 * the baseline, is as slow per sheet on one core; a worker costs its start (loading docx, about 0.3 s
 * of a core), paid back from a few sheets on.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getLang } from '../i18n/index.js';
import { onInterrupt } from '../util/cleanup.js';
import { UserError } from '../util/errors.js';
import type { SheetView } from '../view/model.js';
import { writeDocx } from './docx.js';

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

/** A worker is worth its start from this many sheets on (its start costs about two sheets). */
const SHEETS_PER_WORKER = 4;

/** The error a worker sent, as an Error again: a UserError with its exit code, or an Error with its errno code. */
function revive(sent: { message: string; code?: string; user?: boolean; exitCode?: number }): Error {
  if (sent.user) return new UserError(sent.message, sent.exitCode ?? 2);
  return Object.assign(new Error(sent.message), sent.code ? { code: sent.code } : {});
}

/**
 * Writes the DOCX files of `jobs`, each atomically (`writeDocx`), reporting each through `hooks.done` in
 * the order they finish. With fewer than 2 × {@link SHEETS_PER_WORKER} jobs, on one core, or when the
 * worker script is not compiled (tests run the TypeScript sources), they are written here one after
 * the other; otherwise by up to `parallel` worker threads (default: the cores, at most 4). A worker that
 * dies fails its job; the jobs left are then written here. If capi is interrupted, it waits for the files
 * being written (`onInterrupt`), and `hooks.stop` should then say stop.
 *
 * Never throws for a job: its error goes to `hooks.done`.
 */
export async function writeDocxFiles(jobs: readonly DocxJob[], hooks: DocxHooks, parallel = Math.min(4, availableParallelism())): Promise<void> {
  const script = fileURLToPath(new URL('./docx-worker.js', import.meta.url));
  const count = Math.min(parallel, Math.floor(jobs.length / SHEETS_PER_WORKER));
  let next = 0;
  if (count >= 2 && existsSync(script)) {
    const lang = getLang();
    const workers = Array.from({ length: count }, () => runWorker(script, lang, jobs, hooks, () => (next < jobs.length && !hooks.stop?.() ? next++ : undefined)));
    // interrupted (Ctrl+C), capi waits for the files being written, so that no worker is cut in the
    // middle of a temporary file it alone knows about; then each worker ends (hooks.stop)
    const release = onInterrupt(() => Promise.all(workers));
    try {
      await Promise.all(workers);
    } finally {
      release();
    }
  }
  for (; next < jobs.length && !hooks.stop?.(); next++) {
    try {
      await writeDocx(jobs[next]!.view, jobs[next]!.outFile);
      hooks.done(next);
    } catch (error) {
      hooks.done(next, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** One worker: takes jobs from `take` until there is none, then ends; resolves when it has ended. */
function runWorker(script: string, lang: string, jobs: readonly DocxJob[], hooks: DocxHooks, take: () => number | undefined): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(script, { workerData: { lang } });
    let current: number | undefined;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      void worker.terminate().then(() => resolve(), () => resolve());
    };
    const feed = () => {
      current = take();
      if (current === undefined) return end();
      worker.postMessage({ i: current, view: jobs[current]!.view, outFile: jobs[current]!.outFile });
    };
    worker.on('message', (m: { i: number; error?: { message: string; code?: string; user?: boolean; exitCode?: number } }) => {
      current = undefined;
      hooks.done(m.i, m.error ? revive(m.error) : undefined);
      feed();
    });
    worker.on('error', (error) => {
      if (current !== undefined) hooks.done(current, error);
      current = undefined;
      end();
    });
    worker.on('exit', () => {
      if (current !== undefined) hooks.done(current, new Error('DOCX worker stopped'));
      current = undefined;
      ended = true;
      resolve();
    });
    feed();
  });
}
