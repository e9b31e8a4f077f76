/**
 * Finding and launching the Chrome/Chromium that prints the PDFs. Only `capi render` with the PDF
 * format comes here: `capi validate` never loads this module.
 */
// first: sets DEBUG_COLORS before puppeteer's logging package loads
import './quiet-debug.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { getInstalledBrowsers, launch as launchProcess, type Process as BrowserProcess } from '@puppeteer/browsers';
import puppeteer, { type Browser, type ConnectionTransport } from 'puppeteer-core';
import { t } from '../i18n/index.js';
import { UserError } from '../util/errors.js';
import { isExecutableFile, which } from '../util/which.js';
import { browserStartError } from './browser-diagnosis.js';

/** What `findBrowser()` looks at besides the environment; tests replace these with fakes. */
export interface BrowserLookup {
  /** Operating system (default `process.platform`). */
  platform?: NodeJS.Platform;
  /** Home folder (default `os.homedir()`), for `~/.cache/puppeteer`. */
  homedir?: string;
  /** True when `path` is an executable file (default: a real check on the file system). */
  isExecutable?: (path: string) => boolean;
  /** Executables of the browsers downloaded by puppeteer into `cacheDir`, preferred first. */
  installed?: (cacheDir: string) => Promise<string[]>;
}

const BROWSER_PREFERENCE = ['chrome', 'chromium', 'chrome-headless-shell'];

