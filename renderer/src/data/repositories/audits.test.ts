import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { expectedRowId } from '@fielddesk/common/audits/expected';
import type { Audit, AuditExpected } from '@fielddesk/common/audits/records';
import type { Location, Person } from '@fielddesk/common/domain/entities';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import { applyPullPage, applyPushResults } from '../sync/reconcile';
import { auditTables, createAuditRepository } from './audits';
import { freshDb, makeAsset, site, tech } from '../../../test/fixtures';

const NOW = new Date('2026-12-07T09:00:00.000Z');
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const ctx = { userId: tech.id, now: () => NOW };

async function setup(user: { role: 'technician' | 'agent'; siteId: string | null } = { role: 'technician', siteId: site.id }) {
  const db = freshDb('audits');
  const room: Location = { id: uuidv7(), siteId: site.id, name: 'Room 101', rev: 1 };
  const store: Location = { id: uuidv7(), siteId: site.id, name: 'Store', rev: 1 };
  const elsewhere: Location = { id: uuidv7(), siteId: uuidv7(), name: 'DC cage 4', rev: 1 };
  const farAway: Person = { ...tech, id: uuidv7(), username: 'tech2', displayName: 'Priya Raman', siteId: elsewhere.siteId };
  const laptops: AssetModel = { id: uuidv7(), name: 'Latitude', manufacturer: 'Dell', category: 'Laptops', kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: {}, rev: 3 };
  const assets = [
    makeAsset({ tag: 'LAP-1', serial: 'S1', modelId: laptops.id, locationId: room.id, state: 'in_use' }),
    makeAsset({ tag: 'LAP-2', serial: 'S2', modelId: laptops.id, locationId: store.id, state: 'in_stock', substate: 'available' }),
    makeAsset({ tag: 'LAP-3', serial: 'S3', modelId: laptops.id, locationId: room.id, state: 'retired' }),
    makeAsset({ tag: 'DESK-1', serial: null, locationId: room.id, state: 'in_use', kind: 'non_it' }),
    makeAsset({ tag: 'LAP-9', serial: 'S9', modelId: laptops.id, siteId: elsewhere.siteId, locationId: elsewhere.id }),
  ];
  await db.locations.bulkPut([room, store, elsewhere]);
  await db.persons.bulkPut([tech, farAway]);
  await db.assetModels.put(laptops);
  await db.assets.bulkPut(assets);
  const repo = createAuditRepository({ db, userId: tech.id, user, now: () => NOW });
  return { db, t: auditTables(db), room, store, elsewhere, farAway, assets, repo };
}

