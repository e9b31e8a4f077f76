// Row: start-up, `capi --version` against `node -e ""`, runs interleaved (capi, node, capi, node…) so
// the load of a shared machine falls on both alike; `capi --help` (commander and the catalogue loaded,
// the start-up of every command) is measured the same way and given in the note.
import { BIN, RUNS, fmt, interleaved, row, time } from '../lib.mjs';

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
