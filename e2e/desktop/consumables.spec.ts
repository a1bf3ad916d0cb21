/**
 * Consumables in the desktop app (issue 13), through main's real protocol, IPC and transport: two
 * technicians, each in their own desktop app (own main services and userData), issue the last HP
 * 59A toner while the server is down; both issues arrive, and the stock shows -1 flagged
 * (e2e/support/consumables.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp, type DesktopApp } from '../desktop-host/host';
import { runLastTonerOffline } from '../support/consumables';
import { RENDERER_DIR } from '../support/server';

test('desktop app: two technicians issue the last toner offline, both issues arrive, and the stock shows -1 flagged', async ({ context, browser, server }, testInfo) => {
  test.setTimeout(180_000);
  const other = await browser.newContext();
  const apps: DesktopApp[] = [];
  try {
    for (const ctx of [context, other]) apps.push(await openDesktopApp(ctx, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR }));
    await runLastTonerOffline([apps[0]!.page, apps[1]!.page], server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    for (const [i, app] of apps.entries()) {
      await testInfo.attach(`main-${i + 1}.log`, { body: app.logs.join('\n'), contentType: 'text/plain' });
      await app.close();
    }
    await other.close();
  }
});
