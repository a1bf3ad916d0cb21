/**
 * CMDB checks in the web app (issue 13): desk1 opens them from the navbar; the three lists,
 * computed from the replica, have the server's counts; links lead to a CI and an asset; the
 * threshold still works with the server away.
 */
import { test } from '../support/fixtures';
import { runReconcileChecks } from '../support/cmdb';

test('web app: CMDB checks list stale CIs, assets without a CI and likely duplicates with the server’s counts, and link to them', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await runReconcileChecks(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
