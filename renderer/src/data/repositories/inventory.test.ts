/**
 * "This device" data: scans and their history, matching by each of GLPI's rules, registering
 * offline (asset + CI + recorded inventory + op in ONE transaction), re-registering, and what
 * the sync engine does with the answers (a server that recorded the device under another asset,
 * a refusal, a pull while the op waits).
 */
import { describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Asset, AssetInventory, ConfigurationItem, Site } from '@fielddesk/common/domain/entities';
import { ApiError, type LocalInventory, type PlatformEvent } from '@fielddesk/common/ipc/contract';
import type { AssetInventoryCreateOp } from '@fielddesk/common/sync/protocol';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { recordKey, type FieldDeskDb } from '../db';
import { applyPullPage, applyPushResults } from '../sync/reconcile';
import { createInventoryRepository, FULL_SCANS_KEPT, type InventoryRepositoryContext } from './inventory';
import { freshDb, makeAsset, requester, seed, site, tech } from '../../../test/fixtures';

const NOW = new Date('2026-11-21T10:30:00.000Z');
const otherSite: Site = { id: uuidv7(), code: 'WH', name: 'Warehouse', timeZone: 'Europe/London', address: '9 Dock Rd', rev: 5 };

interface Machine {
  name?: string;
  serial?: string;
  uuid?: string;
  macs?: string[];
  memory?: number;
  software?: [string, string][];
  disks?: { model: string; serial: string; size: number }[];
}

/** A GLPI inventory as main's worker makes it (only the sections summaries read). */
function inventory(m: Machine = {}, at = '2026-11-21T10:00:00.000Z'): LocalInventory {
  const { name = 'WS-042', serial = 'CZC1234XYZ', uuid = '4c4c4544-004b-3510-8052-b4c04f4b4e32', macs = ['00:1a:2b:3c:4d:5e'], memory = 16_384 } = m;
  const software = m.software ?? [
    ['curl', '8.5.0'],
    ['openssl', '3.0.15'],
  ];
  const disks = m.disks ?? [{ model: 'Samsung SSD 980', serial: 'S6B0NX0T', size: 476_940 }];
  return {
    document: {
      deviceid: `${name}-4c4c4544004b3510`,
      itemtype: 'Computer',
      action: 'inventory',
      content: {
        versionclient: 'FieldDesk-Inventory_v0.1.0',
        hardware: { name, uuid, memory, chassis_type: 'Notebook' },
        bios: { ssn: serial, smanufacturer: 'HP', smodel: 'EliteBook 840 G8' },
        networks: macs.map((mac, i) => ({ description: `eth${i}`, mac, ipaddress: `10.0.0.${i + 10}`, virtualdev: false })),
        storages: disks.map((d) => ({ name: 'nvme0n1', model: d.model, serial: d.serial, disksize: d.size })),
        softwares: software.map(([n, version]) => ({ name: n, version, publisher: 'Debian' })),
      },
    },
    notes: [{ probe: 'batteries', message: 'no battery found' }],
    scannedAt: at,
    durationMs: 812,
  };
}

function fakePlatform(answers: (LocalInventory | Error)[]) {
  const listeners = new Set<(e: PlatformEvent) => void>();
  const emit = (e: PlatformEvent) => listeners.forEach((l) => l(e));
  const scanInventory = vi.fn(async () => {
    emit({ type: 'inventory-progress', progress: { done: 1, total: 2, probe: 'hardware' } });
    emit({ type: 'inventory-progress', progress: { done: 2, total: 2, probe: 'softwares' } });
    const next = answers.shift();
    if (!next) throw new Error('no more scans prepared');
    if (next instanceof Error) throw next;
    return next;
  });
  return { scanInventory, emit, listeners, onEvent: (l: (e: PlatformEvent) => void) => (listeners.add(l), () => void listeners.delete(l)) };
}

const asset = (overrides: Partial<Asset> = {}): Asset =>
  makeAsset({ tag: 'AST-0100', serial: null, name: 'unrelated', model: 'OptiPlex 7090', manufacturer: 'Dell', rev: 10, ...overrides });

