import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { RENDERER_DIR } from '../support/server';
import { runTicketWorkflow } from '../support/ticket-workflow';

test('desktop app: a technician works a new ticket to closed with the server unreachable (photo and signature too), then one sync sends it all', async ({ context, server }, testInfo) => {
  test.setTimeout(360_000);
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await runTicketWorkflow(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
