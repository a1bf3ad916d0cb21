import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { REPO_ROOT } from '../support/server';
import { shot, signIn } from '../support/slice';

/**
 * Drives the real Electron app. It needs an Electron runtime (the binary that
 * `npm install` downloads, which machines without internet cannot get) and, on Linux,
 * a display (run under xvfb-run). Where either is missing the test is skipped and says why.
 */
function electronUnavailable(): string | null {
  let binary: unknown;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch (e) {
    return `no Electron runtime is installed (${(e as Error).message.split('\n')[0]}); the electron package could not download its binary on this machine`;
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `no Electron runtime is installed at ${String(binary)}`;
  if (process.platform === 'linux' && !process.env.DISPLAY) return 'no display: run the e2e tests under xvfb-run to drive the Electron app';
  return null;
}

const unavailable = electronUnavailable();
if (unavailable) console.log(`[electron e2e] skipped: ${unavailable}`);

test.describe('real Electron app', () => {
  test.skip(unavailable !== null, unavailable ?? '');

  test('starts, signs in and lists the queue from the local replica', async ({ server }, testInfo) => {
    const app = await electron.launch({
      args: [join(REPO_ROOT, 'out/main/index.js'), `--user-data-dir=${mkdtempSync(join(tmpdir(), 'fielddesk-electron-'))}`],
      env: { ...process.env, FIELDDESK_SERVER_URL: server.url },
    });
    try {
      const page = await app.firstWindow();
      await signIn(page, { username: 'tech1', serverUrl: server.url });
      await expect(page.getByTestId('ticket-row').first()).toBeVisible();
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      await shot(page, testInfo, 'electron-queue');
    } finally {
      await app.close();
    }
  });
});
