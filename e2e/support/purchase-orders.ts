import { randomUUID } from 'node:crypto';
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { AssetCheckout, AssetEvent } from '@fielddesk/common/assets/actions';
import type { Asset } from '@fielddesk/common/domain/entities';
import type { OrderReceipt } from '@fielddesk/common/entities/order-receipt';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import { ServerView } from './api';
import { sign } from './asset-lifecycle';
import { goToRoute } from './cmdb';
import type { ServerProcess } from './server';
import { FIRST_SYNC_MS, LAPTOP, openApp, shots, signIn, takeServerAway } from './slice';

/**
 * Purchase orders (issue 13: "receive a purchase order of 10 laptops, check one out to a person
 * with a signature while the server is unreachable, reconnect, and the server holds it all"),
 * shared by the web and desktop hosts. A technician of HQ opens the seeded PO-0002; with the
 * server gone, they receive its line of ten Latitude 5440s (the ten assets show at once with
 * provisional tags), open one of them and check it out to a person, who signs on the screen.
 * The server comes back and the outbox is pushed: the server holds the ten laptops tagged
 * LAP-0001…LAP-0010 from the line's pattern, in stock with the order's money, but for the one
 * checked out, in use, with its signature; the app shows those tags. Receiving the line again is
 * refused in the rule's words, in the app (r on the received line) and by the server. Pictures of
 * the list, the order, the Receive dialog and the new order screen at a laptop's size and a tablet's.
 */
