import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { RENDERER_DIR } from '../support/server';
import { runSearchAndKnowledge } from '../web/search-flow';

test('desktop app: search finds a ticket by a typo of its title and opens it with Enter; a KB article written offline syncs', async ({ context, server }, testInfo) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'fielddesk-userdata-'));
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir, rendererDir: RENDERER_DIR });
  try {
    await runSearchAndKnowledge(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
