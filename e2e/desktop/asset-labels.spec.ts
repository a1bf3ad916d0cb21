/**
 * Printable asset labels in the desktop app (issue 13, item 7), through main's real protocol,
 * IPC and transport: `l` on an asset opens the label dialog; the PDF and the SVG download
 * offline, sized for the stock, and their codes decode.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { runAssetLabels } from '../support/asset-labels';
import { RENDERER_DIR } from '../support/server';

test('desktop app: an asset label downloads as PDF and SVG for each stock, and its Code 128 and QR decode to the tag', async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await runAssetLabels(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
