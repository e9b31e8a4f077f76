/**
 * `capi doctor`: checks that this machine can run capi and prints one line per check, ✓ when it is
 * fine, ✗ with what to do when it is not (– for an optional tool that is missing). First which capi
 * runs and which `capi` the PATH holds (./doctor-identity.ts). Required: Node.js, a browser for the
 * PDF, the bundled fonts, write access to the output folder. Optional: git (shared repository, dates in
 * `capi status`) and LibreOffice.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import chalk, { Chalk } from 'chalk';
import type { CliIo } from './io.js';
import type { Check } from './doctor-identity.js';
import { t } from '../i18n/index.js';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';
import { isExecutableFile, which } from '../util/which.js';

const run = promisify(execFile);

/** The oldest Node.js capi runs on (package.json `engines`). */
export const MIN_NODE = [20, 12] as const;

/** True when `version` (`20.12.1`, `v22.0.0`) is at least `min`. */
export function nodeVersionOk(version: string, min: readonly number[] = MIN_NODE): boolean {
  const parts = version.replace(/^v/, '').split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < min.length; i += 1) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i]!;
  }
  return true;
}

/** First line of a program's `--version` output, or undefined when it cannot run. */
async function programVersion(file: string, args: string[] = ['--version'], timeout = 15_000): Promise<string | undefined> {
  try {
    const { stdout } = await run(file, args, { timeout, windowsHide: true });
    return stdout.trim().split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The first executable of `names` on the PATH (`which`), else the first of `extra` (usual install folders). */
function findProgram(names: string[], env: NodeJS.ProcessEnv, extra: string[] = []): string | undefined {
  return which(names, env) ?? extra.find((file) => isExecutableFile(file));
}

async function checkNode(): Promise<Check> {
  const v = process.versions.node;
  return nodeVersionOk(v)
    ? { ok: true, required: true, text: t('doctor.node.ok', { version: v }) }
    : { ok: false, required: true, text: t('doctor.node.bad', { version: v, min: MIN_NODE.join('.') }), fix: t('doctor.node.fix', { min: MIN_NODE.join('.') }) };
}

async function checkBrowser(env: NodeJS.ProcessEnv): Promise<Check> {
  const { findBrowser } = await import('../render/browser.js');
  let file: string;
  try {
    file = await findBrowser(env);
  } catch (error) {
    return { ok: false, required: true, text: t('doctor.browser.bad'), fix: (error as Error).message };
  }
  // found is not enough: it must start here (sandbox, libraries, /dev/shm), as `capi render` starts it
  let started: string;
  try {
    started = await startBrowser(file, BROWSER_START_MS);
  } catch (error) {
    return browserFailure(file, error as Error);
  }
  // `--version` names the build better (« Chromium 131… built on Debian »); Chrome on Windows has none
  const version = (await programVersion(file)) ?? started;
  return { ok: true, required: true, text: t('doctor.browser.ok', { path: file, version }) };
}

/** A browser that does not start: what happened, then the hint, then the browser's own lines. */
async function browserFailure(file: string, error: Error): Promise<Check> {
  const { BrowserStartError } = await import('../render/browser-diagnosis.js');
  if (!(error instanceof BrowserStartError)) return { ok: false, required: true, text: t('doctor.browser.noStart', { path: file }), fix: error.message };
  const said = error.diagnosis.lines.length > 0 ? [t('browser.itSaid'), ...error.diagnosis.lines] : [t('browser.saidNothing')];
  return {
    ok: false,
    required: true,
    text: t('doctor.browser.noStartReason', { path: file, reason: error.reason }),
    fix: [error.hint, ...said].join('\n'),
  };
}

/** How long `capi doctor` gives the browser to start and show a page, in milliseconds. */
export const BROWSER_START_MS = 30_000;

/**
 * Starts the browser `file` as `capi render` does, opens a page with a little text, closes it all,
 * within `timeoutMs`. @returns the browser's own version (`HeadlessChrome/131.0.6778.85`).
 * @throws UserError with Chromium's own lines and the hint (see `launchBrowser`) when it does not
 *   start, or `t('browser.launchFailed')` when the page does not open in time.
 */
export async function startBrowser(file: string, timeoutMs: number): Promise<string> {
  const { launchBrowser } = await import('../render/browser.js');
  const launched = await launchBrowser(file, { timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  try {
    const tooLong = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UserError(t('browser.launchFailed', { path: file, reason: t('browser.noAnswer', { seconds: Math.round(timeoutMs / 1000) }) }))), timeoutMs);
    });
    return await Promise.race([
      (async () => {
        const page = await launched.browser.newPage();
        await page.setContent('<p>capi doctor</p>');
        await page.close();
        return launched.browser.version();
      })(),
      tooLong,
    ]);
  } finally {
    clearTimeout(timer);
    await launched.close();
  }
}

