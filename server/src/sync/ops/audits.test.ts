/**
 * Audits through push, on SQLite and PostgreSQL: a plan (numbered AUD-, its scope fixed once it
 * starts), the snapshot fixed at start by the app's own function, two auditors' scans merged at
 * close, the close applying missing, moves, registrations, last audit dates and history in one
 * go (or refusing in the app's words), late scans recorded and counted, cancelling, and who may
 * do what, and see what.
 */
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { API, attachmentPath, recordsPath, uploadPath, type RecordsPage } from '@fielddesk/common/api/http';
import type { Asset } from '@fielddesk/common/domain/entities';
import { expectedOf, expectedRowId } from '@fielddesk/common/audits/expected';
import type { Audit, AuditAction, AuditCreateData, AuditEvent, AuditScan, AuditScanCreateData } from '@fielddesk/common/audits/records';
import type { AssetModel } from '@fielddesk/common/entities/asset-model';
import type { Op } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { assetFromRow } from '../../db/records';
import { bearer, push } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type Users = 'tech1' | 'tech4' | 'tech2' | 'desk1' | 'admin';

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describeStores('sync: audits', (h) => {
  let s: FieldDeskServer;
  let world: PushWorld<Users>;
  let hq: [string, string, string];
  let dcLocation: string;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start();
    world = await pushWorld(s, ['tech1', 'tech4', 'tech2', 'desk1', 'admin']);
    const at = async (siteId: string, n: number) => (await s.db.selectFrom('locations').select('id').where('site_id', '=', siteId).orderBy('id').limit(n).execute()).map((r) => r.id);
    hq = (await at(world.ids.hq, 3)) as [string, string, string];
    [dcLocation] = (await at(world.ids.dc, 1)) as [string];
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const plan = (data: Partial<AuditCreateData> = {}, id = randomUUID()): Op => ({ ...base(id), entity: 'audit', kind: 'create', data: { name: 'Q4 audit', siteId: world.ids.hq, locationIds: [], kinds: [], categories: [], auditorIds: [], dueOn: null, notes: '', ...data } });
  const act = (action: AuditAction, id = randomUUID()): Op => ({ ...base(id), entity: 'audit_event', kind: 'create', data: action });
  const scan = (data: Partial<AuditScanCreateData> & { auditId: string; code: string }, id = randomUUID()): Op => ({
    ...base(id), entity: 'audit_scan', kind: 'create',
    data: { locationId: hq[0], assetId: null, verdict: 'found', move: null, condition: null, holderConfirmed: null, photoSha256: null, note: '', ...data },
  });
  const close = (auditId: string, extra: Partial<Extract<AuditAction, { action: 'close' }>> = {}): AuditAction => ({ action: 'close', auditId, stillSearching: [], reviews: {}, unknown: {}, signature: SIGNATURE, signedName: 'Alex Morgan', notes: '', ...extra });
  const audit = async (id: string) => (await s.db.selectFrom('audits').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const asset = async (id: string) => assetFromRow(await s.db.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const history = async (assetId: string) => (await s.db.selectFrom('asset_events').select(['kind', 'to_state', 'reason']).where('asset_id', '=', assetId).orderBy('rev').execute()).map((e) => [e.kind, e.to_state, e.reason]);

  /** A model of a category of the test's own, and assets of it: the audits scope by that category, so the seed's assets stay out. */
  async function fleet(category: string, places: (string | null)[], states: Asset['state'][] = []): Promise<Asset[]> {
    const model = await world.applied<AssetModel>('desk1', {
      ...base(randomUUID()), entity: 'asset_model', kind: 'create',
      data: { name: `${category} model`, manufacturer: 'Dell', category, kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: {} },
    });
    const assets: Asset[] = [];
    for (const [i, locationId] of places.entries()) {
      const a = await world.applied<Asset>('tech1', {
        ...base(randomUUID()), entity: 'asset', kind: 'create',
        data: { tag: `${category}-${i + 1}`, tagPattern: null, name: `${category} ${i + 1}`, kind: 'hardware', modelId: model.id, type: 'laptop', serial: `SN-${category}-${i + 1}`, siteId: world.ids.hq, locationId, state: 'in_stock', substate: 'available', vendorId: null, purchasedOn: null, costCents: null, warrantyEndsOn: null, notes: '' },
      });
      const state = states[i];
      if (state && state !== 'in_stock') {
        await world.applied('tech1', { ...base(randomUUID()), entity: 'asset_event', kind: 'create', data: { action: 'state', assetId: a.id, to: state, substate: null, reason: 'set up by the test' } });
      }
      assets.push(await asset(a.id));
    }
    return assets;
  }

  describe('planning', () => {
    it('numbers a plan AUD-, checks its locations and auditors against its site, and fixes its scope once started', async () => {
      const a = await world.applied<Audit>('tech1', plan({ locationIds: [hq[0]], auditorIds: [world.ids.tech1, world.ids.tech4], dueOn: '2026-12-31' }));
      expect(a).toMatchObject({ state: 'planned', expectedCount: null, summary: null, signature: null, createdById: world.ids.tech1 });
      expect(a.number).toMatch(/^AUD-\d{4}$/);
      expect(await world.refused('tech1', plan({ siteId: world.ids.dc }))).toBe('Technicians run audits at their own site only.');
      expect(await world.refused('desk1', plan({ locationIds: [dcLocation] }))).toBe('A location of the audit is at another site: an audit covers one site.');
      expect(await world.refused('desk1', plan({ auditorIds: [world.ids.tech2] }))).toBe('Priya Raman works at another site and would not see this audit.');
      const patch = (fields: Record<string, unknown>, baseRev: number): Op => ({ ...base(a.id), entity: 'audit', kind: 'patch', baseRev, fields } as Op);
      const renamed = await world.applied<Audit>('tech4', patch({ name: 'Q4 audit, ground floor', locationIds: [hq[0], hq[1]] }, a.rev));
      expect(renamed.locationIds).toEqual([hq[0], hq[1]]);
      expect(await world.refused('tech2', patch({ name: 'x' }, renamed.rev))).toBe('Audit not found or not visible to you.');
      await world.applied('tech1', act({ action: 'start', auditId: a.id }));
      const started = (await audit(a.id)).rev;
      expect(await world.refused('tech1', patch({ kinds: ['hardware'] }, started))).toBe(`${a.number} has started: its scope (locations, kinds, categories) was fixed when it started and can no longer be changed.`);
      expect((await world.applied<Audit>('tech1', patch({ notes: 'Bring the ladder' }, started))).notes).toBe('Bring the ladder');
      expect(await world.refused('tech1', act({ action: 'start', auditId: a.id }))).toBe(`${a.number} has already started.`);
    });
  });

  describe('starting', () => {
    it('fixes the snapshot with the app’s expectedOf: the scope’s category at the site, not ordered, retired or disposed', async () => {
      const assets = await fleet('AuditSnap', [hq[0], hq[1], null, hq[2]], ['in_stock', 'in_maintenance', 'in_stock', 'retired']);
      const a = await world.applied<Audit>('desk1', plan({ categories: ['auditsnap'] }));
      const event = await world.applied<AuditEvent>('tech4', act({ action: 'start', auditId: a.id }));
      expect(event).toMatchObject({ action: 'start', actorId: world.ids.tech4, details: { expectedCount: 3 } });
      const rows = await s.db.selectFrom('audit_expected').selectAll().where('audit_id', '=', a.id).orderBy('tag').execute();
      expect(rows.map((r) => [r.tag, r.state, r.location_id, r.site_id])).toEqual([
        ['AuditSnap-1', 'in_stock', hq[0], world.ids.hq],
        ['AuditSnap-2', 'in_maintenance', hq[1], world.ids.hq],
        ['AuditSnap-3', 'in_stock', null, world.ids.hq],
      ]);
      // The same rows the app's own function gives, with the ids the device gives its provisional copy.
      const scope = { siteId: world.ids.hq, locationIds: [], kinds: [], categories: ['auditsnap'] };
      expect(assets.filter((x) => expectedOf(scope, { ...x, category: 'AuditSnap' })).map((x) => expectedRowId(a.id, x.id)).sort()).toEqual(rows.map((r) => r.id).sort());
      expect(await audit(a.id)).toMatchObject({ state: 'in_progress', expected_count: 3, started_by_id: world.ids.tech4 });
      // A scope change on the server after the start does not change the snapshot.
      await world.applied('tech1', { ...base(randomUUID()), entity: 'asset_event', kind: 'create', data: { action: 'move', assetId: assets[0]!.id, locationId: hq[2], reason: '' } });
      expect((await s.db.selectFrom('audit_expected').select('location_id').where('id', '=', expectedRowId(a.id, assets[0]!.id)).executeTakeFirstOrThrow()).location_id).toBe(hq[0]);
    });
  });

  describe('scanning and closing', () => {
    it('merges two auditors’ scans and closes: missing, moved, registered, audited, with the summary and the signature', async () => {
      const [found, elsewhere, gone, searching] = await fleet('AuditRun', [hq[0], hq[1], hq[0], hq[0]]);
      const a = await world.applied<Audit>('tech1', plan({ name: 'Run', categories: ['AuditRun'], auditorIds: [world.ids.tech1, world.ids.tech4] }));
      expect(await world.refused('tech1', scan({ auditId: a.id, code: 'AuditRun-1' }))).toBe(`${a.number} has not started: start it before scanning.`);
      await world.applied('tech1', act({ action: 'start', auditId: a.id }));

      const first = await world.applied<AuditScan>('tech1', scan({ auditId: a.id, code: ' auditrun-1 ', assetId: found!.id }));
      expect(first).toMatchObject({ auditorId: world.ids.tech1, siteId: world.ids.hq, code: 'auditrun-1', key: 'AUDITRUN-1', late: false });
      // The second auditor scans the same asset (counted once) and finds another in the wrong room, and moves it.
      await world.applied('tech4', scan({ auditId: a.id, code: 'AuditRun-1', assetId: found!.id, verdict: 'duplicate' }));
      await world.applied('tech4', scan({ auditId: a.id, code: 'SN-AuditRun-2', assetId: elsewhere!.id, verdict: 'found_elsewhere', move: 'move', locationId: hq[2] }));
      await world.applied('tech4', scan({ auditId: a.id, code: 'NEW-77', verdict: 'unknown', locationId: hq[1], condition: 'worn', note: 'on the shelf' }));
      expect(await world.refused('tech4', scan({ auditId: a.id, code: 'X', locationId: dcLocation }))).toBe('The location label is of another site: scan a location of the audit’s site.');
      expect(await world.refused('tech2', scan({ auditId: a.id, code: 'X' }))).toBe('Technicians run audits at their own site only.');
      expect(await world.refused('tech1', scan({ auditId: randomUUID(), code: 'X' }))).toBe('Audit not found or not visible to you.');

      // Undecided unknown tag: refused with the plan's own words.
      expect(await world.refused('tech1', act(close(a.id)))).toBe('1 unknown tag needs a decision (register it or dismiss it with a reason): NEW-77.');
      // A tag already taken cannot be registered under it.
      await world.applied('tech1', scan({ auditId: a.id, code: 'AuditSnap-3', verdict: 'unknown' }));
      expect(await world.refused('tech1', act(close(a.id, { unknown: { 'NEW-77': { kind: 'register' }, 'AUDITSNAP-3': { kind: 'register' } } })))).toMatch(/^The unknown tag AuditSnap-3 cannot be registered: the asset tag AuditSnap-3 is already used by another asset/);

      const event = await world.applied<AuditEvent>('tech1', act(close(a.id, { stillSearching: [searching!.id], unknown: { 'NEW-77': { kind: 'register' }, 'AUDITSNAP-3': { kind: 'dismiss', reason: 'already registered elsewhere' } } })));
      const closed = await audit(a.id);
      expect(closed).toMatchObject({ state: 'closed', closed_by_id: world.ids.tech1, signature: SIGNATURE, signed_name: 'Alex Morgan' });
      expect(JSON.parse(closed.summary!)).toEqual({ expected: 4, found: 1, foundElsewhere: 1, notFound: 2, outside: 0, retiredFound: 0, unknown: 2, repeats: 1, scans: 5, missing: 1, stillSearching: 1, moved: 1, registered: 1, dismissed: 1, lateScans: 0 });
      expect(event.details).toMatchObject({ stillSearching: [searching!.id], moves: [{ assetId: elsewhere!.id, from: hq[1], to: hq[2] }], dismissed: [{ code: 'AuditSnap-3', reason: 'already registered elsewhere' }], skipped: [] });

      const today = event.at.slice(0, 10);
      expect(await asset(gone!.id)).toMatchObject({ state: 'missing', lastAuditedOn: null });
      expect((await history(gone!.id)).at(-1)).toEqual(['state', 'missing', `Not found in audit ${a.number}`]);
      expect(await asset(searching!.id)).toMatchObject({ state: 'in_stock', lastAuditedOn: null });
      expect(await asset(elsewhere!.id)).toMatchObject({ locationId: hq[2], lastAuditedOn: today });
      expect((await history(elsewhere!.id)).slice(-2)).toEqual([
        ['move', 'in_stock', `Found here in audit ${a.number}`],
        ['audited', 'in_stock', `Audited in ${a.number}: found elsewhere.`],
      ]);
      expect(await asset(found!.id)).toMatchObject({ lastAuditedOn: today });
      const registered = await s.db.selectFrom('assets').selectAll().where('tag', '=', 'NEW-77').executeTakeFirstOrThrow();
      expect(assetFromRow(registered)).toMatchObject({ state: 'in_stock', siteId: world.ids.hq, locationId: hq[1], name: 'Unknown tag NEW-77', lastAuditedOn: today });

      // A scan that arrives after the close (its auditor was offline) is recorded late and counted for the closer.
      const late = await world.applied<AuditScan>('tech4', scan({ auditId: a.id, code: 'AuditRun-4', assetId: searching!.id }));
      expect(late.late).toBe(true);
      expect(JSON.parse((await audit(a.id)).summary!).lateScans).toBe(1);
      expect(await world.refused('tech1', act(close(a.id)))).toBe(`${a.number} is already closed.`);
      expect(await world.refused('tech1', act({ action: 'cancel', auditId: a.id, reason: 'oops' }))).toBe(`${a.number} is closed: a closed audit cannot be cancelled.`);
    });

    it('pushes an offline auditor’s start, scans and close in one batch', async () => {
      const [one, two] = await fleet('AuditBatch', [hq[0], hq[0]]);
      const a = await world.applied<Audit>('tech1', plan({ categories: ['AuditBatch'] }));
      const ops = [
        act({ action: 'start', auditId: a.id }),
        scan({ auditId: a.id, code: 'AuditBatch-1', assetId: one!.id }),
        scan({ auditId: a.id, code: 'AuditBatch-2', assetId: two!.id }),
        act(close(a.id)),
      ];
      const { body } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, ops);
      expect(body!.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
      expect(JSON.parse((await audit(a.id)).summary!)).toMatchObject({ expected: 2, found: 2, notFound: 0, missing: 0 });
    });

    it('asks for a decision on an asset the auditors moved differently, and leaves it as decided', async () => {
      const [misplaced] = await fleet('AuditReview', [hq[0]]);
      const a = await world.applied<Audit>('tech1', plan({ categories: ['AuditReview'] }));
      await world.applied('tech1', act({ action: 'start', auditId: a.id }));
      await world.applied('tech1', scan({ auditId: a.id, code: 'AuditReview-1', assetId: misplaced!.id, verdict: 'found_elsewhere', move: 'move', locationId: hq[1] }));
      await world.applied('tech4', scan({ auditId: a.id, code: 'AuditReview-1', assetId: misplaced!.id, verdict: 'found_elsewhere', move: 'leave', locationId: hq[1] }));
      expect(await world.refused('tech1', act(close(a.id)))).toBe('1 asset waits for a decision on where it is (move it or leave it): AuditReview-1.');
      expect(await world.refused('tech1', act(close(a.id, { reviews: { [misplaced!.id]: { kind: 'move', locationId: dcLocation } } })))).toBe('A move goes to a location of another site: an audit moves assets within its site.');
      await world.applied('tech1', act(close(a.id, { reviews: { [misplaced!.id]: { kind: 'leave' } } })));
      expect(await asset(misplaced!.id)).toMatchObject({ locationId: hq[0] });
    });
  });

  describe('details of a scan', () => {
    it('lets its auditor add a note, the condition and the holder’s answer while the audit runs; nobody else, and nothing after the close', async () => {
      const [laptop] = await fleet('AuditDetails', [hq[0]]);
      const a = await world.applied<Audit>('tech1', plan({ categories: ['AuditDetails'], auditorIds: [world.ids.tech1, world.ids.tech4] }));
      await world.applied('tech1', act({ action: 'start', auditId: a.id }));
      const found = await world.applied<AuditScan>('tech1', scan({ auditId: a.id, code: 'AuditDetails-1', assetId: laptop!.id }));
      const unknown = await world.applied<AuditScan>('tech1', scan({ auditId: a.id, code: 'NEW-DETAILS', verdict: 'unknown' }));
      const details = (id: string, baseRev: number, fields: Record<string, unknown>): Op => ({ ...base(id), entity: 'audit_scan', kind: 'patch', baseRev, fields });

      const noted = await world.applied<AuditScan>('tech1', details(unknown.id, unknown.rev, { note: 'Grey monitor under the desk' }));
      expect(noted).toMatchObject({ note: 'Grey monitor under the desk', code: 'NEW-DETAILS', verdict: 'unknown' });
      const checked = await world.applied<AuditScan>('tech1', details(found.id, found.rev, { holderConfirmed: true, condition: 'worn' }));
      expect(checked).toMatchObject({ holderConfirmed: true, condition: 'worn', assetId: laptop!.id });
      // What the scan says is not a detail: the push is refused as malformed, naming the field.
      const { res } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [details(found.id, checked.rev, { verdict: 'unknown' })]);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('verdict');
      expect(await world.refused('tech4', details(found.id, checked.rev, { note: 'mine?' }))).toBe('Only the auditor who made a scan may add to it.');
      expect(await world.refused('tech2', details(found.id, checked.rev, { note: 'other site' }))).toBe('Scan not found or not visible to you.');

      // The close sees the unknown tag's note; after it, the scan stays as it was.
      await world.applied('tech1', act(close(a.id, { unknown: { 'NEW-DETAILS': { kind: 'dismiss', reason: 'landlord’s' } } })));
      expect(await world.refused('tech1', details(unknown.id, noted.rev, { note: 'later' }))).toBe(`${a.number} is closed: its scans can no longer be changed.`);
      const row = await s.db.selectFrom('audit_scans').select(['note', 'holder_confirmed', 'condition']).where('id', 'in', [found.id, unknown.id]).orderBy('code').execute();
      expect(row).toEqual([
        { note: '', holder_confirmed: 'true', condition: 'worn' },
        { note: 'Grey monitor under the desk', holder_confirmed: null, condition: null },
      ]);
    });
  });

  describe('a scan’s photo', () => {
    // The smallest JPEG header a sniffer recognises, then bytes of the test's own.
    const jpeg = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const upload = async (user: Users, bytes: Buffer) => {
      const res = await s.app.inject({ method: 'PUT', url: `${uploadPath(sha(bytes))}?offset=0&size=${bytes.length}`, headers: { ...bearer(world.tokens[user]), 'content-type': 'application/octet-stream' }, payload: bytes });
      expect(res.statusCode, res.body).toBe(200);
    };
    const download = (user: Users, hash: string) => s.app.inject({ method: 'GET', url: attachmentPath(hash), headers: bearer(world.tokens[user]) });

    it('is served to whoever may see the scan once its auditor uploaded it, as the image it is; to nobody else, and not through a scan naming someone else’s file', async () => {
      const [laptop] = await fleet('AuditPhoto', [hq[0]]);
      const a = await world.applied<Audit>('tech1', plan({ categories: ['AuditPhoto'], auditorIds: [world.ids.tech1, world.ids.tech4] }));
      await world.applied('tech1', act({ action: 'start', auditId: a.id }));
      const photo = jpeg(`scan photo ${randomUUID()}`);
      const scanned = await world.applied<AuditScan>('tech1', scan({ auditId: a.id, code: 'AuditPhoto-1', assetId: laptop!.id }));
      const withPhoto = await world.applied<AuditScan>('tech1', { ...base(scanned.id), entity: 'audit_scan', kind: 'patch', baseRev: scanned.rev, fields: { photoSha256: sha(photo) } });
      expect(withPhoto.photoSha256).toBe(sha(photo));
      // Named before its bytes arrive: said so, nothing served.
      expect((await download('tech4', sha(photo))).json()).toMatchObject({ error: 'not_uploaded' });
      await upload('tech1', photo);
      for (const user of ['tech1', 'tech4', 'desk1'] as const) {
        const res = await download(user, sha(photo));
        expect(res.statusCode, user).toBe(200);
        expect(res.headers['content-type']).toBe('image/jpeg');
        expect(res.headers['content-disposition']).toContain('audit-scan-AuditPhoto-1.jpg');
        expect(res.rawPayload.equals(photo)).toBe(true);
      }
      // Another site's technician cannot see the scan: 404, as for a file that does not exist.
      expect((await download('tech2', sha(photo))).statusCode).toBe(404);
      // tech4 names tech1's file on a scan of their own without uploading it: it serves nothing through that scan.
      const theirs = await world.applied<AuditScan>('tech4', scan({ auditId: a.id, code: 'NEW-PHOTO', verdict: 'unknown', photoSha256: sha(jpeg('only tech1 has these')) }));
      await upload('tech1', jpeg('only tech1 has these'));
      expect((await download('tech4', theirs.photoSha256!)).json()).toMatchObject({ error: 'not_uploaded' });
    });
  });

  describe('cancelling and scope', () => {
    it('cancels with a reason; a scan for a cancelled audit is refused; technicians see their site’s audits and scans only', async () => {
      const a = await world.applied<Audit>('tech1', plan({ name: 'Cancelled one' }));
      await world.applied('tech1', act({ action: 'start', auditId: a.id }));
      const cancel = await world.applied<AuditEvent>('desk1', act({ action: 'cancel', auditId: a.id, reason: 'Building closed for works' }));
      expect(cancel.details).toEqual({ reason: 'Building closed for works', from: 'in_progress' });
      expect((await audit(a.id)).state).toBe('cancelled');
      expect(await world.refused('tech1', scan({ auditId: a.id, code: 'X' }))).toBe(`${a.number} was cancelled: the scan was not recorded.`);

      const read = async (user: Users, entity: string) => {
        const res = await s.app.inject({ method: 'GET', url: `${recordsPath(entity)}?limit=1000`, headers: bearer(world.tokens[user]) });
        expect(res.statusCode, res.body).toBe(200);
        return res.json<RecordsPage<{ id: string; siteId: string }>>().records;
      };
      const forTech1 = await read('tech1', 'audit');
      expect(forTech1.length).toBeGreaterThan(0);
      expect(forTech1.every((r) => r.siteId === world.ids.hq)).toBe(true);
      expect(await read('tech2', 'audit')).toEqual([]);
      expect(await read('tech2', 'audit_scan')).toEqual([]);
      expect((await read('tech1', 'audit_scan')).length).toBeGreaterThan(0);
      expect((await read('admin', 'audit_expected')).length).toBeGreaterThan(0);
      expect((await read('tech1', 'audit_event')).some((e) => e.id === cancel.id)).toBe(true);
    });
  });

  describe('a large audit', () => {
    it('starts with 3,000 expected assets written in bulk, and closes with them all missing but one', async () => {
      const model = await world.applied<AssetModel>('desk1', { ...base(randomUUID()), entity: 'asset_model', kind: 'create', data: { name: 'Bulk model', manufacturer: 'X', category: 'AuditBulk', kind: 'hardware', type: 'laptop', lifeMonths: 36, warrantyMonths: 36, fields: {} } });
      const ids = Array.from({ length: 3000 }, () => randomUUID());
      const rev = await s.store.write(async (tx) => tx.nextRev());
      for (let i = 0; i < ids.length; i += 200) {
        await s.db.insertInto('assets').values(ids.slice(i, i + 200).map((id, j) => ({
          id, tag: `BULK-${i + j}`, serial: null, name: 'Bulk', kind: 'hardware', model_id: model.id, model: null, manufacturer: null, type: 'laptop', state: 'in_stock', substate: 'available',
          site_id: world.ids.hq, location_id: hq[0], checked_out_to: null, assigned_to_id: null, uuid: null, inventoried_at: null, vendor_id: null, purchased_on: null, cost_cents: null, warranty_ends_on: null, order_line_id: null, last_audited_on: null, rev,
        }))).execute();
      }
      const a = await world.applied<Audit>('desk1', plan({ categories: ['AuditBulk'] }));
      await world.applied('desk1', act({ action: 'start', auditId: a.id }));
      expect((await audit(a.id)).expected_count).toBe(3000);
      const revs = await s.db.selectFrom('audit_expected').select('rev').where('audit_id', '=', a.id).execute();
      expect(new Set(revs.map((r) => r.rev)).size).toBe(3000);
      // A technician of the site pulls the whole snapshot, page by page (the cursor from just before the start).
      let cursor = `${Math.min(...revs.map((r) => Number(r.rev))) - 1}`;
      const pulled = new Set<string>();
      for (let page = 0; page < 20; page++) {
        const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=1000`, headers: bearer(world.tokens.tech1) });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json<{ changes: { entity: string; id: string; data?: { auditId?: string } }[]; cursor: string; hasMore: boolean }>();
        for (const c of body.changes) if (c.entity === 'audit_expected' && c.data?.auditId === a.id) pulled.add(c.id);
        cursor = body.cursor;
        if (!body.hasMore) break;
      }
      expect(pulled.size).toBe(3000);
      await world.applied('desk1', scan({ auditId: a.id, code: 'BULK-7', assetId: ids[7]! }));
      await world.applied('desk1', act(close(a.id)));
      const states = await s.db.selectFrom('assets').select(['state']).where('model_id', '=', model.id).execute();
      expect(states.filter((r) => r.state === 'missing').length).toBe(2999);
    });
  });
});
