#!/usr/bin/env node
// capi benchmark: `npm run bench` (after `npm run build`).
//
// Generates workspaces of N sheets from the examples, runs each measurement several times after a
// warm-up, and prints a table (median and spread) with a baseline measured in the same run on the same
// files; saves it as JSON in bench/results/latest.json. Options: --quick (fewer sheets and runs, for a
// smoke check), --only NAME (one row: version, validate, pdf, docx, second, memory, scale).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'bench/results');
const BIN = path.join(ROOT, 'bin/capi.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const N_VALIDATE = quick ? 100 : 1000;
const N_RENDER = quick ? 10 : 100;
const RUNS = quick ? 2 : 5;
const HEAVY_RUNS = quick ? 1 : 3;

if (!existsSync(path.join(ROOT, 'build/cli/main.js'))) {
  console.error('bench: run `npm run build` first');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

/** A workspace of `n` RE sheets made from the examples (ids RE-BEN-0001…), with the example OSIM sheets. */
function workspace(n) {
  const dir = path.join(OUT, `ws-${n}`);
  if (existsSync(path.join(dir, 're', `RE-BEN-${String(n).padStart(4, '0')}.yaml`))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 're'), { recursive: true });
  cpSync(path.join(ROOT, 'examples/osim'), path.join(dir, 'osim'), { recursive: true });
  cpSync(path.join(ROOT, 'examples/images'), path.join(dir, 'images'), { recursive: true });
  writeFileSync(path.join(dir, 'capi.config.yaml'), 'projet: Banc d\'essai capi\n');
  const sources = readdirSync(path.join(ROOT, 'examples/re')).sort().map((f) => readFileSync(path.join(ROOT, 'examples/re', f), 'utf8'));
  for (let i = 1; i <= n; i++) {
    const id = `RE-BEN-${String(i).padStart(4, '0')}`;
    const text = sources[(i - 1) % sources.length].replace(/^id: .*$/m, `id: ${id}`).replace(/^titre: (.*)$/m, (_m, t) => `titre: ${t.startsWith('"') ? t.replace(/^"/, `"[${i}] `) : `"[${i}] ${t.replace(/"/g, '\\"')}"`}`);
    writeFileSync(path.join(dir, 're', `${id}.yaml`), text);
  }
  return dir;
}

/** Wall time of a command in milliseconds (spawned, output discarded). */
function time(cmd, argv, opts = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true', ...opts.env }, cwd: opts.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 500)}`);
  return ms;
}

/** Median and spread (min–max) of `runs` timings after `warmup` untimed runs. */
function measure(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) fn();
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(fn());
  xs.sort((a, b) => a - b);
  const median = xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], runs: xs.length };
}

/**
 * Peak memory (MB) of a command and all its children (capi and its browser), polled from /proc: the sum
 * of each process's proportional set size (Pss, smaps_rollup), so pages Chromium's processes share are
 * counted once, not once per process as a sum of RSS would (RSS is the fallback).
 */
function peakMemory(cmd, argv, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    let peak = 0;
    const tree = () => {
      const pids = new Set([child.pid]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
          try {
            const ppid = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
            if (pids.has(ppid) && !pids.has(Number(p))) {
              pids.add(Number(p));
              grew = true;
            }
          } catch {}
        }
      }
      let kb = 0;
      for (const p of pids) {
        try {
          const pss = /Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1];
          kb += Number(pss ?? /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
        } catch {}
      }
      peak = Math.max(peak, kb / 1024);
    };
    const timer = setInterval(tree, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      code === 0 ? resolve(peak) : reject(new Error(`exit ${code}`));
    });
  });
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const spread = (m) => `${fmt(m.median)} (${fmt(m.min)}–${fmt(m.max)})`;
const rows = [];
const row = (name, capi, baseline, target, note = '') => {
  const ratio = baseline ? capi.median / baseline.median : undefined;
  rows.push({ name, capi, baseline, ratio, target, note });
  console.error(`${name}: capi ${spread(capi)}${baseline ? `, baseline ${spread(baseline)}, ratio ${ratio.toFixed(2)}×` : ''} ${note}`);
};

// 1. start-up
if (!only || only === 'version') {
  const capi = measure(() => time(process.execPath, [BIN, '--version']), RUNS * 2, 2);
  const base = measure(() => time(process.execPath, ['-e', '']), RUNS * 2, 2);
  row('capi --version', capi, base, '≤ 1.5×', 'baseline: node -e ""');
}

// 2. validate
if (!only || only === 'validate') {
  const ws = workspace(N_VALIDATE);
  const capi = measure(() => time(process.execPath, [BIN, 'validate', '-q'], { cwd: ws, allowFail: true }), RUNS);
  const ajv = path.join(ROOT, 'node_modules/.bin/ajv');
  const base = measure(
    () => time(ajv, ['validate', '--spec=draft2020', '--strict=false', '-c', 'ajv-formats', '-s', path.join(ROOT, 'schemas/re.schema.json'), '-r', path.join(ROOT, 'schemas/common.schema.json'), '-d', 're/*.yaml'], { cwd: ws, allowFail: true }),
    RUNS,
  );
  row(`capi validate, ${N_VALIDATE} sheets`, capi, base, '≤ 1.0× and < 2 s', 'baseline: ajv-cli on the same files and schema (capi also checks links, places, photos, quality)');
}

