/**
 * One browser per test worker, lent to every `PdfRenderer` of the in-process tests (`capi render`,
 * `booklet`, `report` run through `runCli`, the renderers the render tests open) instead of one launch
 * each: a Chromium start costs about a second of CPU, and dozens of tests print. Set up before each
 * test file of the 'shared' project (vitest `setupFiles`); the browser lives on `globalThis`, so that
 * it outlives the file that started it (one module cache per worker: `isolate: false`).
 *
 * Lent only for the executable `findBrowser()` gives and the browser's default environment: a test
 * about the browser's start or failure (a fake executable, a FONTCONFIG_FILE, `capi doctor`, the CLI run
 * as a subprocess) still starts its own. Each renderer closes the tabs it opened, never this browser;
 * it ends with the worker (killed at its exit, or by itself when its pipe closes), and its profile
 * folder, named in the run folder (`browser-profile-PID`), is removed by ../global-setup.ts at the end
 * of the run (a worker ended by a signal runs no exit handler).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { findBrowser, launchBrowser } from '../../src/render/browser.js';
import { lendBrowsers, type KeptTab, type LentBrowser, type TabKeeper } from '../../src/render/pdf.js';
import { runDir } from './run-cache.js';

/** The worker's browser, lent with its tab keeper. */
type SharedBrowser = LentBrowser & { tabs: ReturnType<typeof tabKeeper> };

interface Shared {
  path: string;
  browser: Promise<SharedBrowser>;
}

/** How many free tabs the worker's browser keeps between renderers (as many as a renderer opens at most on 2 cores). */
const KEPT_TABS = 3;

/**
 * The tabs renderers gave back, for the next renderer of the worker (`TabKeeper`, src/render/pdf.ts):
 * a kept tab spares a new tab's renderer process and first print, ~0.6 s of CPU each (39 tabs were
 * opened in the shared browsers of one `npm test`). Past `KEPT_TABS`, a tab given back is closed.
 */
function tabKeeper(): TabKeeper & { pages(): Set<Page> } {
  const kept: KeptTab[] = [];
  return {
    take: () => {
      for (let tab = kept.pop(); tab; tab = kept.pop()) if (!tab.page.isClosed()) return tab;
      return undefined;
    },
    keep: (tab) => {
      if (kept.length < KEPT_TABS) kept.push(tab);
      else {
        tab.release();
        void tab.page.close().catch(() => undefined);
      }
    },
    pages: () => new Set(kept.map((tab) => tab.page)),
  };
}

const KEY = Symbol.for('capi.test.sharedBrowser');
const store = globalThis as unknown as Record<symbol, Shared | undefined>;

/** The worker's browser for `path`, launched at the first asking (again when it was lost), with its tab keeper. */
async function sharedBrowser(path: string): Promise<SharedBrowser | undefined> {
  let shared = store[KEY];
  if (shared && shared.path !== path) return undefined;
  if (shared) {
    const launched = await shared.browser.catch(() => undefined);
    if (launched?.browser.connected) return launched;
  }
  shared = { path, browser: launchBrowser(path, { timeoutMs: 60_000, handleSignals: false }).then((launched) => ({ ...launched, tabs: tabKeeper() })) };
  store[KEY] = shared;
  const launched = await shared.browser;
  // at the worker's exit @puppeteer/browsers kills the browser's process group; its profile goes too
  process.once('exit', () => rmSync(launched.userDataDir, { recursive: true, force: true }));
  writeFileSync(join(runDir(), `browser-profile-${process.pid}`), launched.userDataDir);
  return launched;
}

lendBrowsers((path, browserEnv) => (browserEnv === undefined ? sharedBrowser(path) : Promise.resolve(undefined)));

/**
 * This worker's shared browser, launched first if need be (with `launchBrowser`'s flags, as a
 * renderer's own browser): a test about what the browser runs may look at it instead of starting one.
 * @throws Error when the shared browser is not lent for the browser `findBrowser()` gives
 */
export async function sharedBrowserLaunched(): Promise<SharedBrowser> {
  const launched = await sharedBrowser(await findBrowser(process.env));
  if (!launched) throw new Error('no shared browser for this executable');
  return launched;
}

/**
 * The tabs open in this worker's shared browser, launched first if need be, but the free ones it keeps
 * for the next renderer. A test that moves TMPDIR for an in-process run asks it before (the browser's
 * profile then stays out of the test's folder), and again after, to see that the run closed (or gave
 * back) every tab it opened.
 */
export async function sharedBrowserTabs(): Promise<Page[]> {
  const launched = await sharedBrowserLaunched();
  const kept = launched.tabs.pages();
  return (await launched.browser.pages()).filter((page) => !kept.has(page));
}
