import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/support/chromium';

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser). Three projects:
 * - web: the web app served by the real FieldDesk server;
 * - desktop: the renderer in Chromium talking to the real main-process IPC handlers
 *   through the real preload bridge code, with only Electron's own modules replaced;
 * - electron: the real Electron app, where an Electron runtime is installed.
 * Run through `npm run test:e2e` (scripts/e2e.mjs), which builds first.
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: './e2e/artifacts/results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  globalSetup: './e2e/support/global-setup.ts',
  // Every test has its own server (own port from the system, own copy of the seeded data), its
  // own browser context and, on the desktop, its own userData directory: tests run two at a time.
  fullyParallel: true,
  workers: 2,
  // On CI a failed test runs once more only so that a flake is named: scripts/test-summary.mjs
  // counts a test that passed on its retry as failed and prints its name.
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }],
    ['json', { outputFile: 'test-results/e2e.json' }],
  ],
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    // A trace records every action of every test, for a few per cent of a run; kept outside CI,
    // where someone can open it. CI's failures are read from its log and the failure's picture.
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    video: 'off',
    viewport: { width: 1360, height: 860 },
  },
  projects: [
    { name: 'web', testMatch: 'web/**/*.spec.ts' },
    { name: 'desktop', testMatch: 'desktop/**/*.spec.ts' },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
});
