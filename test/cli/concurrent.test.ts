import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { ROOT, runCli } from '../helpers.js';

const run = (args: string[]) =>
  new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/capi.js'), ...args], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    child.on('exit', resolve);
  });

describe('two renders into the same folder at once', () => {
  it('both succeed and every file is whole', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'capi-twice-'));
    try {
      // the 10 RE sheets (the subprocess's DOCX pool starts its workers from 4 sheets a worker); the OSIM
      // sheets are read for the links. The 20 examples took ~23 s of the suite's CPU for the same check.
      // Two processes: the real capi as a subprocess, and this test's own (in-process: capi's modules
      // are loaded already, ~3 s of CPU less than a second subprocess)
      const args = ['render', 'examples/re', '--format', 'docx,html', '--force', '--out', out];
      const [sub, here] = await Promise.all([run(args), runCli(args)]);
      expect([sub, here.code], here.stderr).toEqual([0, 0]);
      const files = readdirSync(out);
      expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const docx = files.filter((f) => f.endsWith('.docx'));
      expect(docx).toHaveLength(10);
      for (const f of docx) await expect(JSZip.loadAsync(readFileSync(path.join(out, f)))).resolves.toBeTruthy();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000); // two renders of 10 sheets each: minutes on a loaded 2-core machine
});
