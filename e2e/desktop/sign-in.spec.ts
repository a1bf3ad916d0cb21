import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openDesktopApp } from '../desktop-host/host';
import { RENDERER_DIR, UNREACHABLE_SERVER_URL } from '../support/server';
import { shot, signIn } from '../support/slice';

test('an unreachable server address is said plainly, and the app stays usable', async ({ context }, testInfo) => {
  // A loopback port that nothing listens on (and no server of a test alongside can take).
  const unreachable = UNREACHABLE_SERVER_URL;
  const app = await openDesktopApp(context, {
    serverUrl: unreachable,
    userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')),
    rendererDir: RENDERER_DIR,
  });
  try {
    await signIn(app.page, { username: 'tech1', serverUrl: unreachable });
    await expect(app.page.getByTestId('login-error')).toContainText(`Could not reach the FieldDesk server at ${unreachable} (connection refused).`);
    await shot(app.page, testInfo, 'sign-in-unreachable');
    // The form stays filled in and can be corrected.
    await expect(app.page.getByLabel('Server address')).toHaveValue(unreachable);
    await expect(app.page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
