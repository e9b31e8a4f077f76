/**
 * A worker thread of the DOCX pool (`./docx-pool.ts`): writes the DOCX files it is sent, building them
 * one at a time in the order sent; a file's write (a temporary file flushed to the disk, then renamed:
 * `writeAtomic`) goes on while the next file is built, so the thread does not wait for the disk. Each
 * job is answered with its index `i` and, when it failed, the error as plain data (message, errno code,
 * whether it is a UserError and its exit code). `{ stop: true }` drops the jobs not started; the worker
 * answers `{ stopped: true }` once the files it was building or writing are written. Its interface
 * language comes in `workerData.lang`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../i18n/index.js';
import type { Lang } from '../i18n/types.js';
import { writeAtomic } from '../util/atomic-write.js';
import { UserError } from '../util/errors.js';
import type { SheetView } from '../view/model.js';
import { renderDocx } from './docx.js';

/** A job as the pool sends it. */
interface Job {
  i: number;
  view: SheetView;
  outFile: string;
}

setLang((workerData as { lang: Lang }).lang);
const jobs: Job[] = [];
let building = false;
let stopping = false;
/** Files being written (their bytes built). */
let writing = 0;

/** Answers a job: done, or its error as plain data. */
function answer(i: number, error?: unknown): void {
  if (error === undefined) return parentPort!.postMessage({ i });
  const e = error as Partial<NodeJS.ErrnoException> & { exitCode?: number };
  parentPort!.postMessage({ i, error: { message: e?.message ?? String(error), code: e?.code, user: error instanceof UserError, exitCode: e?.exitCode } });
}

/** Once asked to stop, says so when nothing is being built or written. */
function maybeStopped(): void {
  if (stopping && !building && writing === 0) parentPort!.postMessage({ stopped: true });
}

/** Builds the next job, if any; its file is written while the job after it is built. */
function next(): void {
  const job = jobs.shift();
  building = job !== undefined;
  if (!job) return maybeStopped();
  renderDocx(job.view)
    .then(
      (data) => {
        writing += 1;
        writeAtomic(job.outFile, data)
          .then(
            () => answer(job.i),
            (error: unknown) => answer(job.i, error),
          )
          .finally(() => {
            writing -= 1;
            maybeStopped();
          });
      },
      (error: unknown) => answer(job.i, error),
    )
    // the next job once the messages that came meanwhile are read (a stop drops it)
    .finally(() => setImmediate(next));
}

parentPort!.on('message', (m: Job | { stop: true }) => {
  if ('stop' in m) {
    stopping = true;
    jobs.length = 0;
    if (!building) maybeStopped();
    return;
  }
  jobs.push(m);
  if (!building) next();
});
