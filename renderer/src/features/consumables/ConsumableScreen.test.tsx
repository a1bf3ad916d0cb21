import { describe, expect, it } from 'vitest';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { v7 as uuidv7 } from 'uuid';
import type { Location } from '@fielddesk/common/domain/entities';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import type { ConsumableMovement } from '@fielddesk/common/entities/consumable-movement';
import { consumableTables } from '../../data/repositories/consumables';
import { ConsumableScreen } from './ConsumableScreen';
import { freshDb, requester, site, tech } from '../../../test/fixtures';
import { renderInWorkspace } from '../../../test/render';

configure({ asyncUtilTimeout: 10_000 });

const at = '2026-03-02T09:00:00.000Z';

async function setup() {
  const db = freshDb('consumable-screen');
  const store: Location = { id: uuidv7(), siteId: site.id, name: 'Store room', rev: 1 };
  const toner: Consumable = {
    id: uuidv7(),
    name: 'HP 59A black toner',
    category: 'Toner',
    manufacturer: 'HP',
    partNumber: 'CF259A',
    unit: 'cartridge',
    reorderRules: [{ locationId: store.id, reorderPoint: 2, reorderQuantity: 6 }],
    createdAt: at,
    updatedAt: at,
    rev: 2,
  };
  const received: ConsumableMovement = {
    id: uuidv7(),
    itemId: toner.id,
    kind: 'received',
    quantity: 1,
    locationId: store.id,
    toLocationId: null,
    issuedTo: null,
    direction: null,
    reason: null,
    siteId: site.id,
    toSiteId: null,
    authorId: tech.id,
    at,
    rev: 3,
  };
  await db.sites.put(site);
  await db.locations.put(store);
  await db.persons.bulkPut([tech, requester]);
  await consumableTables(db).items.put(toner);
  await consumableTables(db).movements.put(received);
  return { db, toner };
}

describe('ConsumableScreen', () => {
  it('issues with the i key, offline, past zero: the stock shows -1 flagged and the ledger says who and to whom', async () => {
    const t = await setup();
    renderInWorkspace(<ConsumableScreen />, { db: t.db, path: '/consumables/:id', route: `/consumables/${t.toner.id}` }).server.offline = true;
    const badge = async () => within(await screen.findByTestId('stock-table')).getByTestId('stock-badge');
    await waitFor(async () => expect((await badge()).textContent).toBe('1, low'));

    for (const expected of ['0, low', '-1, below zero']) {
      await userEvent.keyboard('i');
      const dialog = await screen.findByRole('dialog');
      const person = within(dialog).getByRole('textbox', { name: 'Person' });
      await userEvent.click(person);
      await userEvent.type(person, 'Riley');
      await userEvent.click(await screen.findByRole('option', { name: 'Riley Chen', hidden: true }));
      await userEvent.click(within(dialog).getByTestId('movement-save'));
      await waitFor(async () => expect((await badge()).textContent).toBe(expected));
    }
    expect(screen.getByTestId('flag-negative').textContent).toBe('Below zero');
    const rows = screen.getAllByTestId('ledger-row');
    expect(rows).toHaveLength(3);
    expect(rows[0]?.textContent).toContain('Alex MorganIssued−1Store room (HQ)Riley Chen');
    // The waiting marker comes from its own live query of the outbox, which may answer a moment after the ledger's.
    await waitFor(() => expect(within(screen.getAllByTestId('ledger-row')[0]!).getByTestId('not-synced')).toBeTruthy());
    expect(await t.db.outbox.count()).toBe(2);
  });

  it('refuses an adjustment without a reason, in the words the server would use', async () => {
    const t = await setup();
    renderInWorkspace(<ConsumableScreen />, { db: t.db, path: '/consumables/:id', route: `/consumables/${t.toner.id}` }).server.offline = true;
    await screen.findByTestId('stock-table');
    await userEvent.click(screen.getByTestId('action-adjusted'));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByTestId('movement-save'));
    expect((await within(dialog).findByTestId('movement-error')).textContent).toBe('An adjustment needs a reason.');
    expect(await t.db.outbox.count()).toBe(0);
  });
});
