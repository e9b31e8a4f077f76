/**
 * The interrupt cases (SIGTERM from CI, Ctrl+C at a terminal) of `interrupt.test.ts` and of
 * `../scale/interrupt-variants.test.ts`: capi closes the browser, removes its temporary files and exits
 * 130, says nothing after « Interrompu » (no failure, no summary), and every file already written is
 * whole. Each kind (render, booklet, report, DOCX, review) runs as a subprocess (`spawnCapi`: the signal
 * is the operating system's, the exit code the process's); render, booklet and report run in the test's
 * own process too (`runHere`: capi interrupted as its signal handler does it, minus the exit, printing
 * with the worker's shared browser — no Node and no Chromium to start).
 */
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { t } from '../../src/i18n/index.js';
import { forgetInterrupt, interrupt } from '../../src/util/cleanup.js';
import { ROOT, runCli } from '../helpers.js';
import { sharedBrowserTabs } from '../helpers/shared-browser.js';
import { processesLeft, until, type Watched } from '../helpers/wait.js';

/** How a case interrupts capi: a subprocess and this signal, or capi in this process (`runHere`). */
export type How = 'SIGTERM' | 'SIGINT' | 'here';

/** A run of capi to interrupt, as `start` gives it. */
interface Run {
  /** What `until` watches: its outputs and its exit. */
  child: Watched;
  output: { stdout: string; stderr: string };
  /** Its exit code (a subprocess killed by the signal before capi's handlers: null). */
  exited: Promise<number | null>;
  /** Interrupts it: the signal, or `interrupt()` of src/util/cleanup.ts. */
  stop(): Promise<void>;
  /** What is left of its browser once it ended: '' when nothing, else what (processes, tabs). */
  browserLeft(): Promise<string>;
}

/** `capi args` in `cwd` with TMPDIR in `temp`, run the way `how` says. */
async function start(how: How, args: string[], temp: string, cwd = ROOT): Promise<Run> {
  if (how === 'here') return runHere(args, temp, cwd);
  const run = spawnCapi(args, temp, cwd);
  return {
    ...run,
    stop: async () => void run.child.kill(how),
    // no Chromium of this run (its profile lives in TMPDIR)
    browserLeft: () => processesLeft(temp),
  };
}

/**
 * `capi render examples --format pdf` interrupted once a first sheet is printed: exit 130, no browser
 * left, no temporary or partial file.
 */
export async function interruptRender(how: How): Promise<void> {
  const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
  const out = path.join(temp, 'out');
  const run = await start(how, ['render', 'examples', '--format', 'pdf', '--out', out], temp);
  // wait until the browser has printed a first sheet (its ✓ line), then interrupt
  await until('the first printed sheet', () => /✓ /.test(run.output.stdout), { child: run.child, said: () => run.output.stderr });
  expect(run.output.stdout).toMatch(/✓ /);
  await run.stop();
  await expectCleanInterrupt(run, temp, out);
  expect(filesUnder(out).filter((f) => f.endsWith('.pdf')).length).toBeLessThan(20);
  rmSync(temp, { recursive: true, force: true });
}

/** `capi booklet examples` interrupted while its pages are printed: its temporary folder removed, no partial booklet. */
export async function interruptBooklet(how: How): Promise<void> {
  const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
  const out = path.join(temp, 'out');
  const run = await start(how, ['booklet', 'examples', '--format', 'pdf', '--edition', 'interne', '--out', out], temp);
  // midway: the booklet's folder holds the first printed sheet (capi-booklet-photos-… is another one)
  const works = () => readdirSync(temp).filter((d) => d.startsWith('capi-booklet-')).map((d) => path.join(temp, d));
  await until('a first sheet printed for the booklet', () => works().some((w) => filesUnder(w).some((f) => f.endsWith('.pdf'))), { child: run.child, dirs: () => [temp, ...works()], said: () => run.output.stderr, limitMs: 100_000 });
  await run.stop();
  await expectCleanInterrupt(run, temp, out);
  expect(filesUnder(out).filter((f) => f.startsWith('recueil'))).toEqual([]);
  rmSync(temp, { recursive: true, force: true });
}

