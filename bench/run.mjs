#!/usr/bin/env node
// capi benchmark: `npm run bench` (after `npm run build`).
//
// Generates workspaces of N sheets from the examples, runs each measurement several times after a
// warm-up, and prints a table (median and spread, target, met or missed) with a baseline measured in the
// same run on the same files; saves it in bench/results/latest.json and latest.md. Options: --quick
// (fewer sheets and runs, for a smoke check), --only NAME[,NAME…] (some rows: version, validate, scale,
// pdf, docx, second, memory, bounds, booklet-docx, booklet). The rows live in bench/rows/, the shared
// tools in bench/lib.mjs.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, OUT, RUNS, HEAVY_RUNS, quick, selected, spread, rows, findBrowser } from './lib.mjs';
import startup from './rows/startup.mjs';
import validate, { scale } from './rows/validate.mjs';
import { second, memory } from './rows/render.mjs';
import { pdf } from './rows/pdf.mjs';
import bounds from './rows/bounds.mjs';
import { docx, bookletDocx } from './rows/docx.mjs';
import booklet from './rows/booklet.mjs';

if (!existsSync(path.join(ROOT, 'build/cli/main.js'))) {
  console.error('bench: run `npm run build` first');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
const browser = findBrowser();

/** Each row: its name for --only, whether it needs a browser, and the function that measures it. */
const ROWS = [
  ['version', false, startup],
  ['validate', false, validate],
  ['scale', false, scale],
  ['pdf', true, pdf],
  ['docx', false, docx],
  ['second', true, second],
  ['memory', true, memory],
  ['bounds', false, bounds],
  ['booklet-docx', false, bookletDocx],
  ['booklet', true, booklet],
];
for (const [name, needsBrowser, fn] of ROWS) {
  if (!selected(name)) continue;
  if (needsBrowser && !browser) {
    console.error(`bench: no browser: row ${name} skipped`);
    continue;
  }
  await fn(browser);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const verdict = (r) => (r.met === undefined ? '—' : r.met ? 'met' : '**missed**');
const lines = ['| measure | capi (median, min–max) | baseline | ratio | target | | note |', '|---|---|---|---|---|---|---|'];
for (const r of rows) {
  if (r.value !== undefined) lines.push(`| ${r.name} | ${r.value} | — | — | ${r.target} | ${verdict(r)} | ${r.note} |`);
  else lines.push(`| ${r.name} | ${spread(r.capi)} | ${r.baseline ? spread(r.baseline) : '—'} | ${r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '—'} | ${r.target} | ${verdict(r)} | ${r.note} |`);
}
const table = `${lines.join('\n')}\n\nMachine: ${machine}. Runs: ${RUNS} (heavy rows ${HEAVY_RUNS}) after a warm-up; ${new Date().toISOString().slice(0, 10)}.\n`;
console.log(table);
writeFileSync(path.join(OUT, quick ? 'latest-quick.json' : 'latest.json'), JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2));
writeFileSync(path.join(OUT, quick ? 'latest-quick.md' : 'latest.md'), table);
