// Rows: `capi booklet --format pdf` of 10, 50 and 200 sheets (--quick: 10 and 20) against a bare
// puppeteer loop printing the same sheets' HTML once (serial, and with as many tabs as capi uses), to
// show how the booklet grows; and the peak memory of the 200-sheet booklet (capi and its browser).
import path from 'node:path';
import { OUT, BIN, HEAVY_RUNS, quick, peakMemory, row, time, valueRow, workspace } from '../lib.mjs';
import { bareLoop, capiTabs, interleaved, sheetsHtml } from './pdf.mjs';

const SIZES = quick ? [10, 20] : [10, 50, 200];
/** Every sheet of the bench workspaces, whatever its statut (the booklet takes the validated ones by default). */
const ALL = ['--statut', 'brouillon,soumise,a-reviser,validee'];

const booklet = (ws, n) => () => time(process.execPath, [BIN, 'booklet', '--format', 'pdf', ...ALL, '--out', path.join(OUT, `booklet-${n}`)], { cwd: ws });

export default async function booklets(browser) {
  const tabs = await capiTabs();
  let memory;
  for (const n of SIZES) {
    const ws = workspace(n);
    const html = sheetsHtml(ws, `booklet-${n}`);
    const serial = bareLoop(browser, html, 1, 'RE-');
    const same = bareLoop(browser, html, tabs, 'RE-');
    let m;
    if (n === SIZES.at(-1)) {
      // the largest booklet takes minutes: one round, no warm-up, its time and peak memory from one run
      const run = await peakMemory(process.execPath, [BIN, 'booklet', '--format', 'pdf', ...ALL, '--out', path.join(OUT, `booklet-${n}`)], ws);
      memory = run.peakMb;
      const one = (ms) => ({ median: ms, min: ms, max: ms, runs: 1 });
      m = { capi: one(run.ms), serial: one(serial()), tabs: one(same()) };
    } else {
      m = interleaved({ capi: booklet(ws, n), serial, tabs: same }, HEAVY_RUNS);
    }
    row({
      name: `capi booklet --format pdf, ${n} sheets`,
      capi: m.capi,
      baseline: m.serial,
      max: 1.0,
      note: 'baseline: a bare puppeteer loop printing the same sheets’ HTML once, page after page (no front matter, indexes, merging or numbering)',
    });
    row({
      name: `capi booklet --format pdf, ${n} sheets, against ${tabs} tabs`,
      capi: m.capi,
      baseline: m.tabs,
      max: 1.1,
      note: `baseline: the same bare loop with capi's ${tabs} tabs; capi also validates, builds the views and HTML, prints the front and back matter, merges (tags, links, outline) and stamps the page numbers`,
    });
  }
  valueRow({
    name: `peak memory, booklet PDF of ${SIZES.at(-1)} sheets (capi and its browser)`,
    value: `${memory.toFixed(0)} MB`,
    target: '< 1024 MB',
    met: memory < 1024,
    note: "sum of the processes' proportional memory (Pss), polled every 100 ms; the same run as the row's time",
  });
}
