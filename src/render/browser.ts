/**
 * Finding and launching the Chrome/Chromium that prints the PDFs. Only `capi render` with the PDF
 * format comes here: `capi validate` never loads this module.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getInstalledBrowsers } from '@puppeteer/browsers';
import puppeteer, { type Browser } from 'puppeteer-core';
import { t } from '../i18n/index.js';
import { UserError } from '../util/errors.js';

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

/** True when `path` is a file this process may execute. */
function defaultIsExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
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

/** The first of `names` found on the `PATH` of `env`, or `undefined`. */
function onPath(
  names: string[],
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  isExecutable: (p: string) => boolean,
): string | undefined {
  const sep = platform === 'win32' ? ';' : ':';
  const dirs = (env.PATH ?? env.Path ?? '').split(sep).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE').split(';').filter(Boolean) : [''];
  for (const name of names) {
    for (const dir of dirs) {
      for (const ext of exts) {
        const candidate = join(dir, name + ext.toLowerCase());
        if (isExecutable(candidate)) return candidate;
      }
    }
  }
  return undefined;
}

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
  const isExecutable = lookup.isExecutable ?? defaultIsExecutable;
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
  const found = onPath(names, env, platform, isExecutable);
  if (found) return found;

  throw new UserError(t('browser.notFound'));
}

/**
 * Command-line switches of the PDF browser: no first-run UI, no background traffic (sync, updates,
 * QUIC), no GPU; `--no-sandbox` only when running as root, where Chromium refuses to start otherwise.
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
  ];
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
 * Launches `executablePath` headless with `launchArgs()` and a fresh temporary profile.
 *
 * @param timeoutMs how long to wait for the browser to start (default 30 000 ms).
 * @param handleSignals false to leave Ctrl+C (SIGINT, SIGTERM, SIGHUP) to the caller, who must then
 *   `close()` the browser; by default puppeteer kills it and exits (130).
 * @throws UserError (exit code 2) with `t('browser.launchFailed')` when it does not start.
 */
export async function launchBrowser(
  executablePath: string,
  opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; handleSignals?: boolean } = {},
): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'capi-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      userDataDir,
      args: launchArgs(process.getuid?.() === 0),
      timeout: opts.timeoutMs ?? 30_000,
      protocolTimeout: Math.max(opts.timeoutMs ?? 30_000, 60_000),
      pipe: true,
      // false: the caller stops the browser itself on Ctrl+C (`capi render --watch` closes it cleanly)
      ...(opts.handleSignals === false ? { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } : {}),
      ...(opts.env ? { env: opts.env } : {}),
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
    const reason = err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
    throw new UserError(t('browser.launchFailed', { path: executablePath, reason }));
  }
  let closed = false;
  return {
    browser,
    userDataDir,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } catch {
        browser.process()?.kill('SIGKILL');
      }
      await rm(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(
        () => undefined,
      );
    },
  };
}
