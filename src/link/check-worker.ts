/**
 * Worker thread of `checkSheetsInParallel`: loads and checks a share of the sheets (YAML, schema,
 * places, photos, the coordinator's checklist) and sends back what the main thread needs — the text,
 * the data and the diagnostics (positions are computed here, where the YAML document is).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSheet } from '../load/sheet.js';
import { setLang, type Lang } from '../i18n/index.js';
import { checkOne } from './check-one.js';

interface Job {
  files: Array<{ abs: string; display: string; checked: boolean }>;
  root: string;
  lang: Lang;
}

const job = workerData as Job;
setLang(job.lang);
for (const f of job.files) {
  try {
    const { sheet, diagnostics } = await loadSheet(f.abs, f.display);
    const more = sheet && f.checked ? checkOne(sheet, job.root) : [];
    parentPort!.postMessage({ abs: f.abs, ok: true, sheet: sheet ? { text: sheet.text, data: sheet.data, kind: sheet.kind } : undefined, diagnostics: f.checked ? [...diagnostics, ...more] : [] });
  } catch (error) {
    parentPort!.postMessage({ abs: f.abs, ok: false, reason: (error as Error).message });
  }
}
parentPort!.postMessage({ done: true });
