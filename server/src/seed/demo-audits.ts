/**
 * The demo's asset audits (issue 14), written last so every other demo record keeps its rev:
 *
 * - AUD-0001, closed three weeks ago at LAB, by tech3 (signed): one LAB location, every expected
 *   asset found, one unknown tag dismissed with a reason. Its assets carry `lastAuditedOn` and an
 *   'audited' line in their history;
 * - AUD-0002, in progress at HQ since yesterday, one location, auditors tech1 and tech4: its
 *   snapshot, and scans by both — found, one found elsewhere (in the next room, to be moved),
 *   one asset scanned twice, one unknown tag — with some expected still to scan;
 * - AUD-0003, planned at HQ for the whole site, due in two weeks, auditors tech1 and tech4.
 *
 * The snapshots and the closed audit's counts come from the same functions the server and the
 * app use (common/audits/expected.ts, merge.ts, close.ts). The assets are read from what the
 * earlier layers wrote, so this layer needs only the sites, locations and people. Deterministic:
 * its own seeded generator.
 */
import type { AssetEvent } from '@fielddesk/common/assets/actions';
import type { AssetState } from '@fielddesk/common/assets/lifecycle';
import { AuditIndex } from '@fielddesk/common/audits/classify';
import { planClose } from '@fielddesk/common/audits/close';
import { codeKey } from '@fielddesk/common/audits/codes';
import { expectedRowId, snapshotOf, type ScopedAsset } from '@fielddesk/common/audits/expected';
import { mergeScans } from '@fielddesk/common/audits/merge';
import type { Audit, AuditEvent, AuditExpected, AuditScan } from '@fielddesk/common/audits/records';
import { auditedReason, auditSummaryOf } from '@fielddesk/common/audits/rules';
import type { AssetKind, Location, Person, Site } from '@fielddesk/common/domain/entities';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import { formatTicketNumber } from '@fielddesk/common/itsm/numbering';
import type { StoreKind, WriteTx } from '../db/database';
import { bulkInsert } from '../sync/bulk';
import { createRng } from './prng';
import { fieldRevsAt } from './field-revs';

export const DEMO_AUDITS_SEED = 20261407;
const DAY = 86_400_000;
/** A 1×1 PNG: the closer's signature as the signature pad would give it. */
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface Input {
  sites: readonly Site[];
  locations: readonly Location[];
  persons: readonly Person[];
}


