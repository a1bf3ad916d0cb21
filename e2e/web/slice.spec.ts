import { test } from '@playwright/test';
import { ServerProcess } from '../support/server';
import { runOfflineSlice } from '../support/slice';

let server: ServerProcess;

test.beforeEach(async ({}, testInfo) => {
  server = await ServerProcess.start(testInfo.outputPath('server.log'));
});
test.afterEach(async ({}, testInfo) => {
  await server.dispose();
  await testInfo.attach('server.log', { path: server.logPath, contentType: 'text/plain' });
});

test('web app: a technician works a ticket offline and it syncs exactly once', async ({ page }, testInfo) => {
  await runOfflineSlice(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
