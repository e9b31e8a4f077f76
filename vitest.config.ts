import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // scale runs (a 200-sheet booklet: minutes) are not part of `npm test` (under 3 minutes on 2 cores):
    // `npm run test:scale` runs them, as the benchmark does
    include: process.env.CAPI_SCALE ? ['test/scale/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: process.env.CAPI_SCALE ? [] : ['test/scale/**', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // PDF and LibreOffice tests start browsers and word processors: keep the 2-core machine usable.
    maxWorkers: 2,
    // `npm test` runs with --coverage: a one-screen summary of src/ at the end (in-process code only:
    // the CLI run as a subprocess by runBin is not counted). `npx vitest run FILE` stays without it.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // generated: types from the schemas, data from the CSV files
      exclude: ['src/types/**', 'src/link/places-data.ts'],
      reporter: ['text-summary'],
    },
  },
});
