// Rows: `capi render` of 100 sheets, a second render with nothing changed, and peak memory (the PDF row
// is in ./pdf.mjs, the DOCX rows in ./docx.mjs).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { OUT, BIN, HEAVY_RUNS, quick, measure, peakMemory, row, valueRow, time, workspace } from '../lib.mjs';

const N = quick ? 10 : 100;

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
  valueRow({
    name: `peak memory, render of ${N} sheets (capi and its browser)`,
    value: `${peakMb.toFixed(0)} MB`,
    target: '< 1024 MB',
    met: peakMb < 1024,
    note: "sum of the processes' proportional memory (Pss), polled every 100 ms; target: issue 14's bound for a render (1 GB; capi prints 3 tabs at a time whatever the number of sheets); capi's own earlier aim, 800 MB, is reached only with Chromium's --enable-low-end-device-mode (735 MB, but 7–19 % slower: 2026-12-02, docs/performance.md), not kept",
  });
}
