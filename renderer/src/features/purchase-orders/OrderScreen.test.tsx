import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { Location } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import type { PurchaseOrder } from '@fielddesk/common/entities/purchase-order';
import type { PurchaseOrderLine } from '@fielddesk/common/entities/purchase-order-line';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import { orderTables } from '../../data/repositories/purchaseOrders';
import { localToday } from '../../shared/dates';
import { OrderScreen } from './OrderScreen';
import { freshDb, site, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

const at = '2026-11-02T09:00:00.000Z';

async function setup() {
  const db = freshDb('order-screen');
  const store: Location = { id: uuidv7(), siteId: site.id, name: 'Store room', rev: 1 };
  const vendor: Vendor = { id: uuidv7(), name: 'Dell Technologies', contactName: null, email: null, phone: null, website: null, notes: '', createdAt: at, updatedAt: at, rev: 2 };
  const model: AssetModel = { id: uuidv7(), name: 'Latitude 5440', manufacturer: 'Dell', category: 'Laptops', kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: {}, rev: 3 };
  const order: PurchaseOrder = { id: uuidv7(), number: 'PO-0002', vendorId: vendor.id, siteId: site.id, orderedOn: '2026-11-02', expectedOn: null, reference: 'SO-1', notes: '', createdById: tech.id, createdAt: at, updatedAt: at, rev: 4 };
  const line: PurchaseOrderLine = { id: uuidv7(), orderId: order.id, modelId: model.id, description: 'Latitude 5440, 16 GB', quantity: 3, unitCostCents: 129_900, tagPattern: 'LAP-{####}', rev: 5 };
  await db.sites.put(site);
  await db.locations.put(store);
  await db.persons.put(tech);
  await db.assetModels.put(model);
  const t = orderTables(db);
  await t.vendors.put(vendor);
  await t.orders.put(order);
  await t.lines.put(line);
  return { db, order };
}

describe('OrderScreen', () => {
  it('receives the focused line with r, offline: its assets show at once with provisional tags; r again says when and by whom it was received', async () => {
    const t = await setup();
    renderInWorkspace(<OrderScreen />, { db: t.db, path: '/orders/:id', route: `/orders/${t.order.id}` }).server.offline = true;
    const row = await screen.findByTestId('order-line');
    row.focus();
    await userEvent.keyboard('r');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('receive-tags').textContent).toBe('LAP-{####} (numbered when synced)');
    await userEvent.click(within(dialog).getByTestId('receive-submit'));
    await waitFor(() => expect(within(screen.getByTestId('order-line')).getAllByTestId('line-asset')).toHaveLength(3));
    for (const a of within(screen.getByTestId('order-line')).getAllByTestId('line-asset')) expect(a.textContent).toMatch(/^AST-new-[0-9a-f]{6}$/);
    expect(screen.getByTestId('order-state').textContent).toBe('Received');
    expect(await t.db.outbox.count()).toBe(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    screen.getByTestId('order-line').focus();
    await userEvent.keyboard('r');
    expect((await screen.findByTestId('order-refusal')).textContent).toBe(`This line was already received on ${localToday()} by Alex Morgan.`);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await t.db.outbox.count()).toBe(1);
  });
});
