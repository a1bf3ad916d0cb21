/**
 * Purchase orders in the web app (issue 13): ten laptops received and one of them checked out
 * with a signature while the server is down; back, the server holds them tagged LAP-0001…0010
 * from the line's pattern, and a second receipt is refused (e2e/support/purchase-orders.ts).
 */
import { test } from '../support/fixtures';
import { runPurchaseOrderReceive } from '../support/purchase-orders';

test('web app: a purchase order line of 10 laptops received and one checked out with a signature while the server is down; the server tags them LAP-0001…0010, and a second receipt is refused', async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await runPurchaseOrderReceive(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
