// Row: `capi render --format pdf` of 100 sheets (--quick: 10) against a bare puppeteer loop printing the
// same HTML once (bench/baseline-puppeteer.mjs), serial and with as many tabs as capi uses.
// Shared with the booklet rows (./booklet.mjs): the sheets' HTML, capi's tab count, interleaved timing.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, OUT, BIN, HEAVY_RUNS, quick, row, time, workspace } from '../lib.mjs';

const N = quick ? 10 : 100;

/** Tabs capi prints with on this machine (`printTabs()` of the build). */
export async function capiTabs() {
  const { printTabs } = await import(path.join(ROOT, 'build/render/browser.js'));
  return printTabs();
}

/** The HTML capi renders for the sheets of workspace `ws`, in a folder of its own (written once per run). */
export function sheetsHtml(ws, name) {
  const dir = path.join(OUT, `html-${name}`);
  rmSync(dir, { recursive: true, force: true });
  time(process.execPath, [BIN, 'render', '--format', 'html', '--force', '--out', dir], { cwd: ws });
  return dir;
}

/**
 * A bare puppeteer loop printing the HTML files of `dir` (those starting with `prefix`) with `tabs` tabs,
 * timed (ms); `setup`: '' (Chromium's print defaults), 'outline' (with the outline, as capi prints a sheet)
 * or 'capi' (that, JavaScript off, the request filter and the fonts' wait): see bench/baseline-puppeteer.mjs.
 */
export function bareLoop(browser, dir, tabs, prefix = '', setup = '') {
  const out = path.join(OUT, `pdf-baseline-${tabs}`);
  return () => time(process.execPath, [path.join(ROOT, 'bench/baseline-puppeteer.mjs'), dir, out, browser, String(tabs), prefix, setup]);
}

/**
 * Median and spread of each of `fns` (name → timed function, ms) over `runs` rounds, the functions taking
 * turns within a round (after one untimed round when `warmup`): on a shared machine, a busy minute then
 * weighs on capi and on its baselines alike.
 */
export function interleaved(fns, runs, warmup = true) {
  if (warmup) for (const fn of Object.values(fns)) fn();
  const xs = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [k, fn] of Object.entries(fns)) xs[k].push(fn());
  const stat = (v) => {
    v.sort((a, b) => a - b);
    const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return { median, min: v[0], max: v[v.length - 1], runs: v.length };
  };
  return Object.fromEntries(Object.entries(xs).map(([k, v]) => [k, stat(v)]));
}

export async function pdf(browser) {
  const ws = workspace(N);
  const tabs = await capiTabs();
  const html = sheetsHtml(ws, `render-${N}`);
  const m = interleaved(
    {
      capi: () => time(process.execPath, [BIN, 'render', '--format', 'pdf', '--force', '--out', path.join(OUT, 'pdf')], { cwd: ws }),
      serial: bareLoop(browser, html, 1, '', 'outline'),
      tabs: bareLoop(browser, html, tabs, '', 'outline'),
      floor: bareLoop(browser, html, tabs, '', 'capi'),
    },
    HEAVY_RUNS,
  );
  row({ name: `capi render --format pdf, ${N} sheets`, capi: m.capi, baseline: m.serial, max: 1.0, note: 'baseline: one browser, the same HTML printed page after page with the same print options (tagged, outline)' });
  row({
    name: `capi render --format pdf, ${N} sheets, against ${tabs} tabs`,
    capi: m.capi,
    baseline: m.tabs,
    max: 1.1,
    note: `baseline: the same bare loop (tagged, outline) with capi's ${tabs} tabs (printTabs(): cores + 1); capi adds its checks, views and HTML, the request filter, the fonts' wait and the document info`,
  });
  row({
    name: `capi render --format pdf, ${N} sheets, against ${tabs} tabs with capi's page setup`,
    capi: m.capi,
    baseline: m.floor,
    max: 1.1,
    note: "floor: the same loop with JavaScript off, every request through a filter (issue 6's rule) and the fonts waited for, as capi does; what is left is capi's own Node work (checks, views, HTML, document info)",
  });
}
