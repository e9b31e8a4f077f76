import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers.js';

/**
 * Interrupting a render (SIGTERM from CI, Ctrl+C at a terminal): capi closes the browser, removes its
 * temporary files and exits 130; every PDF already in the output folder is complete, none is half-written.
 */
describe('interrupted render', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} midway: exit 130, no browser left, no temporary or partial file`, async () => {
      const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
      const out = path.join(temp, 'out');
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/capi.js'), 'render', 'examples', '--format', 'pdf', '--out', out], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: temp, CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // wait until the browser has printed a first sheet, then interrupt
      const started = Date.now();
      while (!/✓ /.test(stdout) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 50));
      expect(stdout).toMatch(/✓ /);
      child.kill(signal);
      const code = await exited;
      expect(code).toBe(130);
      expect(stderr).toMatch(/Interrompu : navigateur fermé, fichiers temporaires supprimés/);
      // what the interruption cut short is not reported as failures
      expect(stderr.slice(stderr.indexOf('Interrompu'))).not.toMatch(/✗|Protocol error|before open|produites?/);
      await new Promise((r) => setTimeout(r, 500));
      // no Chromium of this run (its profile lives in TMPDIR), no temporary folder
      expect(spawnSync('pgrep', ['-f', temp]).stdout.toString().trim()).toBe('');
      expect(readdirSync(temp).filter((d) => d.startsWith('capi-'))).toEqual([]);
      // what was written is whole
      const files = readdirSync(out);
      expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      for (const f of files.filter((x) => x.endsWith('.pdf'))) expect(spawnSync('pdfinfo', [path.join(out, f)]).status, f).toBe(0);
      expect(files.filter((f) => f.endsWith('.pdf')).length).toBeLessThan(20);
      rmSync(temp, { recursive: true, force: true });
    }, 120_000);
  }
});
