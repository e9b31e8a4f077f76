// Row: start-up, `capi --version` against `node -e ""`, runs interleaved (capi, node, capi, node…) so
// the load of a shared machine falls on both alike; `capi --help` (commander and the catalogue loaded,
// the start-up of every command) is measured the same way and given in the note.
import { BIN, RUNS, fmt, row, time } from '../lib.mjs';

/** Median and spread of interleaved timings: `{ name: () => ms }` run in turn `runs` times after one warm-up round. */
function interleaved(fns, runs) {
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

export default async function startup() {
  const m = interleaved(
    {
      capi: () => time(process.execPath, [BIN, '--version']),
      base: () => time(process.execPath, ['-e', '']),
      help: () => time(process.execPath, [BIN, '--help']),
    },
    RUNS * 2,
  );
  row({
    name: 'capi --version',
    capi: m.capi,
    baseline: m.base,
    max: 1.5,
    note: `baseline: node -e "" (runs interleaved); capi --help, which loads commander and the French catalogue as every command does: ${fmt(m.help.median)}, ${(m.help.median / m.base.median).toFixed(2)}×`,
  });
}
