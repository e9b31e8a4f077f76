/**
 * Runs the scenario table (`./cases.ts`): every row in-process through `runCli` (one after the other:
 * the language is process state), the rows marked `bin` also as subprocesses of the compiled
 * `bin/capi.js` (all at once). Both must give the row's exit code and the words of its snapshot
 * (`__snapshots__/<name>.txt`, rewritten by `npm run update-snapshots`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers.js';
import { SCENARIOS, type Scenario } from './cases.js';

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The folder a scenario runs in: the repository's, or a fresh temporary one (a copy, and its files). */
function workspace(s: Scenario): { cwd: string; tmp?: string } {
  const source = path.join(ROOT, s.cwd ?? '.');
  if (!s.copy && !s.files) return { cwd: source };
  const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'capi-scenario-')));
  temps.push(tmp);
  if (s.copy) cpSync(source, tmp, { recursive: true });
  for (const [file, text] of Object.entries(s.files ?? {})) {
    mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
    writeFileSync(path.join(tmp, file), text);
  }
  return { cwd: tmp, tmp };
}

/**
 * What varies from run to run, replaced by a placeholder: the temporary folder, the repository's
 * path, durations (« en 1.2 s »), capi's version, and dates (git dates of `status`, today's date).
 */
function normalise(text: string, tmp?: string): string {
  let out = text;
  if (tmp) out = out.split(tmp).join('<tmp>');
  out = out.split(ROOT.replace(/\/$/, '')).join('<root>');
  out = out.replace(/\b\d+(?:[.,]\d+)? s\b/g, '<n> s');
  out = out.split(VERSION).join('<version>');
  return out.replace(/\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b/g, '<date>');
}

/** The snapshot text of one run: the command line, the exit code, stdout and stderr. */
function transcript(s: Scenario, r: { code: number | null; stdout: string; stderr: string }, tmp?: string): string {
  const env = Object.entries(s.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  return [`$ ${env}capi ${s.args.join(' ')}`, `exit ${r.code}`, '--- stdout', normalise(r.stdout, tmp), '--- stderr', normalise(r.stderr, tmp)].join('\n');
}

const snapshot = (s: Scenario) => `./__snapshots__/${s.name}.txt`;

/** Runs `bin/capi.js` as a subprocess, without blocking (several run at once). */
function runBinAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/capi.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

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

describe.concurrent('scenarios, as a subprocess (bin/capi.js)', () => {
  for (const s of SCENARIOS.filter((x) => x.bin)) {
    it(s.name, async ({ expect }) => {
      const { cwd, tmp } = workspace(s);
      const r = await runBinAsync(s.args, cwd, s.env);
      expect(r.code, r.stderr).toBe(s.code);
      await expect(transcript(s, r, tmp)).toMatchFileSnapshot(snapshot(s));
    });
  }
});
