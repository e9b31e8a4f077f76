/**
 * Runs the scenario table (`./cases.ts`): every row in-process through `runCli` (one after the other:
 * the language is process state), the rows marked `bin: true` also as subprocesses of the compiled
 * `bin/capi.js` (all at once; the rows marked `bin: 'scale'` in the scale tier,
 * ../scale/scenarios-bin.test.ts). Both must give the row's exit code and the words of its snapshot
 * (`__snapshots__/<name>.txt`, rewritten by `npm run update-snapshots`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync } from 'node:fs';
import { runCli } from '../helpers.js';
import { SCENARIOS } from './cases.js';
import { binScenarios, snapshot, temps, transcript, workspace } from './run.js';

afterAll(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('scenarios, in-process (runCli)', () => {
  it('have unique names, and every snapshot file belongs to a scenario (delete the ones listed)', () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const files = readdirSync(new URL('./__snapshots__/', import.meta.url)).filter((f) => f.endsWith('.txt'));
    expect(files.filter((f) => !names.includes(f.replace(/\.txt$/, '')))).toEqual([]);
  });

  for (const s of SCENARIOS) {
    it(s.name, async () => {
      const { cwd, tmp } = workspace(s);
      const r = await runCli(s.args, { cwd, env: s.env });
      expect(r.code, r.stderr).toBe(s.code);
      if (s.error !== undefined) {
        const errors = (JSON.parse(r.stdout) as { diagnostics: Array<{ line: number; column: number; code: string; severity: string }> }).diagnostics.filter((d) => d.severity === 'error');
        // one mistake, one message, at its place
        expect(errors.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([s.error]);
      }
      await expect(transcript(s, r, tmp)).toMatchFileSnapshot(snapshot(s));
    });
  }
});

binScenarios(SCENARIOS.filter((x) => x.bin === true));
