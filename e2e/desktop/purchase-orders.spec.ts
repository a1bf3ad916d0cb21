/**
 * Purchase orders in the desktop app (issue 13), through main's real protocol, IPC and transport:
 * ten laptops received and one of them checked out with a signature while the server is down;
 * back, the server holds them tagged LAP-0001…0010, and a second receipt is refused
 * (e2e/support/purchase-orders.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, SECOND_HOST } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { runPurchaseOrderReceive } from '../support/purchase-orders';
import { RENDERER_DIR } from '../support/server';

test('desktop app: a purchase order line of 10 laptops received and one checked out with a signature while the server is down; the server tags them LAP-0001…0010, and a second receipt is refused', SECOND_HOST, async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await runPurchaseOrderReceive(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
