import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ENTITIES } from '@fielddesk/common/entities/registry';
import { FieldDeskDb, REPLICA_SCHEMA_DIGEST, REPLICA_VERSION, latestStores, recordKey, storesDigest, type ConflictEntry, type OutboxEntry } from './db';
import { makeTicket } from '../../test/fixtures';

/** The schema exactly as issue 2 shipped it (version 1). */
const V1_STORES = {
  tickets: 'id, status, assigneeId, groupId, siteId, updatedAt, number',
  worklogs: 'id, ticketId, createdAt',
  persons: 'id, username',
  sites: 'id',
  locations: 'id, siteId',
  groups: 'id',
  assets: 'id, tag, serial, siteId, locationId, assignedToId',
  outbox: '++seq, &opId, recordKey, state',
  shadows: 'key',
  conflicts: 'opId, recordKey, detectedAt, resolved',
  rejections: 'opId, recordKey, rejectedAt, acknowledged',
  meta: 'key',
};

describe('replica schema upgrade', () => {
  it('upgrades a v1 replica without losing its outbox, shadows, conflicts, meta or records', async () => {
    const name = `fielddesk-test:upgrade:${uuidv7()}`;
    const ticket = makeTicket({ status: 'on_hold', onHoldReason: 'Customer away' });
    const opId = uuidv7();
    const entry: OutboxEntry = {
      opId,
      recordKey: recordKey('ticket', ticket.id),
      op: { opId, entity: 'ticket', kind: 'patch', id: ticket.id, baseRev: ticket.rev, fields: { status: 'in_progress' }, clientTime: ticket.updatedAt },
      state: 'sending',
      attempts: 2,
      createdAt: ticket.updatedAt,
    };
    const conflictOp = uuidv7();
    const v1Conflict: ConflictEntry = {
      opId: conflictOp,
      recordKey: recordKey('ticket', ticket.id),
      entity: 'ticket',
      recordId: ticket.id,
      fields: ['onHoldReason', 'title'],
      local: { onHoldReason: 'Waiting for parts', title: 'Mine' },
      server: ticket,
      detectedAt: ticket.updatedAt,
      resolved: 0,
    };

    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.open();
    // A v1 ticket has none of the fields issue 4 added.
    const { impact, urgency, subcategory, respondedAt, slaHolds, catalogItemId, problemId, rootCause, workaround, knownError, ...v1Ticket } = ticket;
    void [impact, urgency, subcategory, respondedAt, slaHolds, catalogItemId, problemId, rootCause, workaround, knownError];
    await v1.table('tickets').put(v1Ticket);
    await v1.table('outbox').add({ ...entry });
    await v1.table('shadows').put({ key: entry.recordKey, record: ticket });
    await v1.table('conflicts').put(v1Conflict);
    await v1.table('meta').bulkPut([
      { key: 'cursor', value: '4711' },
      { key: 'clientId', value: 'client-1' },
    ]);
    v1.close();

    const db = new FieldDeskDb(name);
    await db.open();

    expect(db.verno).toBe(REPLICA_VERSION);
    expect(await db.outbox.toArray()).toEqual([{ ...entry, seq: 1 }]);
    expect(await db.shadows.get(entry.recordKey)).toEqual({ key: entry.recordKey, record: ticket });
    // v4 fills the fields issue 4 added, and pulls everything again to get the server's values.
    expect(await db.tickets.get(ticket.id)).toEqual({
      ...ticket,
      impact: 2,
      urgency: 2,
      subcategory: '',
      respondedAt: ticket.status === 'new' ? null : ticket.updatedAt,
      slaHolds: [],
      catalogItemId: null,
      problemId: null,
      rootCause: null,
      workaround: null,
      knownError: false,
    });
    expect((await db.meta.get('cursor'))?.value).toBe('0');
    expect((await db.meta.get('clientId'))?.value).toBe('client-1');
    // The old conflict row is split into one row per field, with both values.
    const rows = await db.fieldConflicts.orderBy('id').toArray();
    expect(rows.map((r) => [r.field, r.local, r.server, r.resolved])).toEqual(
      [
        ['onHoldReason', 'Waiting for parts', 'Customer away', 0],
        ['title', 'Mine', ticket.title, 0],
      ].sort((a, b) => (`${conflictOp}:${String(a[0])}` < `${conflictOp}:${String(b[0])}` ? -1 : 1)),
    );
    // The new tables exist and take records.
    for (const table of [db.configurationItems, db.knowledgeArticles, db.changes, db.attachments]) expect(await table.count()).toBe(0);
    // v3 keeps only the indexes a query uses on the big tables (and the tickets survive it).
    expect(db.tickets.schema.indexes.map((i) => i.name)).toEqual(['status', 'problemId']);
    // v5 indexes assets by their identity (matching a scanned device) and CIs by asset.
    expect(db.assets.schema.indexes.map((i) => i.name)).toEqual(['serial', 'uuid', 'macs', 'name', 'tag', 'state', 'siteId', 'modelId', 'assignedToId', 'locationId']);
    expect(db.configurationItems.schema.indexes.map((i) => i.name)).toEqual(['assetId']);
    expect(await db.tickets.where('status').equals(ticket.status).primaryKeys()).toEqual([ticket.id]);
    // New outbox entries continue the sequence.
    expect(await db.outbox.add({ ...entry, opId: uuidv7() })).toBe(2);
    db.close();
  });

  it('upgrades a v4 replica to v5: assets get the identity fields, the new tables exist, the next sync starts over', async () => {
    const name = `fielddesk-test:upgrade-v5:${uuidv7()}`;
    const v4 = new Dexie(name);
    v4.version(4).stores(V4_STORES);
    await v4.open();
    const asset = { id: uuidv7(), tag: 'AST-0001', serial: 'CZC1234XYZ', name: 'WS-042', model: 'EliteBook', manufacturer: 'HP', type: 'laptop', status: 'deployed', siteId: null, locationId: null, assignedToId: null, rev: 9 };
    const ci = { id: uuidv7(), name: 'WS-042', ciType: 'computer', status: 'active', assetId: asset.id, siteId: null, description: '', rev: 10 };
    await v4.table('assets').put(asset);
    await v4.table('configurationItems').put(ci);
    await v4.table('meta').put({ key: 'cursor', value: '812.3' });
    v4.close();

    const db = new FieldDeskDb(name);
    await db.open();
    expect(db.verno).toBe(REPLICA_VERSION);
    expect(await db.assets.get(asset.id)).toEqual({ ...asset, uuid: null, macs: [], inventoriedAt: null });
    expect(await db.assets.where('serial').equals('CZC1234XYZ').primaryKeys()).toEqual([asset.id]);
    expect(await db.assets.where('name').equals('WS-042').primaryKeys()).toEqual([asset.id]);
    expect(await db.configurationItems.where('assetId').equals(asset.id).toArray()).toEqual([ci]);
    expect(await db.assetInventories.count()).toBe(0);
    expect(await db.deviceScans.count()).toBe(0);
    expect(db.tableFor('asset_inventory')).toBe(db.assetInventories);
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: '0' });
    db.close();
  });
});

