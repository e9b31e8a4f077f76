// Rows: `capi validate` on 1,000 sheets against ajv-cli, and its growth at 10/100/1,000 sheets.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, BIN, RUNS, quick, fmt, interleaved, measure, row, valueRow, time, workspace } from '../lib.mjs';

/** What each check costs on the workspace `ws` (bench/check-costs.mjs: each check alone, CPU ms), as a sentence for the note. */
function checkCosts(ws) {
  const { sheets, costs } = JSON.parse(execFileSync(process.execPath, [path.join(ROOT, 'bench/check-costs.mjs'), ws], { encoding: 'utf8' }));
  const c = (k) => `${k} ${costs[k]} ms`;
  return `CPU over ${sheets} sheets, each check alone: ${c('read and parse')}, ${c('schema')}; beyond the schema: ${c('places')}, ${c('photos')}, ${c('quality')}, ${c('next status')} (schema and quality at the next status), ${c('links')}`;
}

const N = quick ? 100 : 1000;

export default async function validate() {
  const ws = workspace(N);
  const ajv = path.join(ROOT, 'node_modules/.bin/ajv');
  // in turn (capi, ajv-cli, capi…): the load of the shared machine falls on both alike
  const { capi, base } = interleaved(
    {
      capi: () => time(process.execPath, [BIN, 'validate', '-q'], { cwd: ws, allowFail: true }),
      base: () => time(ajv, ['validate', '--spec=draft2020', '--strict=false', '-c', 'ajv-formats', '-s', path.join(ROOT, 'schemas/re.schema.json'), '-r', path.join(ROOT, 'schemas/common.schema.json'), '-d', 're/*.yaml'], { cwd: ws, allowFail: true }),
    },
    RUNS,
  );
  row({ name: `capi validate -q, ${N} sheets`, capi, baseline: base, max: 1.5, note: `baseline: ajv-cli on the same files and schema (js-yaml 3, one schema); ${checkCosts(ws)}` });
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
