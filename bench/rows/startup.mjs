// Row: start-up, `capi --version` against `node -e ""`.
import { BIN, RUNS, measure, row, time } from '../lib.mjs';

export default async function startup() {
  const capi = measure(() => time(process.execPath, [BIN, '--version']), RUNS * 2, 2);
  const base = measure(() => time(process.execPath, ['-e', '']), RUNS * 2, 2);
  row({ name: 'capi --version', capi, baseline: base, max: 1.5, note: 'baseline: node -e ""' });
}
