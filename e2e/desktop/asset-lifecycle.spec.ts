/**
 * The asset lifecycle in the desktop app, through main's real protocol, IPC and transport: an
 * asset checked out and signed for while the server is down, kept across a restart of the
 * window, and pushed when the server is back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { runAssetCheckoutOffline } from '../support/asset-lifecycle';
import { RENDERER_DIR } from '../support/server';

test('desktop app: an asset checked out and signed for while the server is down reaches the server when it is back', async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await runAssetCheckoutOffline(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
