// Rows: `capi booklet --format pdf` of 10, 50 and 200 sheets (--quick: 10 and 20) against a bare
// puppeteer loop printing the same sheets' HTML once (serial, and with as many tabs as capi uses), and
// against the booklet's floor (bench/baseline-booklet-floor.mjs: the same tabs printing the sheets AND the
// front and back matter once, plus a bare pdf-lib merge), to show how the booklet grows; and the peak
// memory of the 200-sheet booklet (capi's Node process and its browser, apart).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { OUT, ROOT, BIN, HEAVY_RUNS, quick, peakMemory, row, time, valueRow, workspace } from '../lib.mjs';
import { bareLoop, capiTabs, interleaved, sheetsHtml } from './pdf.mjs';

/** `BENCH_BOOKLET_SIZES=50,200`: only these sizes (the last one gets the memory row); `BENCH_WARMUP=0`: no untimed first round. */
const SIZES = process.env.BENCH_BOOKLET_SIZES ? process.env.BENCH_BOOKLET_SIZES.split(',').map(Number) : quick ? [10, 20] : [10, 50, 200];
const WARMUP = process.env.BENCH_WARMUP !== '0';
/** Each timing of the largest booklet as it comes (they take minutes each). */
const say = (what, ms) => (console.error(`booklet ${what}: ${(ms / 1000).toFixed(1)} s`), ms);
/** Every sheet of the bench workspaces, whatever its statut (the booklet takes the validated ones by default). */
const ALL = ['--statut', 'brouillon,soumise,a-reviser,validee'];
/**
 * `BENCH_BIN_BEFORE`: another build of capi (e.g. before a change) timed in the same rounds as this one,
 * against the same baselines: its rows are printed too, named « (before) ».
 */
const BEFORE = process.env.BENCH_BIN_BEFORE;
const args = (n, bin = BIN) => [bin, 'booklet', '--format', 'pdf', ...ALL, '--out', path.join(OUT, `booklet-${n}`)];

/** The floor of a booklet of the sheets in `html` and the front and back matter capi printed in `matter` (timed, ms). */
const floorLoop = (browser, html, matter, tabs) => () =>
  time(process.execPath, [path.join(ROOT, 'bench/baseline-booklet-floor.mjs'), html, matter, path.join(OUT, 'booklet-floor.pdf'), browser, String(tabs), 'RE-']);

export default async function booklets(browser) {
  const tabs = await capiTabs();
  let memory;
  let memoryBefore;
  for (const n of SIZES) {
    const ws = workspace(n);
    const html = sheetsHtml(ws, `booklet-${n}`);
    // capi writes there the front and back matter it prints (CAPI_BOOKLET_HTML), for the floor: its first run comes first
    const matter = path.join(OUT, `booklet-matter-${n}`);
    mkdirSync(matter, { recursive: true });
    const env = { CAPI_BOOKLET_HTML: matter };
    const serial = bareLoop(browser, html, 1, 'RE-');
    const same = bareLoop(browser, html, tabs, 'RE-');
    const floor = floorLoop(browser, html, matter, tabs);
    let m = {};
    if (n === SIZES.at(-1)) {
      // the largest booklet takes minutes: one round, no warm-up, its time and peak memory from one run
      const one = (ms) => ({ median: ms, min: ms, max: ms, runs: 1 });
      if (BEFORE) {
        const was = await peakMemory(process.execPath, args(n, BEFORE), ws, env);
        memoryBefore = was;
        console.error(`booklet ${n} (before): ${(was.ms / 1000).toFixed(1)} s, peak ${was.peakMb.toFixed(0)} MB (Node ${was.nodeMb.toFixed(0)} + Chromium ${was.browserMb.toFixed(0)}; own peaks ${was.nodePeakMb.toFixed(0)} / ${was.browserPeakMb.toFixed(0)})`);
        m = { before: one(was.ms) };
      }
      const run = await peakMemory(process.execPath, args(n), ws, env);
      memory = run;
      console.error(`booklet ${n}: ${(run.ms / 1000).toFixed(1)} s, peak ${run.peakMb.toFixed(0)} MB (Node ${run.nodeMb.toFixed(0)} + Chromium ${run.browserMb.toFixed(0)}; own peaks ${run.nodePeakMb.toFixed(0)} / ${run.browserPeakMb.toFixed(0)})`);
      // the floor first: the baseline closest to what a booklet must do
      const f = say(`${n} floor`, floor());
      const t = say(`${n} ${tabs} tabs`, same());
      m = { ...m, capi: one(run.ms), floor: one(f), tabs: one(t), serial: one(say(`${n} serial`, serial())) };
    } else {
      const fns = { capi: () => time(process.execPath, args(n), { cwd: ws, env }), serial, tabs: same, floor };
      m = interleaved(BEFORE ? { before: () => time(process.execPath, args(n, BEFORE), { cwd: ws, env }), ...fns } : fns, HEAVY_RUNS, WARMUP);
    }
    if (BEFORE) {
      for (const [base, what] of [['serial', 'the serial bare loop'], ['tabs', `the ${tabs}-tab bare loop`], ['floor', 'its floor']]) {
        row({ name: `(before) capi booklet --format pdf, ${n} sheets, against ${what}`, capi: m.before, baseline: m[base], max: base === 'serial' ? 1.0 : 1.1, note: `BENCH_BIN_BEFORE: ${BEFORE}` });
      }
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
    const r = row({
      name: `capi booklet --format pdf, ${n} sheets, against its floor`,
      capi: m.capi,
      baseline: m.floor,
      max: 1.1,
      note: `floor: ${tabs} bare tabs printing the same sheets AND the booklet's front and back matter once each (tagged, with outlines), and a bare pdf-lib merge of the printed files as they come (bench/baseline-booklet-floor.mjs: no capi code)`,
    });
    if (r.ratio < 0.95) r.note += '; capi goes under this floor: it prints its sheets two to four to a document (templates/sheets.hbs), the floor one a document';
    else if (r.ratio <= 1.05) r.note += '; capi is at its floor (≤ 1.05×): what is left is printing and merging that any booklet must do';
  }
  const split = (x) => `${x.peakMb.toFixed(0)} MB (Node ${x.nodeMb.toFixed(0)} + Chromium ${x.browserMb.toFixed(0)})`;
  if (memoryBefore) {
    valueRow({ name: `(before) peak memory, booklet PDF of ${SIZES.at(-1)} sheets`, value: split(memoryBefore), target: '< 1024 MB', met: memoryBefore.peakMb < 1024, note: `own peaks: Node ${memoryBefore.nodePeakMb.toFixed(0)} MB, Chromium ${memoryBefore.browserPeakMb.toFixed(0)} MB` });
  }
  valueRow({
    name: `peak memory, booklet PDF of ${SIZES.at(-1)} sheets (capi and its browser)`,
    value: split(memory),
    target: '< 1024 MB',
    met: memory.peakMb < 1024,
    note: `sum of the processes' proportional memory (Pss), polled every 100 ms, split at the peak between capi's Node process and its browser; each one's own peak: Node ${memory.nodePeakMb.toFixed(0)} MB, Chromium ${memory.browserPeakMb.toFixed(0)} MB; the same run as the row's time; capi booklet keeps its heap within 1.5 × what is alive (V8's heap growing percent, src/util/heap.ts): Node peaked at 375–466 MB before, 281–295 MB after (2026-12-02)`,
  });
}