// 3–6. rendering
let browser;
try {
  browser = execFileSync(process.execPath, ['-e', "import('./build/render/browser.js').then(async m => console.log(await m.findBrowser(process.env)))"], { cwd: ROOT, encoding: 'utf8' }).trim();
} catch {
  browser = undefined;
}
if (!only || ['pdf', 'docx', 'second', 'memory'].includes(only)) {
  const ws = workspace(N_RENDER);
  if (!only || only === 'pdf') {
    if (!browser) console.error('bench: no browser: PDF rows skipped');
    else {
      const htmlDir = path.join(OUT, 'html');
      rmSync(htmlDir, { recursive: true, force: true });
      time(process.execPath, [BIN, 'render', '--format', 'html', '--out', htmlDir], { cwd: ws });
      const capi = measure(() => time(process.execPath, [BIN, 'render', '--format', 'pdf', '--force', '--out', path.join(OUT, 'pdf')], { cwd: ws }), HEAVY_RUNS);
      const base = measure(() => time(process.execPath, [path.join(ROOT, 'bench/baseline-puppeteer.mjs'), htmlDir, path.join(OUT, 'pdf-baseline'), browser]), HEAVY_RUNS);
      row(`capi render --format pdf, ${N_RENDER} sheets`, capi, base, '≤ 1.0×', 'baseline: one browser, the same HTML printed page after page');
    }
  }
  if (!only || only === 'docx') {
    const capi = measure(() => time(process.execPath, [BIN, 'render', '--format', 'docx', '--force', '--out', path.join(OUT, 'docx')], { cwd: ws }), HEAVY_RUNS);
    const pandoc = spawnSync('pandoc', ['--version']).status === 0;
    if (!pandoc) row(`capi render --format docx, ${N_RENDER} sheets`, capi, undefined, '≤ 0.3×', 'pandoc not installed (apt-get install pandoc): no baseline');
    else {
      const mdDir = path.join(OUT, 'md');
      execFileSync(process.execPath, [path.join(ROOT, 'bench/sheets-to-markdown.mjs'), path.join(ws, 're'), mdDir]);
      const base = measure(() => time(process.execPath, [path.join(ROOT, 'bench/baseline-pandoc.mjs'), mdDir, path.join(OUT, 'docx-pandoc')]), HEAVY_RUNS);
      row(`capi render --format docx, ${N_RENDER} sheets`, capi, base, '≤ 0.3×', 'baseline: pandoc, one process per sheet, on an equivalent Markdown sheet');
    }
  }
  if (browser && (!only || only === 'second')) {
    const out = path.join(OUT, 'second');
    rmSync(out, { recursive: true, force: true });
    const first = measure(() => time(process.execPath, [BIN, 'render', '--force', '--out', out], { cwd: ws }), 1, 0);
    const second = measure(() => time(process.execPath, [BIN, 'render', '--out', out], { cwd: ws }), HEAVY_RUNS, 0);
    row('second capi render, nothing changed', second, first, '≤ 0.1×', 'baseline: the first render (PDF + DOCX) of the same sheets');
  }
  if (browser && (!only || only === 'memory')) {
    const mb = await peakMemory(process.execPath, [BIN, 'render', '--force', '--out', path.join(OUT, 'mem')], ws);
    rows.push({ name: `peak memory, render of ${N_RENDER} sheets (capi and its browser)`, peakMb: mb, target: '< 800 MB' });
    console.error(`peak memory: ${mb.toFixed(0)} MB`);
  }
}

// 7. linear cost
if (!only || only === 'scale') {
  const sizes = quick ? [10, 100] : [10, 100, 1000];
  const scale = sizes.map((n) => ({ n, ...measure(() => time(process.execPath, [BIN, 'validate', '-q'], { cwd: workspace(n), allowFail: true }), RUNS) }));
  rows.push({ name: 'capi validate: cost per sheet', scale });
  console.error(`validate scale: ${scale.map((s) => `${s.n} → ${fmt(s.median)}`).join(', ')}`);
}

// table
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const lines = ['| measure | capi (median, min–max) | baseline | ratio | target | note |', '|---|---|---|---|---|---|'];
for (const r of rows) {
  if (r.peakMb !== undefined) lines.push(`| ${r.name} | ${r.peakMb.toFixed(0)} MB | — | — | ${r.target} | sum of the processes' proportional memory (Pss), polled every 100 ms |`);
  else if (r.scale) lines.push(`| ${r.name} | ${r.scale.map((s) => `${s.n}: ${fmt(s.median)}`).join(' · ')} | — | — | linear | ${r.scale.length > 1 ? `${(r.scale.at(-1).median / r.scale.at(-1).n).toFixed(1)} ms/sheet at ${r.scale.at(-1).n}` : ''} |`);
  else lines.push(`| ${r.name} | ${spread(r.capi)} | ${r.baseline ? spread(r.baseline) : '—'} | ${r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '—'} | ${r.target} | ${r.note} |`);
}
const table = `${lines.join('\n')}\n\nMachine: ${machine}. Runs: ${RUNS} (heavy rows ${HEAVY_RUNS}) after a warm-up; ${new Date().toISOString().slice(0, 10)}.\n`;
console.log(table);
writeFileSync(path.join(OUT, quick ? 'latest-quick.json' : 'latest.json'), JSON.stringify({ machine, date: new Date().toISOString(), rows }, null, 2));
writeFileSync(path.join(OUT, quick ? 'latest-quick.md' : 'latest.md'), table);