async function setup(opts: { scans?: (LocalInventory | Error)[]; assets?: Asset[]; cis?: ConfigurationItem[]; inventories?: AssetInventory[]; user?: InventoryRepositoryContext['user'] } = {}) {
  const db = freshDb('inventory');
  await seed(db, []);
  await db.sites.put(otherSite);
  await db.assets.bulkPut(opts.assets ?? []);
  await db.configurationItems.bulkPut(opts.cis ?? []);
  await db.assetInventories.bulkPut(opts.inventories ?? []);
  const platform = fakePlatform([...(opts.scans ?? [inventory()])]);
  const repo = createInventoryRepository({ db, userId: tech.id, platform, user: opts.user, now: () => NOW });
  return { db, repo, platform };
}

async function outboxOps(db: FieldDeskDb): Promise<AssetInventoryCreateOp[]> {
  return (await db.outbox.toArray()).map((e) => e.op as AssetInventoryCreateOp);
}

describe('inventory repository: scans', () => {
  it('scans, keeps the scan with its summary, follows progress, and lists the changes since the previous scan', async () => {
    const first = inventory({}, '2026-11-20T09:00:00.000Z');
    const second = inventory(
      { memory: 32_768, software: [['curl', '8.11.0'], ['git', '2.47.0'], ['openssl', '3.0.15']], disks: [{ model: 'WD Black SN850', serial: 'WD22', size: 953_869 }] },
      '2026-11-21T10:00:00.000Z',
    );
    const { repo, db } = await setup({ scans: [first, second] });

    const seen: unknown[] = [];
    const scan1 = await repo.scan((p) => seen.push(p));
    expect(seen).toEqual([
      { done: 1, total: 2, probe: 'hardware' },
      { done: 2, total: 2, probe: 'softwares' },
    ]);
    expect(scan1).toMatchObject({ deviceId: 'WS-042-4c4c4544004b3510', scannedAt: first.scannedAt, previousId: null, changes: [], durationMs: 812, trimmed: false });
    expect(scan1.summary).toEqual(summarizeGlpi(first.document));
    expect(scan1.document).toEqual(first.document);
    expect(scan1.notes).toEqual([{ probe: 'batteries', message: 'no battery found' }]);
    expect(repo.scanStatus.getState()).toMatchObject({ running: false, progress: null, error: null, lastScanId: scan1.id });

    const scan2 = await repo.scan();
    expect(scan2.previousId).toBe(scan1.id);
    expect(scan2.changes.map((c) => c.kind)).toEqual(['memory', 'disk_replaced', 'software_upgraded', 'software_added']);
    expect(scan2.changes[0]).toEqual({ kind: 'memory', beforeMb: 16_384, afterMb: 32_768 });
    expect(scan2.changes[2]).toMatchObject({ name: 'curl', before: '8.5.0', after: '8.11.0' });

    expect(await repo.latestScan()).toEqual(scan2);
    expect((await repo.history()).map((s) => s.id)).toEqual([scan2.id, scan1.id]);
    expect((await repo.history(1)).map((s) => s.id)).toEqual([scan2.id]);
    expect(await db.deviceScans.count()).toBe(2);
  });

  it(`keeps the document and software list on the latest ${FULL_SCANS_KEPT} scans only; older ones keep identity and changes`, async () => {
    const scans = Array.from({ length: FULL_SCANS_KEPT + 2 }, (_, i) => inventory({ software: [['curl', `8.${i}.0`]] }, `2026-11-${String(10 + i).padStart(2, '0')}T09:00:00.000Z`));
    const { repo } = await setup({ scans });
    for (let i = 0; i < FULL_SCANS_KEPT + 2; i++) await repo.scan();
    const history = await repo.history();
    expect(history).toHaveLength(FULL_SCANS_KEPT + 2);
    expect(history.slice(0, FULL_SCANS_KEPT).every((s) => !s.trimmed && s.document !== null && s.summary.software.length === 1)).toBe(true);
    for (const old of history.slice(FULL_SCANS_KEPT)) {
      expect(old).toMatchObject({ trimmed: true, document: null, softwareCount: 1, summary: { serial: 'CZC1234XYZ', software: [] } });
    }
    // The changes of an old scan survive the trimming.
    expect(history.at(-2)!.changes).toEqual([{ kind: 'software_upgraded', name: 'curl', publisher: 'Debian', before: '8.0.0', after: '8.1.0' }]);
  });

  it('runs one scan at a time: a second call while one runs gets the same scan', async () => {
    const { repo, platform, db } = await setup();
    const [a, b] = await Promise.all([repo.scan(), repo.scan()]);
    expect(a.id).toBe(b.id);
    expect(platform.scanInventory).toHaveBeenCalledTimes(1);
    expect(await db.deviceScans.count()).toBe(1);
  });

  it('keeps why a scan failed in the status (and throws it to the caller), storing nothing', async () => {
    const { repo, db, platform } = await setup({ scans: [new ApiError('unavailable', 'Scanning this device needs the FieldDesk desktop app: a browser cannot see the machine it runs on.')] });
    await expect(repo.scan()).rejects.toMatchObject({ code: 'unavailable' });
    expect(repo.scanStatus.getState()).toMatchObject({ running: false, errorCode: 'unavailable', error: expect.stringContaining('desktop app') });
    expect(await db.deviceScans.count()).toBe(0);
    expect(platform.listeners.size).toBe(0);
    expect(await repo.latestScan()).toBeNull();
  });
});

