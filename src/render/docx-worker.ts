/**
 * A worker thread of the DOCX pool (`./docx-pool.ts`): writes the DOCX files it is sent, one at a time,
 * and answers each (the pool knows which job it sent) with, when it failed, the error as plain data
 * (message, errno code, whether it is a UserError and its exit code). Its interface language comes in `workerData.lang`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setLang } from '../i18n/index.js';
import type { Lang } from '../i18n/types.js';
import { UserError } from '../util/errors.js';
import type { SheetView } from '../view/model.js';
import { writeDocx } from './docx.js';

/** A job as the pool sends it. */
interface Job {
  view: SheetView;
  outFile: string;
}

setLang((workerData as { lang: Lang }).lang);
parentPort!.on('message', (job: Job) => {
  writeDocx(job.view, job.outFile).then(
    () => parentPort!.postMessage({}),
    (error: unknown) => {
      const e = error as Partial<NodeJS.ErrnoException> & { exitCode?: number };
      parentPort!.postMessage({ error: { message: e?.message ?? String(error), code: e?.code, user: error instanceof UserError, exitCode: e?.exitCode } });
    },
  );
});
