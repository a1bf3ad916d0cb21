import { test } from '../support/fixtures';
import { bulkAssignFifty, dashboardFigureOpensItsQueue, savedFilterSurvivesReload, type HostOptions } from '../support/queue';

const web = (serverUrl: string): HostOptions => ({ appUrl: (path) => `${serverUrl}${path}` });

test('web app: bulk assign of 50 tickets reaches the server', async ({ page, server }, testInfo) => {
  await bulkAssignFifty(page, server, testInfo, web(server.url));
});

test('web app: a saved filter survives a reload', async ({ page, server }, testInfo) => {
  await savedFilterSurvivesReload(page, server, testInfo, web(server.url));
});

test('web app: a dashboard figure opens the queue that lists it', async ({ page, server }, testInfo) => {
  await dashboardFigureOpensItsQueue(page, server, testInfo, web(server.url));
});