describe('inventory repository: matching', () => {
  const summary = summarizeGlpi(inventory().document);

  it('matches by serial and UUID first, with the CI and the changes against the recorded inventory', async () => {
    const a = asset({ serial: 'czc1234xyz', uuid: '4C4C4544-004B-3510-8052-B4C04F4B4E32', name: 'old-name' });
    const sameSerial = asset({ serial: 'CZC1234XYZ', tag: 'AST-0200' });
    const ci: ConfigurationItem = { id: uuidv7(), name: 'WS-042', ciType: 'computer', status: 'active', assetId: a.id, siteId: site.id, description: '', rev: 11 };
    const recordedSummary = summarizeGlpi(inventory({ memory: 8_192 }).document);
    const recorded: AssetInventory = { id: a.id, assetId: a.id, configurationItemId: ci.id, source: 'glpi_agent', deviceId: 'x', scannedAt: '2026-10-01T00:00:00.000Z', receivedAt: '2026-10-01T00:00:01.000Z', summary: recordedSummary, rev: 12 };
    const { repo } = await setup({ assets: [a, sameSerial], cis: [ci], inventories: [recorded] });
    const match = await repo.matchDevice(summary);
    expect(match).toMatchObject({ kind: 'matched', rule: 'serial+uuid', ruleLabel: 'serial number and UUID', asset: a, configurationItem: ci, recorded, note: null });
    if (match.kind !== 'matched') throw new Error('expected a match');
    expect(match.changes).toEqual([{ kind: 'memory', beforeMb: 8_192, afterMb: 16_384 }]);
  });

  it('matches by serial alone, then UUID, then MAC (any spelling), then name; says when there is nothing recorded', async () => {
    const bySerial = asset({ serial: 'CZC1234XYZ' });
    let { repo } = await setup({ assets: [bySerial, asset({ uuid: '4c4c4544-004b-3510-8052-b4c04f4b4e32', serial: 'OTHER-1' })] });
    expect(await repo.matchDevice(summary)).toMatchObject({ kind: 'matched', rule: 'serial', asset: { id: bySerial.id } });

    const byUuid = asset({ uuid: '4C4C4544-004B-3510-8052-B4C04F4B4E32' });
    ({ repo } = await setup({ assets: [byUuid] }));
    expect(await repo.matchDevice(summary)).toMatchObject({ kind: 'matched', rule: 'uuid', asset: { id: byUuid.id } });

    const byMac = asset({ macs: ['00-1A-2B-3C-4D-5E'], name: 'WS-042' });
    ({ repo } = await setup({ assets: [byMac, asset({ name: 'ws-042' })] }));
    const mac = await repo.matchDevice(summary);
    expect(mac).toMatchObject({ kind: 'matched', rule: 'mac', asset: { id: byMac.id }, recorded: null, changes: [] });
    if (mac.kind === 'matched') expect(mac.note).toBe('Asset AST-0100 has no recorded inventory yet, so there is nothing to compare with: registering records this scan as its inventory.');

    const byName = asset({ name: 'Ws-042' });
    ({ repo } = await setup({ assets: [byName, asset({ name: 'WS-043' })] }));
    expect(await repo.matchDevice(summary)).toMatchObject({ kind: 'matched', rule: 'name', asset: { id: byName.id }, configurationItem: null });
  });

  it('says "ambiguous" when the deciding rule finds several assets, and "new" when none', async () => {
    const one = asset({ serial: 'CZC1234XYZ', tag: 'AST-0001' });
    const two = asset({ serial: 'CZC1234XYZ', tag: 'AST-0002' });
    let { repo } = await setup({ assets: [one, two, asset({ name: 'WS-042' })] });
    const match = await repo.matchDevice(summary);
    expect(match).toMatchObject({ kind: 'ambiguous', rule: 'serial', ruleLabel: 'serial number' });
    if (match.kind === 'ambiguous') expect(match.assets.map((a) => a.tag).sort()).toEqual(['AST-0001', 'AST-0002']);

    ({ repo } = await setup({ assets: [asset({ serial: 'To Be Filled By O.E.M.', name: 'ws-999' })] }));
    expect(await repo.matchDevice(summary)).toEqual({ kind: 'new' });
  });
});

