/**
 * CMDB checks in the desktop app (issue 13), through main's real protocol, IPC and transport:
 * desk1 opens them from the navbar; the three lists, computed from the replica, have the
 * server's counts; links lead to a CI and an asset; the threshold still works with the server away.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, SECOND_HOST } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { runReconcileChecks } from '../support/cmdb';
import { RENDERER_DIR } from '../support/server';

test('desktop app: CMDB checks list stale CIs, assets without a CI and likely duplicates with the server’s counts, and link to them', SECOND_HOST, async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await runReconcileChecks(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
