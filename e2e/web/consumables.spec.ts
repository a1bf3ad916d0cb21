/**
 * Consumables in the web app (issue 13): two technicians, each in their own browser, issue the
 * last HP 59A toner while the server is down; both issues arrive, and the stock shows -1 flagged
 * (e2e/support/consumables.ts).
 */
import { test, SECOND_HOST } from '../support/fixtures';
import { runLastTonerOffline } from '../support/consumables';

test('web app: two technicians issue the last toner offline, both issues arrive, and the stock shows -1 flagged', SECOND_HOST, async ({ page, browser, server }, testInfo) => {
  test.setTimeout(180_000);
  const other = await browser.newContext();
  try {
    await runLastTonerOffline([page, await other.newPage()], server, testInfo, { appUrl: (path) => `${server.url}${path}` });
  } finally {
    await other.close();
  }
});
