import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that replace a module with `vi.mock` (prompts, the usage-error module): they get a module
 * cache of their own; every other file shares its worker's (see `isolate: false` below).
 */
const MOCKING = ['test/cli/init-interactive.test.ts', 'test/cli/new-interactive.test.ts', 'test/cli/usage-errors.test.ts', 'test/cli/render-docx-early.test.ts', 'test/cli/quiet-checks.test.ts'];

/**
 * Tiers outside `npm test` (which stays under 3 minutes on 2 cores), each run by its own script: `scale`
 * (`npm run test:scale`, by hand before a release: a 200-sheet booklet, all twenty examples rendered and
 * through LibreOffice, 30 page-flow variants, every kind interrupted as a subprocess, the scenarios'
 * whole subprocess sample, the mutation property's 150 cases: minutes) and `install` (`npm run
 * test:install`, also run by `.ci/run`: packs capi, installs it with npm in a new workspace and runs the
 * steps of the CI files `capi init` writes, about 2 minutes).
 */
const TIER = process.env.CAPI_TIER;

/**
 * Files that read what another file makes once per run (the examples rendered, and four of them through
 * LibreOffice: test/helpers/examples.ts) and have little else to do: started last, so that the maker
 * (test/cli/render.test.ts, which makes both) is done and they do not keep a worker waiting for it.
 */
const READERS = ['test/render/pdf-docx-compare.test.ts', 'test/render/docx-amounts.test.ts'];

/** Vitest's order (failed first, then the longest first, from the last run), READERS moved to the end. */
class ReadersLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isReader = (f: TestSpecification) => READERS.some((r) => f.moduleId.endsWith(r));
    return [...sorted.filter((f) => !isReader(f)), ...sorted.filter(isReader)];
  }
}

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // PDF and LibreOffice tests start browsers and word processors: keep the 2-core machine usable.
    maxWorkers: 2,
    sequence: { sequencer: ReadersLast },
    projects: [
      {
        extends: true,
        // one module cache per worker, not per test file: capi and its libraries (puppeteer, docx,
        // ajv, commander…) load once per worker instead of once per file (a quarter of the CPU time
        // of `npm test`). Tests hold their state in temporary folders and CliIo, not in modules.
        test: {
          name: 'shared',
          isolate: false,
          // one run folder: what several files need (the examples rendered) is made once per run
          globalSetup: ['test/global-setup.ts'],
          // one browser per worker for the in-process tests that print (see the file)
          setupFiles: ['test/helpers/shared-browser.ts'],
          include: TIER ? [`test/${TIER}/**/*.test.ts`] : ['test/**/*.test.ts'],
          exclude: TIER ? [] : ['test/scale/**', 'test/install/**', '**/node_modules/**', ...MOCKING],
        },
      },
      { extends: true, test: { name: 'mocking', include: TIER ? ['none'] : MOCKING } },
    ],
    // `npm run test:coverage` (--coverage): a one-screen summary of src/ at the end (in-process code only:
    // the CLI run as a subprocess by runBin is not counted). Not in `npm test`: V8 coverage cost a third
    // more CPU on in-process tests (33.7 → 44.6 s user+sys on test/validate, view, link, edit, load;
    // measured back-to-back 2026-11-30), and it checks nothing (no thresholds).
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // generated: types from the schemas, data from the CSV files
      exclude: ['src/types/**', 'src/link/places-data.ts'],
      reporter: ['text-summary'],
    },
  },
});
