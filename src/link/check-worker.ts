/**
 * A worker thread of `checkFiles` (`./check-parallel.ts`): takes the next file of the list from the
 * shared counter, reads and checks it (`checkFile`), and posts the outcome (`WorkerOutcome`), until
 * the list is done; then posts `{ done: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../i18n/index.js';
import { toWire } from '../load/located.js';
import { textIsOnDisk } from '../load/sheet.js';
import { displayPath } from '../util/paths.js';
import { hasErrors } from '../validate/diagnostic.js';
import { checkFile } from './check-file.js';
import type { WorkerJob, WorkerOutcome } from './check-parallel.js';

const job = workerData as WorkerJob;
setLang(job.lang);
const counter = new Int32Array(job.counter);
for (let i = Atomics.add(counter, 0, 1); i < job.files.length; i = Atomics.add(counter, 0, 1)) {
  const file = job.files[i];
  const outcome = await checkFile(file, displayPath(file, job.cwd), job.checked[i] === 1, job.root, { slim: true });
  // located here, beside the sheet's document, what will be printed: everything, or with `quiet` the
  // diagnostics of a file with errors (its errors, and the warnings they may hide); the rest travels
  // unlocated, as the main thread keeps it
  const locate = !job.quiet || hasErrors(outcome.diagnostics);
  const message: WorkerOutcome = {
    i,
    diagnostics: outcome.diagnostics.map((d) => toWire(d, locate)),
    // (a text that is its file's is read again there if needed, not sent)
    ...(outcome.sheet ? { sheet: { ...(textIsOnDisk(outcome.sheet) ? {} : { text: outcome.sheet.text }), data: outcome.sheet.data, kind: outcome.sheet.kind } } : {}),
    ...(outcome.unreadable !== undefined ? { unreadable: outcome.unreadable } : {}),
  };
  parentPort!.postMessage(message);
}
parentPort!.postMessage({ done: true });