/** `capi report examples --format docx,pdf` interrupted while the browser prints: no temporary file, no partial report. */
export async function interruptReport(how: How): Promise<void> {
  const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
  const out = path.join(temp, 'out');
  const run = await start(how, ['report', 'examples', '--format', 'docx,pdf', '--out', out], temp);
  // midway: the browser's work folder holds the page being printed
  const works = () => readdirSync(temp).filter((d) => d.startsWith('capi-pdf-')).map((d) => path.join(temp, d));
  await until('the page being printed', () => works().some((w) => filesUnder(w).some((f) => f.endsWith('.html'))), { child: run.child, dirs: () => [temp, ...works()], said: () => run.output.stderr, limitMs: 100_000 });
  await run.stop();
  await expectCleanInterrupt(run, temp, out);
  expect(filesUnder(out).filter((f) => f.startsWith('rapport-deroulement') && f.endsWith('.pdf'))).toEqual([]);
  rmSync(temp, { recursive: true, force: true });
}

/**
 * `capi render examples --format docx` (enough sheets for the DOCX pool to start its worker threads,
 * render/docx-pool.ts, in the built capi) interrupted once a first DOCX is written: the files being
 * written are finished or absent, never a temporary file. A subprocess only (in this process capi runs
 * the TypeScript sources, which write their DOCX without threads).
 */
export async function interruptDocx(signal: 'SIGTERM' | 'SIGINT'): Promise<void> {
  const temp = mkdtempSync(path.join(tmpdir(), 'capi-int-'));
  const out = path.join(temp, 'out');
  const run = await start(signal, ['render', 'examples', '--format', 'docx', '--out', out], temp);
  await until('a first DOCX written', () => /✓ /.test(run.output.stdout), { child: run.child, said: () => run.output.stderr });
  await run.stop();
  await expectCleanInterrupt(run, temp, out);
  expect(filesUnder(out).filter((f) => f.endsWith('.docx')).length).toBeGreaterThan(0);
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

/**
 * capi run in this process (`main`, as `runCli` does, CI set), with TMPDIR in `temp` until it returns
 * (its temporary folders go there; the worker's shared browser, which it prints with, is started
 * before, its profile elsewhere). It looks like a subprocess to `until` ('data' at each write, 'exit'
 * with main's code). `stop()` does what capi's signal handler does, minus the exit: `interrupt()` (the
 * « Interrompu » line on its stderr, the interrupt tasks), at the next turn of the event loop as a
 * signal would come; the interrupt is forgotten once main has returned and the tasks are done.
 * `browserLeft()` names the tabs it left open in the shared browser, or a browser of its own still running.
 */
export async function runHere(args: string[], temp: string, cwd = ROOT): Promise<Run> {
  const tabsBefore = (await sharedBrowserTabs()).length;
  const child = Object.assign(new EventEmitter(), { stdout: new EventEmitter(), stderr: new EventEmitter(), exitCode: null as number | null });
  const output = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => ((output.stdout += text), child.stdout.emit('data')) },
    stderr: { write: (text: string) => ((output.stderr += text), child.stderr.emit('data')) },
    cwd,
    env: { CI: 'true' },
    interactive: false,
    color: false,
  };
  let interrupting: Promise<void> | undefined;
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = temp;
  const exited = main(args, io).finally(() => {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  });
  void exited.then((code) => {
    child.exitCode = code;
    child.emit('exit', code);
  });
  const stop = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    interrupting = interrupt((text) => io.stderr.write(text), t('cli.interrupted'));
    await interrupting;
  };
  const browserLeft = async () => {
    const tabs = (await sharedBrowserTabs()).length - tabsBefore;
    return [tabs > 0 ? `${tabs} tab(s) left open in the shared browser` : '', await processesLeft(temp)].filter(Boolean).join('\n');
  };
  return {
    child,
    output,
    exited: exited.then(async (code) => {
      await interrupting;
      forgetInterrupt();
      return code;
    }),
    stop,
    browserLeft,
  };
}

/** Files under `dir` (recursively), relative; [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
}

/** After an interrupt: exit 130, the « Interrompu » line and nothing said after, no browser and no temporary folder or file left. */
async function expectCleanInterrupt(run: Run, temp: string, out: string): Promise<void> {
  expect(await run.exited, run.output.stderr).toBe(130);
  expect(run.output.stderr).toMatch(/Interrompu : navigateur fermé, fichiers temporaires supprimés/);
  // what the interruption cut short is not reported: no failure, no summary, no « erreur inattendue »
  expect(afterInterrupt(run.output.stderr)).not.toMatch(UNSAID);
  expect(await run.browserLeft()).toBe('');
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
