import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // PDF and LibreOffice tests start browsers and word processors: keep the 2-core machine usable.
    maxWorkers: 2,
  },
});
