// Rows: `capi validate` on 1,000 sheets against ajv-cli, and its growth at 10/100/1,000 sheets.
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ROOT, BIN, RUNS, quick, fmt, interleaved, measure, row, valueRow, time, workspace } from '../lib.mjs';

/** What each check costs on the workspace `ws` (bench/check-costs.mjs: each check alone, CPU ms), as a sentence for the note. */
function checkCosts(ws) {
  const { sheets, costs } = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bench/check-costs.mjs'), ws], { encoding: 'utf8' }));
  const c = (k) => `${k} ${costs[k]} ms`;
  return `CPU over ${sheets} sheets, each check alone: ${c('read and parse')}, ${c('schema')}; beyond the schema: ${c('places')}, ${c('photos')}, ${c('quality')}, ${c('next status')} (schema and quality at the next status), ${c('links')}`;
}

const N = quick ? 100 : 1000;
/** `BENCH_BIN_BEFORE`: another build of capi (e.g. before a change), timed in the same rounds. */
const BEFORE = process.env.BENCH_BIN_BEFORE;

/**
 * Wall time of a command (ms), its CPU time (user + system, of every thread, from /usr/bin/time when
 * installed) pushed onto `cpu`: on a loaded shared machine the wall time of two threads is mostly
 * waiting for a core, and their CPU time says what they cost.
 */
function timeCpu(cpu, cmd, argv, opts) {
  const file = path.join(opts.cwd, '.cpu.txt');
  rmSync(file, { force: true });
  const timed = existsSync('/usr/bin/time');
  const ms = timed ? time('/usr/bin/time', ['-f', '%U %S', '-o', file, cmd, ...argv], opts) : time(cmd, argv, opts);
  if (timed && existsSync(file)) cpu.push(readFileSync(file, 'utf8').trim().split(/\s+/).slice(-2).reduce((a, b) => a + Number(b) * 1000, 0));
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export default async function validate() {
  const ws = workspace(N);
  const ajv = path.join(ROOT, 'node_modules/.bin/ajv');
  const cpu = { capi: [], one: [], base: [], before: [] };
  const capiRun = (bin, env, into) => () => timeCpu(into, process.execPath, [bin, 'validate', '-q'], { cwd: ws, allowFail: true, env });
  // in turn (capi, capi on two threads, ajv-cli, capi…): the load of the shared machine falls on all alike
  const m = interleaved(
    {
      capi: capiRun(BIN, {}, cpu.capi),
      one: capiRun(BIN, { CAPI_THREADS: '2' }, cpu.one),
      base: () => timeCpu(cpu.base, ajv, ['validate', '--spec=draft2020', '--strict=false', '-c', 'ajv-formats', '-s', path.join(ROOT, 'schemas/re.schema.json'), '-r', path.join(ROOT, 'schemas/common.schema.json'), '-d', 're/*.yaml'], { cwd: ws, allowFail: true }),
      ...(BEFORE ? { before: capiRun(BEFORE, {}, cpu.before) } : {}),
    },
    RUNS,
  );
  // (the warm-up round's CPU times dropped with it)
  for (const k of Object.keys(cpu)) cpu[k] = cpu[k].slice(1);
  const cpuNote = cpu.capi.length ? `; CPU (user+sys, median): capi ${fmt(median(cpu.capi))}, on two threads ${fmt(median(cpu.one))}, ajv-cli ${fmt(median(cpu.base))}${BEFORE ? `, before ${fmt(median(cpu.before))}` : ''}` : '';
  const threads = `capi on one thread (its default); on two (CAPI_THREADS=2: the main one and a worker thread): ${fmt(m.one.median)} (${fmt(m.one.min)}–${fmt(m.one.max)}), ${(m.one.median / m.base.median).toFixed(2)}×`;
  row({ name: `capi validate -q, ${N} sheets`, capi: m.capi, baseline: m.base, max: 1.5, note: `baseline: ajv-cli on the same files and schema (js-yaml 3, one schema; ajv-cli reads re/*.yaml, capi the 10 OSIM sheets too); ${threads}${cpuNote}; ${checkCosts(ws)}` });
  if (BEFORE) row({ name: `(before) capi validate -q, ${N} sheets`, capi: m.before, baseline: m.base, max: 1.5, note: `BENCH_BIN_BEFORE: ${BEFORE}` });
}

export async function scale() {
  const sizes = quick ? [10, 100] : [10, 100, 1000];
  const points = sizes.map((n) => ({ n, ...measure(() => time(process.execPath, [BIN, 'validate', '-q'], { cwd: workspace(n), allowFail: true }), RUNS) }));
  const last = points.at(-1);
  const mid = points.at(-2);
  // linear: the cost per sheet between the last two sizes stays within 2× of the average cost per sheet at the largest
  const marginal = (last.median - mid.median) / (last.n - mid.n);
  valueRow({
    name: 'capi validate: cost per sheet',
    value: points.map((s) => `${s.n}: ${fmt(s.median)}`).join(' · '),
    target: 'linear',
    met: marginal <= 2 * (last.median / last.n),
    note: `${(last.median / last.n).toFixed(1)} ms/sheet at ${last.n}, ${marginal.toFixed(1)} ms per added sheet`,
  });
}
