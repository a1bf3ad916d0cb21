import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { RENDERER_DIR } from '../support/server';
import { runOfflineSlice } from '../support/slice';


test('desktop app: a technician works a ticket offline and it syncs exactly once', async ({ context, server }, testInfo) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'fielddesk-userdata-'));
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir, rendererDir: RENDERER_DIR });
  try {
    await runOfflineSlice(app.page, server, testInfo, {
      appUrl: (path) => `http://fielddesk.app${path}`,
      serverUrl: server.url,
    });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
