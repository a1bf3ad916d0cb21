/**
 * The CMDB in the web app (issue 13): a relationship made while the server is away syncs once
 * it is back; a CI's and a business service's impact views, with open incidents and scheduled changes on their boxes.
 */
import { test, SECOND_HOST } from '../support/fixtures';
import { runRelationshipOffline, runServiceImpact } from '../support/cmdb';

test('web app: a technician relates two CIs offline, it syncs, and an incident shows on the impact of its CI', SECOND_HOST, async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await runRelationshipOffline(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});

test('web app: the impact view of the Print service shows its print servers, in the table and the graph, with open incidents and a scheduled change', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await runServiceImpact(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