/** The schema as issue 4 left it (version 4). */
const V4_STORES = {
  tickets: 'id, status, problemId',
  worklogs: 'id, ticketId, createdAt',
  persons: 'id, username',
  sites: 'id',
  locations: 'id, siteId',
  groups: 'id',
  assets: 'id',
  outbox: '++seq, &opId, recordKey, state',
  shadows: 'key',
  conflicts: 'opId, recordKey, detectedAt, resolved',
  rejections: 'opId, recordKey, rejectedAt, acknowledged',
  meta: 'key',
  configurationItems: 'id',
  knowledgeArticles: 'id, number, category, updatedAt',
  changes: 'id, number, status, windowStart, windowEnd, siteId',
  attachments: 'id, ticketId, sha256, createdAt',
  fieldConflicts: 'id, opId, recordKey, detectedAt, resolved',
  tasks: 'id, ticketId, assigneeId, status',
  ticketLinks: 'id, ticketId, targetId',
  ticketEvents: 'id, ticketId',
  itsmConfig: 'id',
  savedFilters: 'id, ownerId',
};

describe('the latest replica version follows the entity declarations', () => {
  it('records the digest of the declared tables and indexes, so a changed declaration asks for a new version', () => {
    const digest = storesDigest(latestStores());
    expect(
      digest,
      `The replica tables declared in common/entities/ (or LOCAL_STORES) changed since version ${REPLICA_VERSION}: ` +
        `append '${digest}' to DIGESTS in renderer/src/data/replica-schema.ts (the replica becomes version ${REPLICA_VERSION + 1}).`,
    ).toBe(REPLICA_SCHEMA_DIGEST);
  });

  it('opens with every declared entity table, indexed as declared, each reachable by entity name', async () => {
    const db = new FieldDeskDb(`fielddesk-test:declared:${uuidv7()}`);
    await db.open();
    try {
      expect(db.verno).toBe(REPLICA_VERSION);
      for (const entity of ENTITIES) {
        const table = db.tableFor(entity.name);
        expect(table.name, entity.name).toBe(entity.replica.table);
        expect(table.schema.primKey.name).toBe('id');
        expect(table.schema.indexes.map((i) => i.src).sort(), entity.name).toEqual([...entity.replica.indexes].sort());
      }
      expect(db.entityTables().map((t) => t.name).sort()).toEqual(ENTITIES.map((e) => e.replica.table).sort());
    } finally {
      db.close();
      await Dexie.delete(db.name);
    }
  });
});
