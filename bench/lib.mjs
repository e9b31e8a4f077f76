// Shared tools of `npm run bench` (bench/run.mjs and the rows in bench/rows/): workspaces of N sheets,
// timed commands, medians, peak memory, and the table's rows with their targets.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = path.join(ROOT, 'bench/results');
/** capi's entry point: this tree's, or `BENCH_BIN` (another build of capi, e.g. before a change, timed with the same baselines). */
export const BIN = process.env.BENCH_BIN ?? path.join(ROOT, 'bin/capi.js');
const args = process.argv.slice(2);
export const quick = args.includes('--quick');
/** `--only NAME`: the rows to run (a comma-separated list), or undefined for all. */
export const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
export const selected = (name) => !only || only.includes(name);
export const RUNS = quick ? 2 : 5;
/** Runs of the heavy rows (rendering, booklets): 3, `--quick` 1, or `BENCH_HEAVY_RUNS`. */
export const HEAVY_RUNS = Number(process.env.BENCH_HEAVY_RUNS) || (quick ? 1 : 3);

/** A workspace of `n` RE sheets made from the examples (ids RE-BEN-0001…), with the example OSIM sheets. */
export function workspace(n) {
  const dir = path.join(OUT, `ws-${n}`);
  if (existsSync(path.join(dir, 're', `RE-BEN-${String(n).padStart(4, '0')}.yaml`))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 're'), { recursive: true });
  cpSync(path.join(ROOT, 'examples/osim'), path.join(dir, 'osim'), { recursive: true });
  cpSync(path.join(ROOT, 'examples/images'), path.join(dir, 'images'), { recursive: true });
  writeFileSync(path.join(dir, 'capi.config.yaml'), "projet: Banc d'essai capi\n");
  const sources = readdirSync(path.join(ROOT, 'examples/re')).sort().map((f) => readFileSync(path.join(ROOT, 'examples/re', f), 'utf8'));
  for (let i = 1; i <= n; i++) {
    const id = `RE-BEN-${String(i).padStart(4, '0')}`;
    const text = sources[(i - 1) % sources.length]
      .replace(/^id: .*$/m, `id: ${id}`)
      .replace(/^titre: (.*)$/m, (_m, t) => `titre: ${t.startsWith('"') ? t.replace(/^"/, `"[${i}] `) : `"[${i}] ${t.replace(/"/g, '\\"')}"`}`);
    writeFileSync(path.join(dir, 're', `${id}.yaml`), text);
  }
  return dir;
}

/** Wall time of a command in milliseconds (spawned, output discarded). Throws when it fails, unless `allowFail`. */
export function time(cmd, argv, opts = {}) {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true', ...opts.env }, cwd: opts.cwd ?? ROOT, maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 500)}`);
  return ms;
}

/** Median and spread (min–max) of `runs` timings of `fn` (ms) after `warmup` untimed runs. */
export function measure(fn, runs, warmup = 1) {
  for (let i = 0; i < warmup; i++) fn();
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(fn());
  xs.sort((a, b) => a - b);
  const median = xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], runs: xs.length };
}

/** The process ids of `pid` and all its descendants, read from /proc. */
function processTree(pid) {
  const pids = new Set([pid]);
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
  return pids;
}

/** Proportional set size (kB) of process `p` (Pss from smaps_rollup; VmRSS when that cannot be read), 0 when it is gone. */
function pssKb(p) {
  try {
    const pss = /Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1];
    return Number(pss ?? /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Peak memory (MB) of a command and all its children (capi and its browser), polled from /proc every
 * 100 ms: the sum of each process's proportional set size (Pss, smaps_rollup), so pages Chromium's
 * processes share are counted once, not once per process as a sum of RSS would (RSS is the fallback).
 * Resolves `{ peakMb, ms, nodeMb, browserMb, nodePeakMb, browserPeakMb }`: `nodeMb` and `browserMb`
 * split the peak (the command's own process, and its children: the browser), `nodePeakMb` and
 * `browserPeakMb` are each one's own peak (not necessarily at the same moment). Rejects when the command fails.
 */
export function peakMemory(cmd, argv, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, stdio: 'ignore', env: { ...process.env, CI: 'true', ...env } });
    const peak = { peakMb: 0, nodeMb: 0, browserMb: 0, nodePeakMb: 0, browserPeakMb: 0 };
    const poll = () => {
      let kb = 0;
      let own = 0;
      for (const p of processTree(child.pid)) {
        const x = pssKb(p);
        kb += x;
        if (p === child.pid) own = x;
      }
      const [total, node, browser] = [kb / 1024, own / 1024, (kb - own) / 1024];
      if (total > peak.peakMb) Object.assign(peak, { peakMb: total, nodeMb: node, browserMb: browser });
      peak.nodePeakMb = Math.max(peak.nodePeakMb, node);
      peak.browserPeakMb = Math.max(peak.browserPeakMb, browser);
    };
    const timer = setInterval(poll, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      code === 0 ? resolve({ ...peak, ms }) : reject(new Error(`${argv.join(' ')}: exit ${code}`));
    });
  });
}

export const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
export const spread = (m) => `${fmt(m.median)} (${fmt(m.min)}–${fmt(m.max)})`;

/** The table's rows, in the order they were measured. */
export const rows = [];

/**
 * One row of the table: capi's timing beside a baseline measured in the same run.
 * `max`: the target ratio (capi / baseline) at or under which the row is met; `target`: how the
 * table prints it (default `≤ max×`). Without a baseline the row is neither met nor missed unless
 * `met` is given.
 */
export function row({ name, capi, baseline, max, target, note = '', met }) {
  const ratio = baseline ? capi.median / baseline.median : undefined;
  const ok = met ?? (ratio !== undefined && max !== undefined ? ratio <= max : undefined);
  const r = { name, capi, baseline, ratio, target: target ?? (max !== undefined ? `≤ ${max}×` : '—'), met: ok, note };
  rows.push(r);
  console.error(`${name}: capi ${spread(capi)}${baseline ? `, baseline ${spread(baseline)}, ratio ${ratio.toFixed(2)}×` : ''} ${ok === undefined ? '' : ok ? 'met' : 'MISSED'} ${note}`);
  return r;
}

/** A row that is a single value, not a ratio (peak memory, cost per sheet…): `value` is printed as is. */
export function valueRow({ name, value, target, met, note = '' }) {
  const r = { name, value, target, met, note };
  rows.push(r);
  console.error(`${name}: ${value} ${met === undefined ? '' : met ? 'met' : 'MISSED'} ${note}`);
  return r;
}

/** The browser capi would use (its own search), or undefined when none is found. */
export function findBrowser() {
  try {
    return execFileSync(process.execPath, ['-e', "import('./build/render/browser.js').then(async m => console.log(await m.findBrowser(process.env)))"], { cwd: ROOT, encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether pandoc (the DOCX baseline) is installed. */
export const hasPandoc = () => spawnSync('pandoc', ['--version']).status === 0;

/**
 * Median and spread of timings taken in turn (`{ name: () => ms }`: a, b, a, b…) `runs` times after one
 * warm-up round, so the load of a shared machine falls on capi and its baseline alike.
 */
export function interleaved(fns, runs) {
  const xs = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = 0; i <= runs; i++) for (const [k, fn] of Object.entries(fns)) i > 0 ? xs[k].push(fn()) : fn();
  return Object.fromEntries(
    Object.entries(xs).map(([k, v]) => {
      v.sort((a, b) => a - b);
      const median = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      return [k, { median, min: v[0], max: v[v.length - 1], runs: v.length }];
    }),
  );
}
