import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** Unit and integration tests, one vitest project per layer (ARCHITECTURE.md, "Tests"). */
export default defineConfig({
  test: {
    // Vitest's default is one worker per core but one (1 on CI's 2 cores): most files wait on
    // PostgreSQL, SQLite, servers and timers, so three at once finish the suite in about 60%
    // of the time. Every server test has its own schema or data directory.
    maxWorkers: 3,
    reporters: ['default', './scripts/skip-reporter.ts', ['json', { outputFile: 'test-results/unit.json' }]],
    projects: [
      { test: { name: 'common', include: ['common/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'main', include: ['main/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'preload', include: ['preload/**/*.test.ts'], environment: 'node' } },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['renderer/**/*.test.{ts,tsx}'],
          // jsdom, not happy-dom: happy-dom 21 halves the environments' set-up but the project took
          // as long (67 s against 60 s, 2026-12-07) and 9 tests failed on its DOM (virtualized lists, video).
          environment: 'jsdom',
          setupFiles: ['renderer/test/setup.ts'],
          // One module graph per worker instead of per file: React, Mantine and Dexie are
          // imported once, which halves the project's time. Every test makes its own database
          // (freshDb), workspace and render, so files share nothing that matters.
          isolate: false,
        },
      },
      {
        test: {
          name: 'server',
          include: ['server/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'tooling', include: ['eslint/**/*.test.js', 'scripts/**/*.test.{js,mjs,ts}', 'bench/**/*.test.ts'], environment: 'node' } },
    ],
  },
});
