/**
 * Runs in Debian's Chromium on the FieldDesk server's own origin (bundled by browser.ts with
 * esbuild, as the other seed pages are): the device side of bench:audit's browser metrics.
 *
 * - `seed`: signs in and syncs once (lib/replica-seed.ts), then writes into the replica, checked
 *   against the domain schemas, N assets at the user's site spread over its locations and an
 *   audit of that site in progress whose snapshot expects every one of them (N audit_expected
 *   rows with the server's ids, as a pull would bring them).
 * - `readSnapshot`: open_audit_ms's reference, a raw Dexie read of the audit's snapshot rows.
 * - `close`: close_audit_ms: every expected asset scanned (N scans written straight into the
 *   replica, as they would arrive from the auditors), then the repository's close — the same
 *   call the close screen makes: the rules, the merge of the scans and the close plan over the
 *   N assets (common/audits/), and the close written — timed; its reference, a raw Dexie bulkPut
 *   of N rows of the same size into a table of their own.
 */
import Dexie, { type Table } from 'dexie';
import { newAsset } from '@fielddesk/common/assets/new-asset';
import { expectedRowId } from '@fielddesk/common/audits/expected';
import { AuditExpectedSchema, AuditSchema, AuditScanSchema, type Audit, type AuditExpected, type AuditScan } from '@fielddesk/common/audits/records';
import { codeKey } from '@fielddesk/common/audits/codes';
import { AssetSchema, type Asset } from '@fielddesk/common/domain/entities';
import { auditTables, createAuditRepository } from '../../renderer/src/data/repositories/audits';
import { openWorkspaceDb } from '../../renderer/src/data/db';
import { freshSyncedReplica, validate } from '../lib/replica-seed';

const CHUNK = 10_000;
const REV_BASE = 800_000_000;
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAAASUVORK5CYII=';

function uuid(): string {
  return crypto.randomUUID();
}

async function putAll<T>(table: Table<T, string>, records: readonly T[]): Promise<void> {
  for (let i = 0; i < records.length; i += CHUNK) await table.bulkPut(records.slice(i, i + CHUNK));
}

async function seed(username: string, password: string, count: number, nowMs: number) {
  const { db, userId, syncMs } = await freshSyncedReplica(username, password);
  const me = await db.persons.get(userId);
  if (!me?.siteId) throw new Error(`${username} has no site: audits are run at one.`);
  const locations = (await db.locations.where('siteId').equals(me.siteId).toArray()).sort((a, b) => a.name.localeCompare(b.name));
  if (locations.length === 0) throw new Error('The user’s site has no locations.');
  const at = new Date(nowMs).toISOString();
  const assets: Asset[] = Array.from({ length: count }, (_, i) =>
    newAsset({
      id: uuid(),
      tag: `BAU-${String(i).padStart(6, '0')}`,
      serial: `SN-BAU-${String(i).padStart(6, '0')}`,
      name: `Bench audit laptop ${i}`,
      model: 'Latitude 5440',
      manufacturer: 'Dell Inc.',
      type: 'laptop',
      state: 'in_use',
      substate: null,
      siteId: me.siteId,
      locationId: locations[i % locations.length]!.id,
      lastAuditedOn: null,
      rev: REV_BASE + i,
    }),
  );
  const auditId = uuid();
  const audit: Audit = {
    id: auditId,
    number: 'AUD-9999',
    name: `Bench audit of ${count} assets`,
    siteId: me.siteId,
    locationIds: [],
    kinds: [],
    categories: [],
    auditorIds: [userId],
    dueOn: null,
    state: 'in_progress',
    startedAt: at,
    startedById: userId,
    closedAt: null,
    closedById: null,
    expectedCount: count,
    summary: null,
    signature: null,
    signedName: null,
    notes: '',
    createdById: userId,
    createdAt: at,
    updatedAt: at,
    rev: REV_BASE + count + 1,
  };
  const expected: AuditExpected[] = assets.map((a, i) => ({ id: expectedRowId(auditId, a.id), auditId, assetId: a.id, tag: a.tag, serial: a.serial, state: a.state, locationId: a.locationId, siteId: me.siteId!, rev: REV_BASE + count + 2 + i }));
  validate(AssetSchema, assets, 'asset');
  validate(AuditSchema, [audit], 'audit');
  validate(AuditExpectedSchema, expected, 'audit snapshot row');
  const started = performance.now();
  const t = auditTables(db);
  await putAll(db.assets, assets);
  await putAll(t.expected, expected);
  await t.audits.put(audit);
  const writeMs = performance.now() - started;
  db.close();
  const perLocation = new Map<string, string[]>();
  for (const a of assets) perLocation.set(a.locationId!, [...(perLocation.get(a.locationId!) ?? []), a.tag]);
  const [locationId, tags] = [...perLocation.entries()][0]!;
  return { userId, auditId, siteId: me.siteId, locationId, tags: tags.slice(0, 400), syncMs, writeMs, assets: count };
}

async function readSnapshot(userId: string, auditId: string): Promise<{ ms: number; rows: number }> {
  const db = openWorkspaceDb(window.location.origin, userId);
  await db.open();
  try {
    const started = performance.now();
    const rows = await auditTables(db).expected.where('auditId').equals(auditId).toArray();
    return { ms: performance.now() - started, rows: rows.length };
  } finally {
    db.close();
  }
}

async function close(username: string, userId: string, siteId: string, auditId: string, nowMs: number) {
  const db = openWorkspaceDb(window.location.origin, userId);
  await db.open();
  try {
    const t = auditTables(db);
    const expected = await t.expected.where('auditId').equals(auditId).toArray();
    const scans: AuditScan[] = expected.map((r, i) => ({
      id: uuid(),
      auditId,
      siteId,
      auditorId: userId,
      locationId: r.locationId!,
      code: r.tag,
      key: codeKey(r.tag),
      assetId: r.assetId,
      verdict: 'found',
      move: null,
      condition: null,
      holderConfirmed: null,
      photoSha256: null,
      note: '',
      scannedAt: new Date(nowMs + i).toISOString(),
      late: false,
      rev: REV_BASE + 2 * expected.length + 10 + i,
    }));
    validate(AuditScanSchema, scans.slice(0, 100), 'audit scan');
    await putAll(t.scans, scans);

    const repo = createAuditRepository({ db, userId, user: { role: 'technician', siteId } });
    const started = performance.now();
    const closed = await repo.closeAudit(auditId, { stillSearching: [], reviews: {}, unknown: {}, signature: SIGNATURE, signedName: username, notes: '' });
    const closeMs = performance.now() - started;
    if (!closed.ok) throw new Error(`The close was refused: ${closed.reason}`);

    // The reference: N rows of the same shape written by Dexie alone, into a database of their own.
    const scratch = new Dexie(`fielddesk-bench-audit-reference-${uuid()}`);
    scratch.version(1).stores({ rows: 'id, auditId' });
    await scratch.open();
    const rows = scans.map((s) => ({ ...s, id: uuid() }));
    const refStarted = performance.now();
    await scratch.table('rows').bulkPut(rows);
    const referenceMs = performance.now() - refStarted;
    scratch.close();
    await Dexie.delete(scratch.name);
    return { closeMs, referenceMs, scans: scans.length, state: (await t.audits.get(auditId))?.state };
  } finally {
    db.close();
  }
}

declare global {
  interface Window {
    fielddeskAuditSeed: { seed: typeof seed; readSnapshot: typeof readSnapshot; close: typeof close };
  }
}
window.fielddeskAuditSeed = { seed, readSnapshot, close };
