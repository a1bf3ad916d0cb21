/**
 * An asset audit in the desktop app (issue 14), through main's real protocol, IPC and transport:
 * two auditors, one offline with a keyboard-wedge scanner, merged, reviewed, signed and closed,
 * with the report's CSV and PDF (support/audits.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { runOfflineAudit } from '../support/audits';
import { RENDERER_DIR } from '../support/server';

test('desktop app: an auditor scans a location and 20 assets offline with a wedge scanner, a second auditor’s scans merge, the audit closes signed, and its report downloads', async ({ context, server }, testInfo) => {
  test.setTimeout(240_000);
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await runOfflineAudit(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
