import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { FieldDeskDb, recordKey, type ConflictEntry, type OutboxEntry } from './db';
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

    expect(db.verno).toBe(5);
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
    expect(db.assets.schema.indexes.map((i) => i.name)).toEqual(['serial', 'uuid', 'macs', 'name']);
    expect(db.configurationItems.schema.indexes.map((i) => i.name)).toEqual(['assetId']);
    expect(await db.tickets.where('status').equals(ticket.status).primaryKeys()).toEqual([ticket.id]);
    // New outbox entries continue the sequence.
    expect(await db.outbox.add({ ...entry, opId: uuidv7() })).toBe(2);
    db.close();
  });
});
