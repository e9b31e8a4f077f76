// Rows: `capi render` of 100 sheets, PDF against a bare puppeteer loop, a second render with nothing
// changed, and peak memory. (DOCX: ./docx.mjs.)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, OUT, BIN, HEAVY_RUNS, quick, measure, peakMemory, row, valueRow, time, workspace } from '../lib.mjs';

const N = quick ? 10 : 100;

export async function pdf(browser) {
  const ws = workspace(N);
  const htmlDir = path.join(OUT, 'html');
  rmSync(htmlDir, { recursive: true, force: true });
  time(process.execPath, [BIN, 'render', '--format', 'html', '--out', htmlDir], { cwd: ws });
  const capi = measure(() => time(process.execPath, [BIN, 'render', '--format', 'pdf', '--force', '--out', path.join(OUT, 'pdf')], { cwd: ws }), HEAVY_RUNS);
  const base = measure(() => time(process.execPath, [path.join(ROOT, 'bench/baseline-puppeteer.mjs'), htmlDir, path.join(OUT, 'pdf-baseline'), browser]), HEAVY_RUNS);
  row({ name: `capi render --format pdf, ${N} sheets`, capi, baseline: base, max: 1.0, note: 'baseline: one browser, the same HTML printed page after page' });
}

export async function second() {
  const ws = workspace(N);
  const out = path.join(OUT, 'second');
  rmSync(out, { recursive: true, force: true });
  const first = measure(() => time(process.execPath, [BIN, 'render', '--force', '--out', out], { cwd: ws }), 1, 0);
  const again = measure(() => time(process.execPath, [BIN, 'render', '--out', out], { cwd: ws }), HEAVY_RUNS, 0);
  row({ name: 'second capi render, nothing changed', capi: again, baseline: first, max: 0.1, note: 'baseline: the first render (PDF + DOCX) of the same sheets' });
}

export async function memory() {
  const ws = workspace(N);
  const { peakMb } = await peakMemory(process.execPath, [BIN, 'render', '--force', '--out', path.join(OUT, 'mem')], ws);
  valueRow({ name: `peak memory, render of ${N} sheets (capi and its browser)`, value: `${peakMb.toFixed(0)} MB`, target: '< 800 MB', met: peakMb < 800, note: "sum of the processes' proportional memory (Pss), polled every 100 ms" });
}
