import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Files share a worker's modules (each file still builds its own app on its own database): an
    // isolated worker re-imported the whole app for every file, a fifth of the suite's time. So no
    // test may leave state in a module for the next file (key it by the test app, as
    // test/query-counts/grow-hospital.ts does).
    isolate: false,
    // A transaction that reaches for the outer handle hangs on PGlite: a timeout makes it a failure.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent', TZ: process.env.TZ ?? 'UTC' },
  },
});