export async function writeDemoAudits(tx: WriteTx, kind: StoreKind, nowMs: number, data: Input): Promise<{ audits: number; expected: number; scans: number }> {
  const rng = createRng(DEMO_AUDITS_SEED);
  const at = (daysAgo: number, hour = 10) => new Date(Math.floor(nowMs / DAY) * DAY - daysAgo * DAY + hour * 3_600_000).toISOString();
  const site = (code: string) => data.sites.find((s) => s.code === code)!;
  const person = (username: string) => data.persons.find((p) => p.username === username)!;
  const [hq, lab] = [site('HQ'), site('LAB')];
  const [tech1, tech3, tech4, desk1] = [person('tech1'), person('tech3'), person('tech4'), person('desk1')];

  const rows = await tx.db
    .selectFrom('assets as a')
    .leftJoin('asset_models as m', 'm.id', 'a.model_id')
    .select(['a.id', 'a.tag', 'a.serial', 'a.kind', 'a.state', 'a.site_id', 'a.location_id', 'm.category'])
    .where('a.site_id', 'in', [hq.id, lab.id])
    .orderBy('a.tag')
    .execute();
  const assets: ScopedAsset[] = rows.map((r) => ({ id: r.id, tag: r.tag, serial: r.serial, kind: r.kind as AssetKind, state: r.state as AssetState, siteId: r.site_id, locationId: r.location_id, category: r.category ?? null }));
  /** The site's location holding the most assets (its first in the seed's order on a tie). */
  const busiest = (siteId: string) => {
    const count = (l: Location) => assets.filter((a) => a.locationId === l.id).length;
    return data.locations.filter((l) => l.siteId === siteId).reduce((best, l) => (count(l) > count(best) ? l : best));
  };
  const [hqRoom, labRoom] = [busiest(hq.id), busiest(lab.id)];
  const hqNext = data.locations.find((l) => l.siteId === hq.id && l.id !== hqRoom.id)!;

  const audit = (n: number, over: Partial<Audit> & Pick<Audit, 'name' | 'siteId' | 'state'>): Audit => ({
    id: rng.uuid(),
    number: formatTicketNumber('audit', n),
    locationIds: [],
    kinds: [],
    categories: [],
    auditorIds: [],
    dueOn: null,
    startedAt: null,
    startedById: null,
    closedAt: null,
    closedById: null,
    expectedCount: null,
    summary: null,
    signature: null,
    signedName: null,
    notes: '',
    createdById: desk1.id,
    createdAt: at(30),
    updatedAt: at(30),
    rev: 0,
    ...over,
  });
  const scanOf = (a: Audit, auditorId: string, locationId: string, code: string, assetId: string | null, verdict: AuditScan['verdict'], when: string, over: Partial<AuditScan> = {}): AuditScan => ({
    id: rng.uuid(),
    auditId: a.id,
    siteId: a.siteId,
    auditorId,
    locationId,
    code,
    key: codeKey(code),
    assetId,
    verdict,
    move: null,
    condition: null,
    holderConfirmed: null,
    photoSha256: null,
    note: '',
    scannedAt: when,
    late: false,
    rev: 0,
    ...over,
  });
  const snapshot = (a: Audit) => snapshotOf(a, assets).map((r): AuditExpected => ({ id: expectedRowId(a.id, r.assetId), auditId: a.id, ...r, siteId: a.siteId, rev: 0 }));

  // AUD-0001: closed, everything found, one unknown tag dismissed.
  const closed = audit(1, { name: `${labRoom.name}, yearly`, siteId: lab.id, state: 'closed', locationIds: [labRoom.id], auditorIds: [tech3.id], dueOn: new Date(nowMs - 20 * DAY).toISOString().slice(0, 10), createdAt: at(35), startedAt: at(21, 9), startedById: tech3.id, closedAt: at(21, 12), closedById: tech3.id, signature: SIGNATURE, signedName: tech3.displayName });
  const closedRows = snapshot(closed);
  const closedScans = closedRows.map((r, i) => scanOf(closed, tech3.id, labRoom.id, r.tag, r.assetId, 'found', new Date(Date.parse(at(21, 9)) + (i + 1) * 60_000).toISOString(), { condition: 'good' }));
  closedScans.push(scanOf(closed, tech3.id, labRoom.id, 'OLD-LAB-17', null, 'unknown', at(21, 11), { note: 'Label from the previous asset register' }));
  const index = new AuditIndex(closedRows);
  const merged = mergeScans(index, closedScans);
  const plan = planClose(index, merged, { stillSearching: new Set(), reviews: new Map(), unknown: new Map([['OLD-LAB-17', { kind: 'dismiss', reason: 'A label of the old register; the device carries its FieldDesk tag too.' }]]) });
  if (!plan.ok) throw new Error(plan.reasons.join(' '));
  closed.expectedCount = closedRows.length;
  closed.summary = auditSummaryOf(merged, plan.plan, { missing: 0, moved: 0, registered: 0 });

  // AUD-0002: in progress, two auditors, some scanned.
  const running = audit(2, { name: `${hqRoom.name}, quarterly`, siteId: hq.id, state: 'in_progress', locationIds: [hqRoom.id, hqNext.id], auditorIds: [tech1.id, tech4.id], dueOn: new Date(nowMs + 5 * DAY).toISOString().slice(0, 10), createdAt: at(7), startedAt: at(1, 9), startedById: tech1.id });
  const runningRows = snapshot(running);
  running.expectedCount = runningRows.length;
  const inRoom = runningRows.filter((r) => r.locationId === hqRoom.id);
  const inNext = runningRows.filter((r) => r.locationId === hqNext.id);
  const t = (minutes: number) => new Date(Date.parse(at(1, 9)) + minutes * 60_000).toISOString();
  const runningScans: AuditScan[] = [];
  inRoom.slice(0, Math.max(1, Math.ceil(inRoom.length / 2))).forEach((r, i) => runningScans.push(scanOf(running, i % 2 === 0 ? tech1.id : tech4.id, hqRoom.id, r.tag, r.assetId, 'found', t(i + 1))));
  if (inRoom[0]) runningScans.push(scanOf(running, tech4.id, hqRoom.id, inRoom[0].tag, inRoom[0].assetId, 'duplicate', t(40)));
  if (inNext[0]) runningScans.push(scanOf(running, tech1.id, hqRoom.id, inNext[0].serial ?? inNext[0].tag, inNext[0].assetId, 'found_elsewhere', t(45), { move: 'move', note: 'On the windowsill' }));
  runningScans.push(scanOf(running, tech4.id, hqRoom.id, 'HQ-OLD-0042', null, 'unknown', t(50), { condition: 'worn', note: 'Monitor with a handwritten label' }));

  // AUD-0003: planned, the whole of HQ.
  const planned = audit(3, { name: 'HQ, all assets', siteId: hq.id, state: 'planned', auditorIds: [tech1.id, tech4.id], dueOn: new Date(nowMs + 14 * DAY).toISOString().slice(0, 10), createdAt: at(2), updatedAt: at(2), notes: 'Start with the second floor.' });

  // Written in the order of their history: plans, snapshots, scans, then the close.
  const audits = [closed, running, planned];
  for (const a of audits) a.rev = await tx.nextRev();
  const expected = [...closedRows, ...runningRows];
  for (const r of expected) r.rev = await tx.nextRev();
  const scans = [...closedScans, ...runningScans];
  for (const s of scans) s.rev = await tx.nextRev();
  const events: AuditEvent[] = [
    { id: rng.uuid(), auditId: closed.id, action: 'start', actorId: tech3.id, at: closed.startedAt!, details: { expectedCount: closedRows.length }, rev: await tx.nextRev() },
    {
      id: rng.uuid(), auditId: closed.id, action: 'close', actorId: tech3.id, at: closed.closedAt!,
      details: { summary: closed.summary, stillSearching: [], moves: [], registered: [], dismissed: plan.plan.dismissed, skipped: [], signedName: tech3.displayName, notes: 'All in place.' },
      rev: await tx.nextRev(),
    },
    { id: rng.uuid(), auditId: running.id, action: 'start', actorId: tech1.id, at: running.startedAt!, details: { expectedCount: runningRows.length }, rev: await tx.nextRev() },
  ];

  await bulkInsert(tx.db, kind, { table: 'audits', columns: [...Object.keys(rowFromRecord(entities.audit, closed)), 'field_revs'] as never, rows: audits.map((a) => ({ ...rowFromRecord(entities.audit, a), field_revs: fieldRevsAt(a, a.rev) })) as never });
  const write = async (table: 'audit_expected' | 'audit_scans' | 'audit_events', entity: 'audit_expected' | 'audit_scan' | 'audit_event', records: readonly object[]) => {
    if (records.length === 0) return;
    const out = records.map((r) => rowFromRecord(entities[entity], r as Record<string, unknown>));
    await bulkInsert(tx.db, kind, { table, columns: Object.keys(out[0]!) as never, rows: out as never });
  };
  await write('audit_expected', 'audit_expected', expected);
  await write('audit_scans', 'audit_scan', scans);
  await write('audit_events', 'audit_event', events);
  await tx.db.insertInto('ticket_counters').values({ kind: 'audit', last_number: audits.length }).onConflict((oc) => oc.column('kind').doUpdateSet({ last_number: audits.length })).execute();

  // The closed audit enters its assets' history, and sets their last audit date.
  const day = closed.closedAt!.slice(0, 10);
  const history: AssetEvent[] = [];
  for (const assetId of plan.plan.audited) {
    const rev = await tx.nextRev();
    const asset = await tx.db.updateTable('assets').set({ last_audited_on: day, rev }).where('id', '=', assetId).returning(['state', 'substate', 'location_id']).executeTakeFirstOrThrow();
    history.push({
      id: rng.uuid(), assetId, kind: 'audited', actorId: tech3.id, at: closed.closedAt!,
      fromState: asset.state as AssetState, fromSubstate: asset.substate, toState: asset.state as AssetState, toSubstate: asset.substate, fromLocationId: asset.location_id, toLocationId: asset.location_id,
      target: null, checkoutId: null, reason: auditedReason(closed.number, merged.assets.get(assetId)!.verdict), rev: await tx.nextRev(),
    });
  }
  if (history.length > 0) {
    const out = history.map((e) => rowFromRecord(entities.asset_event, e));
    await bulkInsert(tx.db, kind, { table: 'asset_events', columns: Object.keys(out[0]!) as never, rows: out as never });
  }
  return { audits: audits.length, expected: expected.length, scans: scans.length };
}
