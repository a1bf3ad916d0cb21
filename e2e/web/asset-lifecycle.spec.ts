/**
 * The asset lifecycle in the web app (issue 13): checked out to a person who signs, with the
 * server gone; reloaded offline; synced when the server is back, and the server holds it all.
 */
import { test, SECOND_HOST } from '../support/fixtures';
import { runAssetCheckoutOffline } from '../support/asset-lifecycle';

test('web app: an asset checked out and signed for while the server is down reaches the server when it is back', SECOND_HOST, async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await runAssetCheckoutOffline(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
