import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runBin } from '../helpers.js';
import { canDrawBar, createProgress } from '../../src/cli/progress.js';
import type { CliIo } from '../../src/cli/io.js';

let out: string;
beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'capi-progress-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

// an RE and an OSIM sheet: a line each (a sheet fewer than before, ~1 s of CPU), in DOCX and HTML: the
// lines are the same with a PDF, which would cost a Chromium start and ~3 s of the suite (issue 14)
const SHEETS = ['examples/re/RE-TIZ-02.yaml', 'examples/osim/OSIM-FR-01.yaml'];

describe('progress of capi render without a terminal', () => {
  it('prints one plain line per sheet and the summary, with no escape codes (no bar)', () => {
    const r = runBin(['render', ...SHEETS, '--out', out, '--format', 'docx,html'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/\x1b/);
    expect(r.stdout).not.toMatch(/\x1b/);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const id of ['RE-TIZ-02', 'OSIM-FR-01']) {
      expect(lines.filter((l) => l.startsWith(`✓ ${id} → `))).toHaveLength(1);
      const line = lines.find((l) => l.startsWith(`✓ ${id} → `))!;
      for (const ext of ['docx', 'html']) expect(line).toContain(`${id}.${ext}`);
    }
    expect(r.stderr).toMatch(/^2 fiches produites, 0 en échec, en \d+\.\d s, dans .+\/$/m);
  });

  it('draws a bar only for a person at a terminal, never in CI or into buffers', () => {
    let stdout = '';
    const io = (over: Partial<CliIo>): CliIo => ({
      stdout: { write: (s: string) => (stdout += s) },
      stderr: Object.assign({ write: () => true }, { isTTY: true }),
      cwd: ROOT,
      env: {},
      interactive: true,
      color: false,
      ...over,
    });
    expect(canDrawBar(io({}))).toBe(true);
    expect(canDrawBar(io({ env: { CI: 'true' } }))).toBe(false);
    expect(canDrawBar(io({ interactive: false }))).toBe(false);
    expect(canDrawBar(io({ stderr: { write: () => true } }))).toBe(false);
    const plain = createProgress(io({ interactive: false }), 2);
    expect(plain.bar).toBe(false);
    plain.start('A');
    plain.done('A', '✓ A → a.pdf');
    plain.done('B');
    plain.stop();
    expect(stdout).toBe('✓ A → a.pdf\n');
  });
});