export async function runPurchaseOrderReceive(page: Page, server: ServerProcess, testInfo: TestInfo, opts: { appUrl: (path: string) => string; serverUrl?: string }): Promise<void> {
  const view = await ServerView.signIn(server.url, 'desk1');
  const order = (await view.records<PurchaseOrder>('purchase_order')).find((o) => o.number === 'PO-0002');
  if (!order) throw new Error('the demo seed should have PO-0002');
  const line = (await view.records<PurchaseOrderLine>('purchase_order_line')).find((l) => l.orderId === order.id && l.tagPattern === 'LAP-{####}');
  if (!line) throw new Error('PO-0002 should have a line of laptops tagged LAP-{####}');
  // The laptop goes to Dana Whitfield of the service desk (desk1, at HQ like the order).
  const person = { id: view.userId, displayName: 'Dana Whitfield' };

  await page.setViewportSize(LAPTOP);
  await openApp(page, opts.appUrl);
  await signIn(page, { username: 'tech1', serverUrl: opts.serverUrl });
  await expect(page.getByTestId('ticket-row').first()).toBeVisible({ timeout: FIRST_SYNC_MS });
  await goToRoute(page, '/orders');
  // tech1 works at HQ: HQ's two orders, not DC's.
  await expect(page.getByTestId('order-row')).toHaveCount(2);
  await expect(page.getByTestId('order-row').filter({ hasText: 'PO-0001' }).getByTestId('order-received')).toHaveText('1 of 1');
  await shots(page, testInfo, 'purchase-orders-list');
  await page.getByTestId('order-row').filter({ hasText: 'PO-0002' }).click();
  await expect(page.getByTestId('order-number')).toHaveText('PO-0002');

  // The server goes away; the line of ten laptops is received, r on the focused line.
  await takeServerAway(server, page);
  const laptops = page.getByTestId('order-line').filter({ hasText: 'Latitude 5440' });
  await laptops.focus();
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('receive-tags')).toHaveText('LAP-{####} (numbered when synced)');
  await dialog.getByRole('textbox', { name: 'Put them at' }).click();
  await page.getByRole('option', { name: 'Reception' }).click();
  await shots(page, testInfo, 'purchase-order-receive-dialog');
  await dialog.getByTestId('receive-submit').click();
  await expect(dialog).toBeHidden();
  const tags = laptops.getByTestId('line-asset');
  await expect(tags).toHaveCount(10);
  for (const tag of await tags.allTextContents()) expect(tag).toMatch(/^AST-new-[0-9a-f]{6}$/);
  await expect(laptops.getByTestId('line-receipt')).toContainText('by Alex Morgan');
  await expect(page.getByTestId('pending-count')).toHaveText('1');

  // Still without the server: one of the new laptops is checked out to a person, who signs for it.
  const first = tags.first();
  const provisional = (await first.textContent()) ?? '';
  const laptopId = /\/assets\/([^/?#]+)$/.exec((await first.getAttribute('href')) ?? '')?.[1];
  if (!laptopId) throw new Error('a received laptop should link to its asset screen');
  await first.click();
  await expect(page.getByTestId('asset-state')).toHaveText('In stock: Available');
  await page.keyboard.press('o');
  const checkOut = page.getByRole('dialog', { name: `Check out: ${provisional}` });
  await checkOut.getByRole('textbox', { name: 'A person' }).fill(person.displayName);
  await page.getByRole('option', { name: person.displayName }).click();
  await checkOut.getByRole('button', { name: 'Check out' }).click();
  await expect(checkOut).toBeHidden();
  await expect(page.getByTestId('asset-state')).toHaveText('In use');
  await page.keyboard.press('g');
  const accept = page.getByRole('dialog', { name: `Accept with a signature: ${provisional}` });
  await expect(accept.getByRole('textbox', { name: 'Name of the person signing' })).toHaveValue(person.displayName);
  await sign(page);
  await accept.getByRole('button', { name: 'Save signature' }).click();
  await expect(accept).toBeHidden();
  await expect(page.getByTestId('asset-signature')).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveText('3');

  // The server is back: the outbox is pushed, and the server holds it all.
  await server.startAgain();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
  const made = (await view.records<Asset>('asset')).filter((a) => a.orderLineId === line.id).sort((a, b) => a.tag.localeCompare(b.tag));
  expect(made.map((a) => a.tag)).toEqual(Array.from({ length: 10 }, (_, i) => `LAP-${String(i + 1).padStart(4, '0')}`));
  const money = { siteId: order.siteId, vendorId: order.vendorId, purchasedOn: order.orderedOn, costCents: line.unitCostCents, name: 'Latitude 5440' };
  for (const a of made) {
    if (a.id === laptopId) expect(a).toMatchObject({ ...money, state: 'in_use', checkedOutTo: { kind: 'person', id: person.id }, assignedToId: person.id });
    else expect(a).toMatchObject({ ...money, state: 'in_stock', substate: 'available', checkedOutTo: null });
  }
  const checkout = (await view.records<AssetCheckout>('asset_checkout')).find((c) => c.assetId === laptopId && c.checkedInAt === null);
  expect(checkout).toMatchObject({ acceptanceRequired: true, signedName: person.displayName });
  expect(checkout?.signature).toMatch(/^data:image\/png;base64,/);
  expect((await view.records<AssetEvent>('asset_event')).filter((e) => e.assetId === laptopId).map((e) => e.kind)).toEqual(expect.arrayContaining(['check_out', 'accept']));
  // The app shows the server's tag on the asset, and on the order.
  await expect(page.getByTestId('asset-screen')).toContainText(made.find((a) => a.id === laptopId)!.tag);
  await goToRoute(page, `/orders/${order.id}`);
  await expect(tags).toHaveText(made.map((a) => a.tag));
  await shots(page, testInfo, 'purchase-order');

  // Received once: r on the received line says when and by whom, and the server refuses a second receipt in the same words.
  const receipt = (await view.records<OrderReceipt>('order_receipt')).find((r) => r.lineId === line.id);
  expect(receipt?.assetIds).toHaveLength(10);
  const words = `This line was already received on ${receipt?.receivedOn} by Alex Morgan.`;
  await laptops.focus();
  await page.keyboard.press('r');
  await expect(page.getByTestId('order-refusal')).toHaveText(words);
  await expect(page.getByRole('dialog')).toBeHidden();
  const again = await view.push({
    entity: 'order_receipt',
    id: randomUUID(),
    kind: 'create',
    data: {
      orderId: order.id,
      lineId: line.id,
      assetIds: Array.from({ length: 10 }, () => randomUUID()),
      locationId: null,
      receivedOn: '2026-12-07',
      preview: { name: 'Latitude 5440', kind: 'hardware', type: 'laptop', modelId: null, siteId: order.siteId, vendorId: null, purchasedOn: null, costCents: null, warrantyEndsOn: null },
    },
  });
  expect(again).toMatchObject({ status: 'rejected', reason: words });

  await goToRoute(page, '/orders/new');
  await expect(page.getByTestId('new-order-screen')).toBeVisible();
  await shots(page, testInfo, 'purchase-order-new');
}