/** Compares dotted build ids numerically (`131.0.6778.85` > `131.0.6778.9`). */
function compareBuildIds(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Browsers installed by `npx @puppeteer/browsers install` (or puppeteer) in `cacheDir`, best first. */
async function defaultInstalled(cacheDir: string): Promise<string[]> {
  try {
    const browsers = await getInstalledBrowsers({ cacheDir });
    return browsers
      .filter((b) => BROWSER_PREFERENCE.includes(b.browser))
      .sort(
        (x, y) =>
          BROWSER_PREFERENCE.indexOf(x.browser) - BROWSER_PREFERENCE.indexOf(y.browser) ||
          compareBuildIds(y.buildId, x.buildId),
      )
      .map((b) => b.executablePath);
  } catch {
    return []; // no cache folder, or one we cannot read
  }
}

/** The usual install paths of Chrome/Chromium on `platform`, in order of preference. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    return [...apps.map((a) => `/Applications/${a}`), ...apps.map((a) => join(home, 'Applications', a))];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => typeof r === 'string' && r !== '',
    );
    return roots.flatMap((r) => [
      `${r}\\Google\\Chrome\\Application\\chrome.exe`,
      `${r}\\Chromium\\Application\\chrome.exe`,
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/usr/local/bin/chromium',
  ];
}

/** Program names searched on `PATH` (like `which`). */
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/**
 * Finds the Chrome/Chromium executable that prints PDFs, in this order:
 * `CAPI_BROWSER`, `PUPPETEER_EXECUTABLE_PATH`, a browser downloaded by puppeteer (in
 * `PUPPETEER_CACHE_DIR` or `~/.cache/puppeteer`), the usual system installs of the platform, then the
 * `PATH`.
 *
 * @param env environment variables (default `process.env`).
 * @param lookup fakes for the file system and the puppeteer cache (tests).
 * @returns the absolute path of the executable.
 * @throws UserError (exit code 2) with `t('browser.notFound')` when none is found, or
 *   `t('browser.badPath')` when `CAPI_BROWSER`/`PUPPETEER_EXECUTABLE_PATH` names a missing file.
 */
export async function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  lookup: BrowserLookup = {},
): Promise<string> {
  const platform = lookup.platform ?? process.platform;
  const isExecutable = lookup.isExecutable ?? isExecutableFile;
  const home = lookup.homedir ?? homedir();
  const installed = lookup.installed ?? defaultInstalled;

  for (const variable of ['CAPI_BROWSER', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = env[variable];
    if (value === undefined || value.trim() === '') continue;
    if (isExecutable(value)) return value;
    throw new UserError(t('browser.badPath', { variable, path: value }));
  }

  const cacheDir = env.PUPPETEER_CACHE_DIR || join(home, '.cache', 'puppeteer');
  for (const path of await installed(cacheDir)) {
    if (isExecutable(path)) return path;
  }

  for (const path of systemBrowserPaths(platform, env, home)) {
    if (isExecutable(path)) return path;
  }

  const names = platform === 'win32' ? ['chrome', 'chromium'] : PATH_NAMES;
  const found = which(names, env, { platform, isExecutable });
  if (found) return found;

  throw new UserError(t('browser.notFound'));
}

/**
 * Command-line switches of the PDF browser: no first-run UI, no background traffic (sync, updates,
 * QUIC), no GPU, no omnibox popups nor spare renderer; `--no-sandbox` only when running as root, where
 * Chromium refuses to start otherwise.
 */
export function launchArgs(isRoot: boolean): string[] {
  return [
    ...(isRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-extensions',
    // containers often have a tiny /dev/shm, where Chromium crashes on large pages
    '--disable-dev-shm-usage',
    // the same glyph positions whatever the machine's hinting settings
    '--font-render-hinting=none',
    // no network at all, beside the per-page request filter: every http(s) request, loopback
    // included, goes to a proxy that does not exist, and no host name resolves
    '--proxy-server=http://127.0.0.1:9',
    '--proxy-bypass-list=<-loopback>',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    // processes a printing browser does not need (docs/performance.md, « Render memory »): the omnibox
    // popups (a WebUI renderer that grows with each tab, 35–55 MB) and the spare renderer kept warm for the
    // next site (10–15 MB); puppeteer merges this list with its own, and unknown names are ignored
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess',
  ];
}

/**
 * How many tabs print at once (`capi render`, `capi booklet`): one per core the process may use, plus
 * one, because a tab spends part of each document waiting (for its files, for capi between two steps)
 * while the others print; at least 2, at most 8 (past that, memory grows faster than speed).
 * @param cores the cores available (default `os.availableParallelism()`)
 */
export function printTabs(cores = availableParallelism()): number {
  return Math.max(2, Math.min(8, cores + 1));
}

/** A running browser and how to stop it. */
export interface LaunchedBrowser {
  browser: Browser;
  /** The temporary profile folder, removed by `close()`. */
  userDataDir: string;
  /** Closes the browser and removes its profile folder; never throws. */
  close(): Promise<void>;
}

/**
 * The DevTools protocol over the browser's pipes (`--remote-debugging-pipe`: file descriptors 3 and 4,
 * messages ended by a NUL byte): no debugging port that another local user could open. Implements
 * puppeteer's public `ConnectionTransport`.
 */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private closed = false;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onEnd = () => this.onclose?.();
  private readonly ignore = () => undefined;

  constructor(
    private readonly output: Writable,
    private readonly input: Readable,
  ) {
    input.on('data', this.onData);
    input.on('close', this.onEnd);
    input.on('error', this.ignore);
    output.on('error', this.ignore);
  }

  send(message: string): void {
    if (this.closed) return;
    // one write (one system call) per message, its NUL included
    this.output.write(`${message}\0`);
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    let end = chunk.indexOf(0);
    while (end !== -1) {
      const message = Buffer.concat([...this.pending, chunk.subarray(start, end)]).toString('utf8');
      this.pending = [];
      // one message per macrotask, in order, as puppeteer's own transport does
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = chunk.indexOf(0, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  close(): void {
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('close', this.onEnd);
  }
}

/** Why the start failed, before the browser's own words are read. */
class StartFailure extends Error {
  constructor(
    message: string,
    readonly spawnCode?: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** Resolves after `ms` milliseconds without keeping Node alive. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Connects puppeteer to the freshly spawned `proc` and rejects with a `StartFailure` when the process
 * cannot be spawned, exits first, or does not answer within `timeoutMs`.
 */
async function connect(proc: BrowserProcess, timeoutMs: number, protocolTimeout: number): Promise<Browser> {
  const child = proc.nodeProcess;
  const { 3: toBrowser, 4: fromBrowser } = child.stdio as unknown as [unknown, unknown, unknown, Writable, Readable];
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(new StartFailure(t('browser.spawnFailed', { code: error.code ?? error.message }), error.code)));
    child.once('exit', (code, signal) =>
      reject(new StartFailure(signal ? t('browser.killed', { signal }) : t('browser.exited', { code: String(code) }))),
    );
    timer = setTimeout(() => reject(new StartFailure(t('browser.noAnswer', { seconds: Math.round(timeoutMs / 1000) }), undefined, true)), timeoutMs);
  });
  try {
    return await Promise.race([puppeteer.connect({ transport: new PipeTransport(toBrowser, fromBrowser), protocolTimeout }), failed]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Launches `executablePath` headless with puppeteer's default switches, `launchArgs()` and a fresh
 * temporary profile, talking to it over pipes. Its error output is kept, so that a failed start shows
 * Chromium's own reason (see `browser-diagnosis.ts`).
 *
 * @param timeoutMs how long to wait for the browser to start (default 30 000 ms).
 * @param handleSignals false to leave Ctrl+C (SIGINT, SIGTERM, SIGHUP) to the caller, who must then
 *   `close()` the browser; by default the browser is killed and capi exits (130).
 * @throws BrowserStartError (a UserError, exit code 2) with `t('browser.launchFailed')`, the browser's
 *   last meaningful lines and a hint for the known causes (sandbox, missing library, /dev/shm, not executable, timeout).
 */
export async function launchBrowser(
  executablePath: string,
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; handleSignals?: boolean } = {},
): Promise<LaunchedBrowser> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const userDataDir = await mkdtemp(join(tmpdir(), 'capi-chromium-'));
  const args = [...puppeteer.defaultArgs({ headless: true, userDataDir, args: launchArgs(process.getuid?.() === 0) }), '--remote-debugging-pipe'];
  const signals = opts.handleSignals !== false;
  const proc = launchProcess({
    executablePath,
    args,
    pipe: true,
    env: opts.env ?? process.env,
    handleSIGINT: signals,
    handleSIGTERM: signals,
    handleSIGHUP: signals,
  });
  // a spawn error (file gone, not executable) must never become an uncaught 'error' event
  proc.nodeProcess.on('error', () => undefined);
  // 'close': the process ended and its output is read to the end
  const outputClosed = new Promise((resolve) => proc.nodeProcess.once('close', resolve));
  let browser: Browser;
  try {
    browser = await connect(proc, timeoutMs, Math.max(timeoutMs, 60_000));
  } catch (err) {
    let failure = err instanceof StartFailure ? err : new StartFailure(err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err));
    if (!failure.timedOut) await Promise.race([outputClosed, delay(2000)]);
    await new Promise((resolve) => setImmediate(resolve)); // the last lines reach the log
    // the pipe often closes before the exit is seen: the exit says more than « Target closed »
    const { exitCode, signalCode } = proc.nodeProcess;
    if (!failure.spawnCode && !failure.timedOut && (exitCode !== null || signalCode !== null)) {
      failure = new StartFailure(signalCode ? t('browser.killed', { signal: signalCode }) : t('browser.exited', { code: String(exitCode) }));
    }
    const logs = proc.getRecentLogs();
    if (proc.nodeProcess.pid !== undefined) await stopProcess(proc);
    else proc.kill(); // never started: only drops its signal handlers
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    throw browserStartError(logs, { path: executablePath, timeoutMs, reason: failure.message, spawnCode: failure.spawnCode, timedOut: failure.timedOut });
  }
  let closed = false;
  return {
    browser,
    userDataDir,
    async close() {
      if (closed) return;
      closed = true;
      // politely first (Browser.close), then the process group is killed if it lingers
      await Promise.race([browser.close().catch(() => undefined), delay(5000)]);
      await Promise.race([proc.hasClosed().catch(() => undefined), delay(5000)]);
      await stopProcess(proc);
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(
        () => undefined,
      );
    },
  };
}

/** Kills `proc` (its whole process group) if it still runs and waits for its end; never throws. */
async function stopProcess(proc: BrowserProcess): Promise<void> {
  try {
    await Promise.race([proc.close(), delay(5000)]);
  } catch {
    // already gone, or not ours to kill any more
  }
}
