/**
 * The CMDB in the desktop app (issue 13), through main's real protocol, IPC and transport: a
 * relationship made while the server is away syncs once it is back; a CI's and a business
 * service's impact views, with open incidents and scheduled changes on their boxes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { test, SECOND_HOST } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { runRelationshipOffline, runServiceImpact } from '../support/cmdb';
import { RENDERER_DIR, type ServerProcess } from '../support/server';

type Flow = (page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }) => Promise<void>;

async function inDesktopApp(context: BrowserContext, server: ServerProcess, testInfo: TestInfo, flow: Flow): Promise<void> {
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await flow(app.page, server, testInfo, { appUrl: (path) => `http://fielddesk.app${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
}

test('desktop app: a technician relates two CIs offline, it syncs, and an incident shows on the impact of its CI', async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  await inDesktopApp(context, server, testInfo, runRelationshipOffline);
});

test('desktop app: the impact view of the Print service shows its print servers, in the table and the graph, with open incidents and a scheduled change', SECOND_HOST, async ({ context, server }, testInfo) => {
  test.setTimeout(180_000);
  await inDesktopApp(context, server, testInfo, runServiceImpact);
});
