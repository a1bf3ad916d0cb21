import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { test, SECOND_HOST } from '../support/fixtures';
import { HOST_APP_ORIGIN, openDesktopApp } from '../desktop-host/host';
import { RENDERER_DIR, type ServerProcess } from '../support/server';
import { bulkAssignFifty, dashboardFigureOpensItsQueue, savedFilterSurvivesReload, type HostOptions } from '../support/queue';

type Flow = (page: Page, server: ServerProcess, testInfo: TestInfo, opts: HostOptions) => Promise<void>;

/** Runs a flow in the desktop-in-Chromium host (real app:// handler, real preload bridge and IPC handlers). */
async function inDesktop(context: BrowserContext, server: ServerProcess, testInfo: TestInfo, flow: Flow): Promise<void> {
  const app = await openDesktopApp(context, { serverUrl: server.url, userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')), rendererDir: RENDERER_DIR });
  try {
    await flow(app.page, server, testInfo, { appUrl: (path) => `${HOST_APP_ORIGIN}${path}`, serverUrl: server.url });
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
}

test('desktop app: bulk assign of 50 tickets reaches the server', SECOND_HOST, async ({ context, server }, testInfo) => {
  await inDesktop(context, server, testInfo, bulkAssignFifty);
});

test('desktop app: a saved filter survives a reload', SECOND_HOST, async ({ context, server }, testInfo) => {
  await inDesktop(context, server, testInfo, savedFilterSurvivesReload);
});

test('desktop app: a dashboard figure opens the queue that lists it', SECOND_HOST, async ({ context, server }, testInfo) => {
  await inDesktop(context, server, testInfo, dashboardFigureOpensItsQueue);
});
