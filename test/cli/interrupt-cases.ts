/**
 * The interrupt cases (SIGTERM from CI, Ctrl+C at a terminal) of `interrupt.test.ts` (one variant of
 * each kind, in `npm test`) and of `../scale/interrupt-variants.test.ts` (the other signals and the
 * whole sweep of moments): capi, run as a subprocess (the signal is the operating system's), closes the
 * browser, removes its temporary files and exits 130; every file already written is whole.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ROOT, runCli } from '../helpers.js';
import { processesLeft, until } from '../helpers/wait.js';

/**
 * `capi render examples --format pdf` interrupted by `signal` once a first sheet is printed: exit 130,
 * no browser left, no temporary or partial file.
 */
export async function interruptRender(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
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
  // wait until the browser has printed a first sheet (its ✓ line), then interrupt
  await until('the first printed sheet', () => /✓ /.test(stdout), { child, said: () => stderr });
  expect(stdout).toMatch(/✓ /);
  child.kill(signal);
  const code = await exited;
  expect(code).toBe(130);
  expect(stderr).toMatch(/Interrompu : navigateur fermé, fichiers temporaires supprimés/);
  // what the interruption cut short is not reported as failures
  expect(afterInterrupt(stderr)).not.toMatch(UNSAID);
  // no Chromium of this run (its profile lives in TMPDIR), no temporary folder
  expect(await processesLeft(temp)).toBe('');
  expect(readdirSync(temp).filter((d) => d.startsWith('capi-'))).toEqual([]);
  // what was written is whole
  const files = readdirSync(out);
  expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  for (const f of files.filter((x) => x.endsWith('.pdf'))) expect(spawnSync('pdfinfo', [path.join(out, f)]).status, f).toBe(0);
  expect(files.filter((f) => f.endsWith('.pdf')).length).toBeLessThan(20);
  rmSync(temp, { recursive: true, force: true });
}

/**
 * What capi must not say once interrupted: failures (✗, the browser's « Protocol error », « Target
 * closed », « detached »), a summary (« produites », « laissée de côté ») or « erreur inattendue ».
 */
const UNSAID = /✗|Protocol error|Target closed|detached|before open|produites?|laissées? de côté|inattendue/;

/** stderr from the « Interrompu » line on. */
const afterInterrupt = (stderr: string) => stderr.slice(stderr.indexOf('Interrompu'));

/** Spawns the built capi with TMPDIR in `temp`; collects its output. */
export function spawnCapi(args: string[], temp: string, cwd = ROOT) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/capi.js'), ...args], {
    cwd,
    env: { ...process.env, TMPDIR: temp, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => (output.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}

/** Files under `dir` (recursively), relative; [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
}

/** After an interrupt: exit 130, the « Interrompu » line, no browser and no temporary folder or file left. */
export async function expectCleanInterrupt(run: ReturnType<typeof spawnCapi>, temp: string, out: string): Promise<void> {
  expect(await run.exited).toBe(130);
  expect(run.output.stderr).toMatch(/Interrompu : navigateur fermé, fichiers temporaires supprimés/);
  // what the interruption cut short is not reported: no failure, no summary, no « erreur inattendue »
  expect(afterInterrupt(run.output.stderr)).not.toMatch(UNSAID);
  expect(await processesLeft(temp)).toBe('');
  expect(readdirSync(temp).filter((d) => d.startsWith('capi-'))).toEqual([]);
  expect(filesUnder(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  // what was written is whole
  for (const f of filesUnder(out).filter((x) => x.endsWith('.pdf'))) expect(spawnSync('pdfinfo', [path.join(out, f)]).status, f).toBe(0);
  for (const f of filesUnder(out).filter((x) => x.endsWith('.docx'))) expect(spawnSync('unzip', ['-tq', path.join(out, f)]).status, f).toBe(0);
}

/**
 * `capi review` interrupted by SIGTERM at several moments (0 to 1.8 s after its start): exit 130 with the
 * sheet unchanged, or 0 with the review whole; never a temporary file. `sweep`: `'first'` stops at the
 * first interrupted review (npm test), `'all'` tries every moment up to 500 ms (the scale tier).
 */
export async function interruptReview(sweep: 'first' | 'all'): Promise<void> {
  const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
  const ws = path.join(temp, 'ws');
  cpSync(path.join(ROOT, 'examples'), ws, { recursive: true });
  const sheet = path.join(ws, 're', 'RE-TIZ-01.yaml');
  const before = readFileSync(sheet, 'utf8');
  const args = ['review', 're/RE-TIZ-01.yaml', '--statut', 'a-reviser', '--champ', 'contributions', '--commentaire', 'Préciser le coût', '--relecteur', 'K. El Moudden', '--date', '2026-03-02'];
  // the review, uninterrupted, in a copy: what a whole review writes
  const reference = path.join(temp, 'ref');
  cpSync(ws, reference, { recursive: true });
  // (in-process: what is compared is the file written, not the process)
  expect((await runCli(args, { cwd: reference })).code).toBe(0);
  const after = readFileSync(path.join(reference, 're', 'RE-TIZ-01.yaml'), 'utf8');
  expect(after).not.toBe(before);
  let interrupted = 0;
  const codes: Array<number | null> = [];
  // later moments too: on a loaded machine Node itself may still be starting at 500 ms, or even 1.8 s
  // (exit null).
  // (These delays are when the signal comes, what the test varies; nothing waits for time.)
  for (const delayMs of [0, 150, 250, 350, 500, 800, 1200, 1800, 2500, 4000]) {
    if (interrupted > 0 && (sweep === 'first' || delayMs > 500)) break;
    writeFileSync(sheet, before);
    const run = spawnCapi(args, temp, ws);
    await new Promise((r) => setTimeout(r, delayMs));
    run.child.kill('SIGTERM');
    const code = await run.exited;
    codes.push(code);
    // null: the signal came while Node itself was starting, before capi's first line ran
    expect([0, 130, null], `${delayMs} ms: ${run.output.stderr}`).toContain(code);
    if (code === 130) interrupted += 1;
    // the sheet is whole: the old one or the reviewed one, never a mix (exit 0: the reviewed one; a
    // signal landing after the rename but before exit may give 130 with the review already whole)
    const now = readFileSync(sheet, 'utf8');
    if (code === 0) expect(now).toBe(after);
    else expect([before, after]).toContain(now);
    expect(readdirSync(path.join(ws, 're')).filter((f) => !f.endsWith('.yaml'))).toEqual([]);
  }
  expect(interrupted, `exit codes: ${codes.join(', ')}`).toBeGreaterThan(0);
  rmSync(temp, { recursive: true, force: true });
}
