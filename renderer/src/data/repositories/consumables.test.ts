import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Location } from '@fielddesk/common/domain/entities';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { recordKey } from '../db';
import { consumableTables, createConsumableRepository } from './consumables';
import { freshDb, makeAsset, requester, site, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-05T12:00:00.000Z');

async function setup(user: { role: 'technician' | 'agent' | 'requester'; siteId: string | null } = { role: 'technician', siteId: site.id }) {
  const db = freshDb('consumables');
  const store: Location = { id: uuidv7(), siteId: site.id, name: 'HQ store room', rev: 1 };
  const elsewhere: Location = { id: uuidv7(), siteId: uuidv7(), name: 'DC cage 4', rev: 1 };
  const toner: Consumable = {
    id: uuidv7(),
    name: 'HP 59A',
    category: 'Toner',
    manufacturer: 'HP',
    partNumber: 'CF259A',
    unit: 'cartridge',
    reorderRules: [{ locationId: store.id, reorderPoint: 1, reorderQuantity: 5 }],
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    rev: 3,
  };
  const printer = makeAsset({ siteId: site.id });
  await db.locations.bulkPut([store, elsewhere]);
  await db.persons.bulkPut([tech, requester]);
  await db.assets.put(printer);
  await consumableTables(db).items.put(toner);
  return { db, store, elsewhere, toner, printer, repo: createConsumableRepository({ db, userId: tech.id, user, now: () => NOW }) };
}

describe('consumable repository', () => {
  it('records an issue with its op in one transaction, even when it takes the stock below zero', async () => {
    const { db, store, toner, repo } = await setup();
    const result = await repo.recordMovement({ kind: 'issued', itemId: toner.id, locationId: store.id, quantity: 1, to: { kind: 'person', id: requester.id } });
    if (!result.ok) throw new Error(result.reason);
    expect(await consumableTables(db).movements.get(result.id)).toMatchObject({ kind: 'issued', quantity: 1, locationId: store.id, authorId: tech.id, at: NOW.toISOString(), siteId: null, rev: 0 });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ recordKey: recordKey('consumable_movement', result.id), op: { entity: 'consumable_movement', kind: 'create', data: { kind: 'issued', quantity: 1 } } });
  });

  it("refuses, in the server's words and before queuing, what the server would refuse", async () => {
    const { db, store, elsewhere, toner, printer, repo } = await setup();
    const refused = async (data: Parameters<typeof repo.recordMovement>[0]) => {
      const result = await repo.recordMovement(data);
      return result.ok ? 'recorded' : result.reason;
    };
    expect(await refused({ kind: 'issued', itemId: toner.id, locationId: store.id, quantity: -2, to: { kind: 'asset', id: printer.id } })).toBe(
      'The quantity must be more than zero (got -2): the kind of movement says whether stock comes in or goes out.',
    );
    expect(await refused({ kind: 'adjusted', itemId: toner.id, locationId: store.id, quantity: 1, direction: 'remove', reason: ' ' })).toBe('An adjustment needs a reason.');
    expect(await refused({ kind: 'received', itemId: uuidv7(), locationId: store.id, quantity: 1 })).toBe('This consumable does not exist.');
    expect(await refused({ kind: 'received', itemId: toner.id, locationId: elsewhere.id, quantity: 1 })).toBe(
      "DC cage 4 is at another site: technicians record stock movements only at their own site's locations.",
    );
    expect(await refused({ kind: 'issued', itemId: toner.id, locationId: store.id, quantity: 1, to: { kind: 'asset', id: uuidv7() } })).toBe(
      'The asset it is issued to does not exist or is not visible to you.',
    );
    expect(await refused({ kind: 'transferred', itemId: toner.id, fromLocationId: store.id, toLocationId: store.id, quantity: 1 })).toBe('A transfer needs two different locations.');
    expect(await db.outbox.count()).toBe(0);
  });

  it('edits reorder rules at the own site only, sending only what changed', async () => {
    const { db, store, elsewhere, toner, repo } = await setup();
    expect(await repo.updateItem(toner.id, { reorderRules: [{ locationId: elsewhere.id, reorderPoint: 1, reorderQuantity: 2 }] })).toEqual({
      ok: false,
      reason: "DC cage 4 is at another site: technicians set reorder rules only for their own site's locations.",
    });
    const result = await repo.updateItem(toner.id, { name: 'HP 59A', reorderRules: [{ locationId: store.id, reorderPoint: 2, reorderQuantity: 6 }] });
    if (!result.ok) throw new Error(result.reason);
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ kind: 'patch', baseRev: 3, fields: { reorderRules: [{ reorderPoint: 2 }] } });
    expect(entry?.op).not.toHaveProperty('fields.name');
  });

  it('lets no requester record or edit anything', async () => {
    const { store, toner, repo } = await setup({ role: 'requester', siteId: site.id });
    expect(await repo.recordMovement({ kind: 'received', itemId: toner.id, locationId: store.id, quantity: 1 })).toEqual({ ok: false, reason: 'Only technicians, agents and admins can record stock movements.' });
    expect((await repo.createItem({ name: 'Mouse', unit: 'piece' })).ok).toBe(false);
  });
});