describe('audit repository', () => {
  it('plans, starts offline with a provisional snapshot by the server’s function, records scans and closes', async () => {
    const { db, t, room, store, assets, repo } = await setup();
    const made = await repo.createAudit({ name: 'Laptops, HQ', siteId: site.id, categories: ['laptops'], auditorIds: [tech.id] });
    if (!made.ok) throw new Error(made.reason);
    expect(await t.audits.get(made.id)).toMatchObject({ state: 'planned', number: expect.stringMatching(/^AUD-new-/), createdById: tech.id });

    const started = await repo.startAudit(made.id);
    expect(started).toMatchObject({ ok: true, expected: 2 });
    expect(await t.audits.get(made.id)).toMatchObject({ state: 'in_progress', startedById: tech.id, startedAt: NOW.toISOString() });
    const snapshot = await repo.snapshot(made.id);
    expect(snapshot.map((r) => r.tag).sort()).toEqual(['LAP-1', 'LAP-2']);
    expect((await t.expected.toArray()).map((r) => r.id).sort()).toEqual([expectedRowId(made.id, assets[0]!.id), expectedRowId(made.id, assets[1]!.id)].sort());

    const one = await repo.recordScan({ auditId: made.id, locationId: room.id, code: 'lap-1', assetId: assets[0]!.id, verdict: 'found' });
    if (!one.ok) throw new Error(one.reason);
    expect(await t.scans.get(one.id)).toMatchObject({ key: 'LAP-1', auditorId: tech.id, siteId: site.id, late: false, rev: 0 });
    const unknown = await repo.recordScan({ auditId: made.id, locationId: room.id, code: 'ZZ-1', verdict: 'unknown' });
    if (!unknown.ok) throw new Error(unknown.reason);
    // Details the auditor adds after the verdict: the scan shows them at once, and they sync as a patch.
    expect(await repo.addScanDetails(unknown.id, { note: 'Grey monitor, no record' })).toMatchObject({ ok: true });
    expect(await repo.addScanDetails(one.id, { holderConfirmed: true, condition: 'worn' })).toMatchObject({ ok: true });
    expect(await repo.addScanDetails(one.id, { holderConfirmed: true })).toEqual({ ok: false, reason: 'Nothing changed.' });
    expect(await t.scans.get(unknown.id)).toMatchObject({ note: 'Grey monitor, no record', code: 'ZZ-1', verdict: 'unknown' });
    expect(await t.scans.get(one.id)).toMatchObject({ holderConfirmed: true, condition: 'worn', verdict: 'found' });

    // Not found: LAP-2; ZZ-1 undecided: the close waits, in the server's words.
    expect(await repo.closeAudit(made.id, { stillSearching: [], reviews: {}, unknown: {}, signature: SIGNATURE, signedName: 'Alex Morgan', notes: '' })).toEqual({
      ok: false,
      reason: '1 unknown tag needs a decision (register it or dismiss it with a reason): ZZ-1.',
    });
    const preview = await repo.previewClose(made.id, { stillSearching: [], reviews: {}, unknown: { 'ZZ-1': { kind: 'register' } } });
    expect(preview).toMatchObject({ ok: true, plan: { missing: [assets[1]!.id], register: [{ code: 'ZZ-1', locationId: room.id }], audited: [assets[0]!.id] } });
    const closed = await repo.closeAudit(made.id, { stillSearching: [], reviews: {}, unknown: { 'ZZ-1': { kind: 'register' } }, signature: SIGNATURE, signedName: 'Alex Morgan', notes: 'All rooms done' });
    expect(closed.ok).toBe(true);
    expect(await t.audits.get(made.id)).toMatchObject({ state: 'closed', signature: SIGNATURE, signedName: 'Alex Morgan' });
    expect(await repo.addScanDetails(unknown.id, { note: 'later' })).toEqual({ ok: false, reason: `${(await t.audits.get(made.id))!.number} is closed: its scans can no longer be changed.` });
    expect((await db.outbox.toArray()).map((e) => `${e.op.entity}:${e.op.kind}`)).toEqual(['audit:create', 'audit_event:create', 'audit_scan:create', 'audit_scan:create', 'audit_scan:patch', 'audit_scan:patch', 'audit_event:create']);
    void store;
  });

  it('replaces the provisional snapshot with the server’s rows once they are all here', async () => {
    const { t, assets, repo } = await setup({ role: 'agent', siteId: null });
    const made = await repo.createAudit({ name: 'All of HQ', siteId: site.id });
    if (!made.ok) throw new Error(made.reason);
    await repo.startAudit(made.id);
    expect((await repo.snapshot(made.id)).length).toBe(3);
    // The server expected two of them (the desk moved one away meanwhile): its rows and its audit arrive.
    const row = (i: number, rev: number): AuditExpected => ({ id: expectedRowId(made.id, assets[i]!.id), auditId: made.id, assetId: assets[i]!.id, tag: assets[i]!.tag, serial: assets[i]!.serial, state: assets[i]!.state, locationId: assets[i]!.locationId, siteId: site.id, rev });
    const server: Audit = { ...(await t.audits.get(made.id))!, number: 'AUD-0007', expectedCount: 2, rev: 12 };
    await applyPullPage(db(t), { changes: [row(0, 10), row(1, 11)].map((r) => ({ entity: 'audit_expected' as const, id: r.id, rev: r.rev, op: 'put' as const, data: r })), cursor: '11.0', reset: false }, ctx);
    // Before the audit's own record: the server's rows replace the device's in place, the third stays provisional.
    expect((await repo.snapshot(made.id)).length).toBe(3);
    await applyPullPage(db(t), { changes: [{ entity: 'audit', id: made.id, rev: 12, op: 'put', data: server }], cursor: '12.0', reset: false }, ctx);
    // The start op is still pending, so the replica shows the server's audit with the start on top; its count says the snapshot is whole.
    expect((await repo.snapshot(made.id)).map((r) => r.tag).sort()).toEqual([assets[0]!.tag, assets[1]!.tag].sort());
    expect(await t.expected.count()).toBe(2);
  });

  it('rolls a refused start back: the audit planned again, its provisional snapshot gone', async () => {
    const { db: store, t, repo } = await setup();
    const made = await repo.createAudit({ name: 'Room audit', siteId: site.id });
    if (!made.ok) throw new Error(made.reason);
    await repo.startAudit(made.id);
    const sent = await store.outbox.toArray();
    const planned: Audit = { ...(await t.audits.get(made.id))!, state: 'planned', startedAt: null, startedById: null, number: 'AUD-0008', rev: 20 };
    await applyPushResults(store, sent, [
      { opId: sent[0]!.opId, status: 'applied', rev: 20, record: planned },
      { opId: sent[1]!.opId, status: 'rejected', reason: 'Technicians run audits at their own site only.' },
    ], ctx);
    expect(await t.audits.get(made.id)).toMatchObject({ state: 'planned', number: 'AUD-0008' });
    expect(await t.events.count()).toBe(0);
    expect(await repo.snapshot(made.id)).toEqual([]);
    expect(await t.expected.count()).toBe(0);
    expect(await store.rejections.count()).toBe(1);
  });

  it('drops a scan the server refused (the audit was cancelled meanwhile), keeping the reason', async () => {
    const { db: store, t, room, repo } = await setup();
    const made = await repo.createAudit({ name: 'Room audit', siteId: site.id });
    if (!made.ok) throw new Error(made.reason);
    await repo.startAudit(made.id);
    const scanned = await repo.recordScan({ auditId: made.id, locationId: room.id, code: 'LAP-1', verdict: 'found' });
    if (!scanned.ok) throw new Error(scanned.reason);
    const sent = (await store.outbox.toArray()).filter((e) => e.opId === scanned.opId);
    const { notices } = await applyPushResults(store, sent, [{ opId: scanned.opId, status: 'rejected', reason: 'AUD-0009 was cancelled: the scan was not recorded.' }], ctx);
    expect(notices).toEqual([expect.objectContaining({ kind: 'rejected', entity: 'audit_scan', recordId: scanned.id })]);
    expect(await t.scans.count()).toBe(0);
    expect((await store.rejections.toArray()).map((r) => r.reason)).toEqual(['AUD-0009 was cancelled: the scan was not recorded.']);
  });

  it('refuses in the server’s words, writing nothing', async () => {
    const { db: store, t, room, elsewhere, farAway, repo } = await setup();
    expect(await repo.createAudit({ name: 'DC', siteId: elsewhere.siteId })).toEqual({ ok: false, reason: 'Technicians run audits at their own site only.' });
    expect(await repo.createAudit({ name: 'HQ', siteId: site.id, auditorIds: [farAway.id] })).toEqual({ ok: false, reason: 'Priya Raman works at another site and would not see this audit.' });
    expect(await repo.createAudit({ name: 'HQ', siteId: site.id, locationIds: [elsewhere.id] })).toEqual({ ok: false, reason: 'A location of the audit is at another site: an audit covers one site.' });
    const made = await repo.createAudit({ name: 'HQ', siteId: site.id });
    if (!made.ok) throw new Error(made.reason);
    const number = (await t.audits.get(made.id))!.number;
    expect(await repo.recordScan({ auditId: made.id, locationId: room.id, code: 'LAP-1', verdict: 'found' })).toEqual({ ok: false, reason: `${number} has not started: start it before scanning.` });
    await repo.startAudit(made.id);
    expect(await repo.updateAudit(made.id, { locationIds: [room.id] })).toEqual({ ok: false, reason: `${number} has started: its scope (locations, kinds, categories) was fixed when it started and can no longer be changed.` });
    expect((await repo.updateAudit(made.id, { notes: 'Keys at reception' })).ok).toBe(true);
    expect(await repo.recordScan({ auditId: made.id, locationId: elsewhere.id, code: 'LAP-9', verdict: 'outside_audit' })).toEqual({ ok: false, reason: 'The location label is of another site: scan a location of the audit’s site.' });
    expect(await repo.cancelAudit(made.id, '  ')).toEqual({ ok: false, reason: 'Reason: cancelling an audit needs a reason.' });
    expect((await repo.cancelAudit(made.id, 'Office closed')).ok).toBe(true);
    expect(await repo.recordScan({ auditId: made.id, locationId: room.id, code: 'LAP-1', verdict: 'found' })).toEqual({ ok: false, reason: `${number} was cancelled: the scan was not recorded.` });
    expect(await repo.recordScan({ auditId: uuidv7(), locationId: room.id, code: 'LAP-1', verdict: 'found' })).toEqual({ ok: false, reason: 'Audit not found or not visible to you.' });
    expect(await t.scans.count()).toBe(0);
    expect((await store.outbox.toArray()).map((e) => e.op.entity)).toEqual(['audit', 'audit_event', 'audit', 'audit_event']);
  });
});

/** The test's database, from its tables (keeps the helpers' signatures small). */
function db(t: ReturnType<typeof auditTables>) {
  return t.audits.db as unknown as Parameters<typeof applyPullPage>[0];
}