describe('inventory repository: registering this device', () => {
  const newAsset = { name: 'WS-042', tag: null, type: 'laptop', state: 'in_use' as const, substate: null, siteId: site.id, locationId: null };

  it('registers a new device offline: asset, CI, recorded inventory and ONE op, in one transaction', async () => {
    const { repo, db } = await setup();
    const scan = await repo.scan();
    const tx = vi.spyOn(db, 'transaction');
    const result = await repo.registerDevice({ scanId: scan.id, asset: newAsset });
    if (!result.ok) throw new Error(result.reason);
    expect(tx).toHaveBeenCalledTimes(1);

    const ops = await outboxOps(db);
    expect(ops).toHaveLength(1);
    const op = ops[0]!;
    expect(op).toMatchObject({ entity: 'asset_inventory', kind: 'create', id: result.id, clientTime: NOW.toISOString() });
    expect(op.data).toEqual({ configurationItemId: op.data.configurationItemId, asset: newAsset, deviceId: scan.deviceId, scannedAt: scan.scannedAt, summary: scan.summary });

    expect(await db.assets.get(result.id)).toEqual({
      id: result.id,
      tag: `AST-new-${result.id.replace(/-/g, '').slice(-6)}`,
      name: 'WS-042',
      type: 'laptop',
      state: 'in_use', substate: null,
      kind: 'hardware',
      modelId: null,
      siteId: site.id,
      locationId: null,
      checkedOutTo: null,
      assignedToId: null,
      vendorId: null,
      purchasedOn: null,
      costCents: null,
      warrantyEndsOn: null,
      orderLineId: null,
      notes: '',
      serial: 'CZC1234XYZ',
      uuid: '4c4c4544-004b-3510-8052-b4c04f4b4e32',
      macs: ['00:1a:2b:3c:4d:5e'],
      manufacturer: 'HP',
      model: 'EliteBook 840 G8',
      inventoriedAt: scan.scannedAt,
      rev: 0,
    });
    expect(await db.configurationItems.get(op.data.configurationItemId)).toEqual({
      id: op.data.configurationItemId,
      name: 'WS-042',
      ciType: 'computer',
      status: 'active',
      assetId: result.id,
      siteId: site.id,
      description: '',
      rev: 0,
    });
    expect(await db.assetInventories.get(result.id)).toMatchObject({ assetId: result.id, source: 'fielddesk', summary: scan.summary, rev: 0 });
    expect(await db.shadows.get(recordKey('asset_inventory', result.id))).toEqual({ key: recordKey('asset_inventory', result.id), record: null });
    // Now it matches itself.
    expect(await repo.matchDevice(scan.summary)).toMatchObject({ kind: 'matched', rule: 'serial+uuid', asset: { id: result.id }, changes: [] });
  });

  it('writes nothing when any part of the transaction fails', async () => {
    const { repo, db } = await setup();
    const scan = await repo.scan();
    db.configurationItems.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(repo.registerDevice({ scanId: scan.id, asset: newAsset })).rejects.toThrow(/disk full/);
    expect(await db.assets.count()).toBe(0);
    expect(await db.assetInventories.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
  });

  it('re-registering updates the same asset and CI with the newer scan', async () => {
    const { repo, db } = await setup({ scans: [inventory(), inventory({ memory: 32_768 }, '2026-11-21T11:00:00.000Z')] });
    const first = await repo.registerDevice({ scanId: (await repo.scan()).id, asset: newAsset });
    if (!first.ok) throw new Error(first.reason);
    const scan2 = await repo.scan();
    const match = await repo.matchDevice(scan2.summary);
    expect(match).toMatchObject({ kind: 'matched', changes: [{ kind: 'memory', beforeMb: 16_384, afterMb: 32_768 }] });

    const second = await repo.registerDevice({ scanId: scan2.id, asset: { ...newAsset, name: 'ignored for an existing asset' } });
    if (!second.ok) throw new Error(second.reason);
    expect(second.id).toBe(first.id);
    const ops = await outboxOps(db);
    expect(ops).toHaveLength(2);
    expect(ops[1]!.data.configurationItemId).toBe(ops[0]!.data.configurationItemId);
    expect(ops[1]!.data.asset).toEqual(newAsset);
    expect(await db.assets.count()).toBe(1);
    expect(await db.configurationItems.count()).toBe(1);
    expect((await db.assetInventories.get(first.id))?.summary.memoryMb).toBe(32_768);
    expect((await db.assets.get(first.id))?.inventoriedAt).toBe('2026-11-21T11:00:00.000Z');
  });

  it('updates a matched server asset: its own fields and CI stay, the identity comes from the scan', async () => {
    const a = asset({ name: 'WS-042', tag: 'AST-0042', serial: 'CZC1234XYZ', model: 'old model', rev: 40 });
    const ci: ConfigurationItem = { id: uuidv7(), name: 'Workstation 42', ciType: 'computer', status: 'active', assetId: a.id, siteId: site.id, description: 'desk 4', rev: 41 };
    const { repo, db } = await setup({ assets: [a], cis: [ci] });
    const result = await repo.registerDevice({ scanId: (await repo.scan()).id, asset: newAsset });
    if (!result.ok) throw new Error(result.reason);
    expect(result.id).toBe(a.id);
    const [op] = await outboxOps(db);
    expect(op!.data).toMatchObject({ configurationItemId: ci.id, asset: { name: 'WS-042', tag: 'AST-0042', type: 'laptop', state: 'in_use', substate: null, siteId: site.id, locationId: null } });
    expect(await db.assets.get(a.id)).toMatchObject({ tag: 'AST-0042', model: 'EliteBook 840 G8', uuid: '4c4c4544-004b-3510-8052-b4c04f4b4e32', rev: 40 });
    expect(await db.configurationItems.get(ci.id)).toEqual(ci);
  });

  it('refuses an ambiguous match unless one of its assets is chosen, and a choice the rules contradict', async () => {
    const one = asset({ serial: 'CZC1234XYZ', tag: 'AST-0001' });
    const two = asset({ serial: 'CZC1234XYZ', tag: 'AST-0002' });
    const { repo, db } = await setup({ assets: [one, two] });
    const scan = await repo.scan();
    const refused = await repo.registerDevice({ scanId: scan.id, asset: newAsset });
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^This device matches 2 assets by serial number \(AST-000[12], AST-000[12]\); choose which one it is\.$/) });
    expect(await db.outbox.count()).toBe(0);

    const chosen = await repo.registerDevice({ scanId: scan.id, assetId: two.id, asset: newAsset });
    expect(chosen).toMatchObject({ ok: true, id: two.id });

    const { repo: repo2 } = await setup({ assets: [one] });
    const scan2 = await repo2.scan();
    const contradicted = await repo2.registerDevice({ scanId: scan2.id, assetId: uuidv7(), asset: newAsset });
    expect(contradicted).toEqual({ ok: false, reason: 'The chosen asset is not on this device; sync, then try again.' });
  });

  it('refuses a technician registering on another site, a requester, and an unknown scan', async () => {
    const { repo, db: db0 } = await setup({ user: { role: 'technician', siteId: site.id } });
    const scan = await repo.scan();
    expect(await repo.registerDevice({ scanId: scan.id, asset: { ...newAsset, siteId: otherSite.id } })).toEqual({
      ok: false,
      reason: 'Technicians register devices on their own site (Headquarters); this asset is on Warehouse. Ask the service desk.',
    });
    expect(await repo.registerDevice({ scanId: uuidv7(), asset: newAsset })).toEqual({ ok: false, reason: 'This scan is no longer on this device; scan again.' });

    const { repo: asRequester } = await setup({ user: { role: 'requester', siteId: site.id } });
    const s2 = await asRequester.scan();
    expect(await asRequester.registerDevice({ scanId: s2.id, asset: newAsset })).toEqual({ ok: false, reason: 'Only technicians, desk agents and admins register devices.' });

    // A technician's new asset without a site goes to their site.
    const noSite = await repo.registerDevice({ scanId: scan.id, asset: { ...newAsset, siteId: null } });
    if (!noSite.ok) throw new Error(noSite.reason);
    expect((await db0.assets.get(noSite.id))?.siteId).toBe(site.id);

    // A desk agent may register anywhere; the person is read from the replica when not given.
    const { repo: agent, db } = await setup({ user: { role: 'agent', siteId: null } });
    const s3 = await agent.scan();
    expect(await agent.registerDevice({ scanId: s3.id, asset: { ...newAsset, siteId: otherSite.id } })).toMatchObject({ ok: true });
    expect((await db.persons.get(requester.id))?.role).toBe('requester');
  });

  it('refuses a bad asset form with the field named', async () => {
    const { repo } = await setup();
    const scan = await repo.scan();
    expect(await repo.registerDevice({ scanId: scan.id, asset: { ...newAsset, name: '  ' } })).toEqual({ ok: false, reason: 'Asset.name: an asset needs a name.' });
  });
});

