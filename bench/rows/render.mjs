// Rows: `capi render` of 100 sheets, DOCX against pandoc, a second render with nothing changed, and peak
// memory (the PDF row is in ./pdf.mjs).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, OUT, BIN, HEAVY_RUNS, quick, hasPandoc, measure, peakMemory, row, valueRow, time, workspace } from '../lib.mjs';

const N = quick ? 10 : 100;

export async function docx() {
  const ws = workspace(N);
  const capi = measure(() => time(process.execPath, [BIN, 'render', '--format', 'docx', '--force', '--out', path.join(OUT, 'docx')], { cwd: ws }), HEAVY_RUNS);
  if (!hasPandoc()) {
    row({ name: `capi render --format docx, ${N} sheets`, capi, max: 0.3, note: 'pandoc not installed (apt-get install pandoc): no baseline' });
    return;
  }
  const mdDir = path.join(OUT, 'md');
  execFileSync(process.execPath, [path.join(ROOT, 'bench/sheets-to-markdown.mjs'), path.join(ws, 're'), mdDir]);
  const base = measure(() => time(process.execPath, [path.join(ROOT, 'bench/baseline-pandoc.mjs'), mdDir, path.join(OUT, 'docx-pandoc')]), HEAVY_RUNS);
  row({ name: `capi render --format docx, ${N} sheets`, capi, baseline: base, max: 0.3, note: 'baseline: pandoc, one process per sheet, on an equivalent Markdown sheet' });
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
