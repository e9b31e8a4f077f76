/**
 * Running the scenarios of `./cases.ts`: the folder each runs in, the snapshot text of a run, and the
 * subprocess runs of `bin/capi.js` (`binScenarios`), shared by ./scenarios.test.ts (`npm test`) and
 * ../scale/scenarios-bin.test.ts (the scale tier).
 */
import { describe, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers.js';
import type { Scenario } from './cases.js';

/** The temporary folders made by `workspace`, for the test file to remove at its end. */
export const temps: string[] = [];

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The folder a scenario runs in: the repository's, or a fresh temporary one (a copy, and its files). */
export function workspace(s: Scenario): { cwd: string; tmp?: string } {
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
export function transcript(s: Scenario, r: { code: number | null; stdout: string; stderr: string }, tmp?: string): string {
  const env = Object.entries(s.env ?? {}).map(([k, v]) => `${k}=${v} `).join('');
  return [`$ ${env}capi ${s.args.join(' ')}`, `exit ${r.code}`, '--- stdout', normalise(r.stdout, tmp), '--- stderr', normalise(r.stderr, tmp)].join('\n');
}

/** The snapshot file of a scenario (absolute: read from this folder and from the scale tier's). */
export const snapshot = (s: Scenario): string => path.join(path.dirname(fileURLToPath(import.meta.url)), '__snapshots__', `${s.name}.txt`);

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

/**
 * Declares the subprocess runs of `scenarios` (all at once): each must give its exit code and the words
 * of its snapshot, as in-process.
 */
export function binScenarios(scenarios: readonly Scenario[]): void {
  describe.concurrent('scenarios, as a subprocess (bin/capi.js)', () => {
    for (const s of scenarios) {
      it(s.name, async ({ expect }) => {
        const { cwd, tmp } = workspace(s);
        const r = await runBinAsync(s.args, cwd, s.env);
        expect(r.code, r.stderr).toBe(s.code);
        await expect(transcript(s, r, tmp)).toMatchFileSnapshot(snapshot(s));
      });
    }
  });
}