describe('inventory ops and the sync engine', () => {
  const ctx = { userId: tech.id, now: () => NOW };
  const newAsset = { name: 'WS-042', tag: null, type: 'laptop', state: 'in_use' as const, substate: null, siteId: site.id, locationId: null };

  async function registered() {
    const s = await setup();
    const result = await s.repo.registerDevice({ scanId: (await s.repo.scan()).id, asset: newAsset });
    if (!result.ok) throw new Error(result.reason);
    const sent = await s.db.outbox.toArray();
    const op = sent[0]!.op as AssetInventoryCreateOp;
    return { ...s, result, sent, op };
  }

  it('an applied answer for the same asset settles the inventory; asset and CI wait for the pull', async () => {
    const { db, sent, op, result } = await registered();
    const record = { ...(await db.assetInventories.get(result.id))!, receivedAt: '2026-11-21T10:31:00.000Z', rev: 77 };
    await applyPushResults(db, sent, [{ opId: sent[0]!.opId, status: 'applied', rev: 77, record }], ctx);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.assetInventories.get(result.id)).toEqual(record);
    expect(await db.assets.get(result.id)).toBeDefined();
    expect(await db.configurationItems.get(op.data.configurationItemId)).toBeDefined();
  });

  it('when the server recorded the device under another asset, the provisional asset, CI and inventory go', async () => {
    const { db, sent, op, result } = await registered();
    const elsewhere = uuidv7();
    const record: AssetInventory = { ...(await db.assetInventories.get(result.id))!, id: elsewhere, assetId: elsewhere, rev: 78 };
    const { answered } = await applyPushResults(db, sent, [{ opId: sent[0]!.opId, status: 'applied', rev: 78, record }], ctx);
    expect(answered).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.assets.get(result.id)).toBeUndefined();
    expect(await db.configurationItems.get(op.data.configurationItemId)).toBeUndefined();
    expect(await db.assetInventories.get(result.id)).toBeUndefined();
    expect(await db.shadows.count()).toBe(0);
  });

  it('a re-targeted answer for a server asset keeps that asset and restores its recorded inventory', async () => {
    const a = asset({ serial: 'CZC1234XYZ', tag: 'AST-0042', rev: 40 });
    const old: AssetInventory = { id: a.id, assetId: a.id, configurationItemId: null, source: 'glpi_agent', deviceId: 'x', scannedAt: '2026-10-01T00:00:00.000Z', receivedAt: '2026-10-01T00:00:01.000Z', summary: summarizeGlpi(inventory({ memory: 8_192 }).document), rev: 39 };
    const { repo, db } = await setup({ assets: [a], inventories: [old] });
    const result = await repo.registerDevice({ scanId: (await repo.scan()).id, asset: newAsset });
    if (!result.ok) throw new Error(result.reason);
    const sent = await db.outbox.toArray();
    const elsewhere = uuidv7();
    await applyPushResults(db, sent, [{ opId: sent[0]!.opId, status: 'applied', rev: 80, record: { ...old, id: elsewhere, assetId: elsewhere, rev: 80 } }], ctx);
    expect(await db.assets.get(a.id)).toMatchObject({ tag: 'AST-0042', rev: 40 });
    expect(await db.assetInventories.get(a.id)).toEqual(old);
  });

  it('a refused registration leaves no provisional records, and the reason is kept', async () => {
    const { db, sent, op, result } = await registered();
    const { notices } = await applyPushResults(db, sent, [{ opId: sent[0]!.opId, status: 'rejected', reason: 'Technicians register devices on their own site.' }], ctx);
    expect(notices).toEqual([expect.objectContaining({ kind: 'rejected', entity: 'asset_inventory', recordId: result.id })]);
    expect(await db.assets.get(result.id)).toBeUndefined();
    expect(await db.configurationItems.get(op.data.configurationItemId)).toBeUndefined();
    expect(await db.assetInventories.get(result.id)).toBeUndefined();
    expect(await db.rejections.count()).toBe(1);
  });

  it('a pull while the op waits keeps the scan on the pulled asset, and a reset keeps the provisional records', async () => {
    const a = asset({ serial: 'CZC1234XYZ', tag: 'AST-0042', model: 'old model', rev: 40 });
    const { repo, db } = await setup({ assets: [a] });
    const result = await repo.registerDevice({ scanId: (await repo.scan()).id, asset: newAsset });
    if (!result.ok) throw new Error(result.reason);
    const op = (await db.outbox.toArray())[0]!.op as AssetInventoryCreateOp;

    // Someone renamed the asset on the server meanwhile: the new name shows, the scan's identity stays on top.
    await applyPullPage(db, { changes: [{ entity: 'asset', id: a.id, rev: 90, op: 'put', data: { ...a, name: 'Renamed', rev: 90 } }], cursor: '90' }, ctx);
    expect(await db.assets.get(a.id)).toMatchObject({ name: 'Renamed', model: 'EliteBook 840 G8', uuid: '4c4c4544-004b-3510-8052-b4c04f4b4e32', rev: 90 });
    // The pulled copy is kept as the asset's server copy, shown again if the registration is refused.
    expect(await db.shadows.get(recordKey('asset', a.id))).toEqual({ key: recordKey('asset', a.id), record: { ...a, name: 'Renamed', rev: 90 } });

    // The user's scope changed: a fresh download; the waiting registration is still shown.
    await applyPullPage(db, { changes: [], cursor: '0.2', reset: true }, ctx);
    expect(await db.assets.get(a.id)).toMatchObject({ id: a.id, tag: 'AST-0042', model: 'EliteBook 840 G8' });
    expect(await db.configurationItems.get(op.data.configurationItemId)).toMatchObject({ assetId: a.id, ciType: 'computer' });
    expect(await db.assetInventories.get(a.id)).toMatchObject({ summary: { serial: 'CZC1234XYZ' } });
  });
});