async function checkFonts(): Promise<Check> {
  try {
    const { fontFaceCss } = await import('../render/html.js');
    const files = [...new Set([...fontFaceCss().matchAll(/url\("(file:[^"]+)"\)/g)].map((m) => fileURLToPath(m[1]!)))];
    const missing = files.filter((f) => !existsSync(f));
    if (files.length > 0 && missing.length === 0) return { ok: true, required: true, text: t('doctor.fonts.ok', { count: files.length }) };
    return { ok: false, required: true, text: t('doctor.fonts.bad', { count: missing.length, first: missing[0] ?? '—' }), fix: t('doctor.fonts.fix') };
  } catch (error) {
    return { ok: false, required: true, text: t('doctor.fonts.bad', { count: 1, first: (error as Error).message.split('\n')[0] ?? '' }), fix: t('doctor.fonts.fix') };
  }
}

async function checkGit(cwd: string, env: NodeJS.ProcessEnv): Promise<Check> {
  const git = findProgram(['git'], env);
  const version = git ? await programVersion(git) : undefined;
  if (!git || !version) return { ok: false, required: false, text: t('doctor.git.missing'), fix: t('doctor.git.fix') };
  let repo = false;
  try {
    const { stdout } = await run(git, ['rev-parse', '--is-inside-work-tree'], { cwd, timeout: 10_000 });
    repo = stdout.trim() === 'true';
  } catch {
    repo = false;
  }
  const shown = version.replace(/^git version /, '');
  return repo
    ? { ok: true, required: false, text: t('doctor.git.repo', { version: shown }) }
    : { ok: true, required: false, text: t('doctor.git.noRepo', { version: shown }), fix: t('doctor.git.noRepoFix') };
}

async function checkOffice(env: NodeJS.ProcessEnv): Promise<Check> {
  const office = findProgram(['soffice', 'libreoffice'], env, [
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
    ...[env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter(Boolean).map((r) => `${r}\\LibreOffice\\program\\soffice.exe`),
  ]);
  if (!office) return { ok: false, required: false, text: t('doctor.office.missing'), fix: t('doctor.office.fix') };
  const version = await programVersion(office, ['--version'], 30_000);
  return { ok: true, required: false, text: t('doctor.office.ok', { path: office, version: version ?? '?' }) };
}

/**
 * Write access to the output folder, without leaving anything behind: a probe file is written and
 * removed, in the folder or (when it does not exist yet) in the nearest existing parent, where capi
 * would create it.
 */
async function checkOut(outDir: string, cwd: string): Promise<Check> {
  let dir = outDir;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const shown = displayPath(outDir, cwd);
  if (!statSync(dir).isDirectory()) return { ok: false, required: true, text: t('doctor.out.bad', { dir: shown }), fix: t('render.outIsFile', { dir: shown }) };
  const probe = path.join(dir, `.capi-write-test-${process.pid}`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const key = code === 'EROFS' ? 'render.outReadOnly' : code === 'ENOSPC' ? 'render.diskFull' : code === 'EACCES' || code === 'EPERM' ? 'render.outNotWritable' : 'render.outDirOther';
    return { ok: false, required: true, text: t('doctor.out.bad', { dir: shown }), fix: t(key, { dir: shown }) };
  }
  return { ok: true, required: true, text: dir === outDir ? t('doctor.out.ok', { dir: shown }) : t('doctor.out.willCreate', { dir: shown }) };
}

/**
 * The workspace's configuration (a required check when the file has errors, each located) and the output
 * folder to probe: `--out` (relative to the current folder), else the configuration's `sortie` (relative to
 * the workspace), as `render` decides it (`outputDir`).
 */
async function checkConfig(out: string | undefined, cwd: string): Promise<{ check?: Check; outDir: string }> {
  const { loadConfigFor, outputDir } = await import('../link/config.js');
  try {
    return { outDir: outputDir(await loadConfigFor('.', cwd), out, cwd) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const { formatDiagnosticLine } = await import('../validate/format.js');
    const fix = [...error.diagnostics.map((d) => formatDiagnosticLine(d)), t('doctor.config.fix')].join('\n');
    return { check: { ok: false, required: true, text: t('doctor.config.bad', { count: error.diagnostics.length }), fix }, outDir: path.resolve(cwd, out ?? 'dist') };
  }
}

/**
 * `capi doctor [--out DIR]`: runs the checks (the slow ones at the same time) and prints them in a
 * fixed order. @returns 0 when every required check passes, 1 otherwise.
 */
export async function runDoctor(options: { out?: string }, io: CliIo): Promise<number> {
  const c = new Chalk({ level: io.color ? chalk.level || 1 : 0 });
  const { checkRunning, checkPathCommand } = await import('./doctor-identity.js');
  const config = await checkConfig(options.out, io.cwd);
  const checks = await Promise.all([
    checkRunning(io.cwd),
    checkPathCommand(io.env),
    checkNode(),
    checkBrowser(io.env),
    checkFonts(),
    checkOut(config.outDir, io.cwd),
    checkGit(io.cwd, io.env),
    checkOffice(io.env),
  ]);
  if (config.check) checks.splice(checks.length - 3, 0, config.check);
  for (const check of checks) {
    const mark = check.ok ? c.green('✓') : check.required ? c.red('✗') : c.yellow('–');
    const optional = check.required || check.ok ? '' : ` ${c.dim(t('doctor.optional'))}`;
    io.stdout.write(`${mark} ${check.text}${optional}\n`);
    if (check.fix) {
      const lines = check.fix.split('\n').map((l) => l.trim()).filter(Boolean);
      io.stdout.write(`${lines.map((l, i) => (i === 0 ? `    → ${l}` : `      ${l}`)).join('\n')}\n`);
    }
  }
  const problems = checks.filter((ch) => ch.required && !ch.ok).length;
  io.stdout.write(`${problems === 0 ? c.green(t('doctor.allGood')) : c.red(t('doctor.problems', { count: problems }))}\n`);
  return problems === 0 ? 0 : 1;
}
