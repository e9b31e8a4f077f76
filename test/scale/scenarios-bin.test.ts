import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { SCENARIOS } from '../scenarios/cases.js';
import { binScenarios, temps } from '../scenarios/run.js';

/**
 * Every scenario row marked `bin` (`true` or `'scale'`: test/scenarios/cases.ts) run as a subprocess of
 * the compiled `bin/capi.js`, against its snapshot: `npm test` runs the `true` ones (one per exit code,
 * and one that writes files); the others cost a second of CPU each, hence this tier.
 */
afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the subprocess sample', () => {
  it('holds every exit code, in npm test and here', () => {
    const codes = (rows: typeof SCENARIOS) => [...new Set(rows.map((s) => s.code))].sort();
    expect(codes(SCENARIOS.filter((s) => s.bin === true))).toEqual([0, 1, 2]);
    expect(SCENARIOS.filter((s) => s.bin === 'scale').length).toBeGreaterThan(0);
  });
});

binScenarios(SCENARIOS.filter((s) => s.bin !== undefined));
