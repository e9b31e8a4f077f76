/**
 * Once per test run (vitest `globalSetup`, before the workers start): a run folder in the temporary
 * folder, shared by every test file of the run (`inject('capiRunDir')`), for what several files need
 * made once — the examples rendered, see `./helpers/run-cache.ts`. Teardown removes it, and the profile
 * folders of the workers' shared browsers it names (`./helpers/shared-browser.ts`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run folder (see above). */
    capiRunDir: string;
  }
}

export function setup(project: TestProject): () => void {
  const runDir = mkdtempSync(path.join(tmpdir(), 'capi-test-run-'));
  project.provide('capiRunDir', runDir);
  return () => {
    // the profiles of the workers' shared browsers (./helpers/shared-browser.ts), named in the run folder
    for (const f of readdirSync(runDir).filter((x) => x.startsWith('browser-profile-'))) {
      removeProfile(readFileSync(path.join(runDir, f), 'utf8'));
    }
    rmSync(runDir, { recursive: true, force: true });
  };
}

/**
 * Removes a shared browser's profile folder. A browser killed with its worker may still be writing
 * there for a moment (ENOTEMPTY while removing): retried for up to ~5 s, then left in the temporary
 * folder with a line on stderr — a leftover temporary folder never fails the run.
 */
function removeProfile(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  } catch (error) {
    console.warn(`global-setup: profile ${dir} left in place (${(error as Error).message})`);
  }
}
