/**
 * The demo's vendors, contracts and software licences, with installs to reconcile them against.
 *
 * - Five vendors; eight contracts of every kind (support, lease, warranty, licence agreement),
 *   some ending within 30 days of the seed's day (the "ending soon" list and the dashboard card),
 *   one already ended, most later; the hardware contracts cover the assets they would (Dell
 *   ProSupport covers the Dell laptops and desktops, the HQ lease the HQ laptops, …).
 * - Software inventories for the laptops and desktops (an `asset_inventories` record and its
 *   `software_installs` rows each, as an agent's inventory leaves them; the assets' own records
 *   are not touched, so every earlier demo record keeps its rev): common titles drawn per device,
 *   written as installers write them (a tenth with another spelling of the publisher or a ® in
 *   the name, a few with two versions).
 * - Licences for six of those titles: Microsoft 365 Apps over-used (fewer seats than devices),
 *   Acrobat Pro per user with seats to spare, Visio with unused seats, AutoCAD LT exact, Zoom per
 *   user, and seats given to devices and people, some where the title is not installed; the
 *   other titles have no licence (unlicensed installs, or free software).
 * Deterministic: its own seeded generator, so the rest of the demo is the same without it.
 */
import type { Asset, ConfigurationItem, Person, Site } from '@fielddesk/common/domain/entities';
import type { Contract } from '@fielddesk/common/entities/contract';
import type { ContractAsset } from '@fielddesk/common/entities/contract-asset';
import type { LicenceRecord } from '@fielddesk/common/entities/licence';
import type { LicenceSeat } from '@fielddesk/common/entities/licence-seat';
import { entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import type { Vendor } from '@fielddesk/common/entities/vendor';
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import { addDays } from '@fielddesk/common/assets/dates';
import type { WriteTx } from '../db/database';
import { createRng } from './prng';
import { fieldRevsAt } from './field-revs';

export const DEMO_CONTRACTS_SEED = 20261313;
const DAY = 86_400_000;

interface Input {
  sites: readonly Site[];
  persons: readonly Person[];
  assets: readonly Asset[];
  configurationItems: readonly ConfigurationItem[];
}

/** Titles installed on the demo's computers: how often, and how installers spell them. */
const TITLES = [
  { name: 'Microsoft 365 Apps for enterprise', publisher: 'Microsoft Corporation', alt: 'Microsoft Corp.', share: 0.9, versions: ['16.0.17928.20156', '16.0.18025.20104'] },
  { name: 'Adobe Acrobat Pro', publisher: 'Adobe Inc.', alt: 'Adobe Systems Incorporated', share: 0.35, versions: ['24.002.20933', '24.003.20112'] },
  { name: 'Microsoft Visio Professional 2021', publisher: 'Microsoft Corporation', alt: 'Microsoft Corp.', share: 0.08, versions: ['16.0.14332.20763'] },
  { name: 'AutoCAD LT 2024', publisher: 'Autodesk, Inc.', alt: 'Autodesk', share: 0.06, versions: ['24.0.47.0'] },
  { name: 'Zoom Workplace', publisher: 'Zoom Video Communications, Inc.', alt: 'Zoom Video Communications', share: 0.5, versions: ['6.1.11', '6.2.0'] },
  { name: 'WinRAR 6.24 (64-bit)', publisher: 'win.rar GmbH', alt: 'win.rar GmbH', share: 0.2, versions: ['6.24.0'] },
  { name: 'Google Chrome', publisher: 'Google LLC', alt: 'Google LLC', share: 0.85, versions: ['126.0.6478.127', '127.0.6533.73'] },
  { name: 'Mozilla Firefox (x64 en-US)', publisher: 'Mozilla', alt: 'Mozilla', share: 0.3, versions: ['128.0'] },
  { name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', alt: 'Igor Pavlov', share: 0.45, versions: ['23.01'] },
  { name: 'Slack', publisher: 'Slack Technologies Inc.', alt: 'Slack Technologies', share: 0.4, versions: ['4.39.95'] },
] as const;

export interface DemoContracts {
  vendors: Vendor[];
  contracts: Contract[];
  links: ContractAsset[];
  licences: LicenceRecord[];
  seats: LicenceSeat[];
  /** Per computer: its inventory's software list. */
  inventories: { asset: Asset; configurationItemId: string | null; software: InventorySummary['software']; scannedAt: string }[];
}

/** Everything, rev 0 (the seed numbers them). `nowMs`: the seed's time, so "ends in 12 days" stays true on the day it is seeded. */
export function buildDemoContracts(nowMs: number, data: Input): DemoContracts {
  const rng = createRng(DEMO_CONTRACTS_SEED);
  const today = new Date(nowMs).toISOString().slice(0, 10);
  const at = (daysAgo: number) => new Date(nowMs - daysAgo * DAY).toISOString();
  const created = at(200);

  const vendor = (name: string, contactName: string, email: string, phone: string, website: string): Vendor => ({
    id: rng.uuid(),
    name,
    contactName,
    email,
    phone,
    website,
    notes: '',
    createdAt: created,
    updatedAt: created,
    rev: 0,
  });
  const dell = vendor('Dell Technologies', 'Account team EMEA', 'support@dell.example', '+44 20 7946 0001', 'https://www.dell.com');
  const lenovo = vendor('Lenovo Financial Services', 'Lease desk', 'leasing@lenovo.example', '+44 20 7946 0002', 'https://www.lenovo.com');
  const microsoft = vendor('SoftwareOne', 'Licensing desk', 'licensing@softwareone.example', '+44 20 7946 0003', 'https://www.softwareone.com');
  const adobe = vendor('Adobe', 'Enterprise sales', 'enterprise@adobe.example', '+44 20 7946 0004', 'https://www.adobe.com');
  const cisco = vendor('Cisco Systems', 'Smart Net support', 'tac@cisco.example', '+44 20 7946 0005', 'https://www.cisco.com');
  const vendors = [dell, lenovo, microsoft, adobe, cisco];

  const contract = (name: string, reference: string, kind: Contract['kind'], v: Vendor, startsIn: number, endsIn: number, renewal: Contract['renewal'], noticeDays: number, costCents: number, notes = ''): Contract => ({
    id: rng.uuid(),
    name,
    reference,
    kind,
    vendorId: v.id,
    startsOn: addDays(today, startsIn),
    endsOn: addDays(today, endsIn),
    renewal,
    noticeDays,
    costCents,
    currency: 'EUR',
    notes,
    createdById: null,
    createdAt: created,
    updatedAt: created,
    rev: 0,
  });
  const prosupport = contract('Dell ProSupport Plus: laptops and desktops', 'PSP-88213', 'support', dell, -340, 25, 'express', 60, 1_840_000, 'Next business day on-site; accidental damage included.');
  const lease = contract('HQ laptop lease 2023', 'LFS-2023-114', 'lease', lenovo, -1070, 12, 'tacit', 90, 5_460_000, 'Returns due at the end; tacit renewal for 12 months unless notice is given.');
  const smartnet = contract('Cisco Smart Net Total Care: switches', 'SNTC-40419', 'support', cisco, -300, 65, 'tacit', 30, 920_000);
  const ea = contract('Microsoft Enterprise Agreement', 'EA-7731902', 'licence_agreement', microsoft, -700, 395, 'express', 90, 12_600_000);
  const adobeEtla = contract('Adobe VIP: Acrobat Pro', 'VIP-55102', 'licence_agreement', adobe, -170, 195, 'tacit', 30, 1_180_000);
  const dockWarranty = contract('Dock warranty extension', 'WX-2291', 'warranty', dell, -720, 4, 'none', 0, 86_000);
  const printers = contract('Printer care pack', 'CP-1187', 'support', dell, -400, -5, 'none', 0, 210_000, 'Ended; printers now repaired case by case.');
  const dcLease = contract('DC workstation lease 2025', 'LFS-2025-031', 'lease', lenovo, -200, 895, 'express', 90, 3_120_000);
  const contracts = [prosupport, lease, smartnet, ea, adobeEtla, dockWarranty, printers, dcLease];

  const siteCode = new Map(data.sites.map((s) => [s.id, s.code]));
  const links: ContractAsset[] = [];
  const cover = (c: Contract, assets: readonly Asset[]) => {
    for (const a of assets) links.push({ id: rng.uuid(), contractId: c.id, assetId: a.id, addedById: null, createdAt: c.createdAt, rev: 0 });
  };
  const computers = data.assets.filter((a) => a.type === 'laptop' || a.type === 'desktop');
  cover(prosupport, computers.filter((a) => a.manufacturer === 'Dell'));
  cover(lease, computers.filter((a) => a.type === 'laptop' && a.manufacturer === 'Lenovo' && siteCode.get(a.siteId ?? '') === 'HQ'));
  cover(dcLease, computers.filter((a) => a.manufacturer === 'Lenovo' && siteCode.get(a.siteId ?? '') === 'DC'));
  cover(smartnet, data.assets.filter((a) => a.type === 'switch'));
  cover(dockWarranty, data.assets.filter((a) => a.type === 'dock' && a.manufacturer === 'Dell'));
  cover(printers, data.assets.filter((a) => a.type === 'printer'));

  // Software on every computer with a site (Apple laptops too: their inventories list these apps).
  const ciOf = new Map(data.configurationItems.filter((c) => c.assetId).map((c) => [c.assetId!, c.id]));
  const inventories: DemoContracts['inventories'] = [];
  const devicesOf = new Map<string, Asset[]>(TITLES.map((t) => [t.name, []]));
  for (const asset of computers) {
    if (!asset.siteId) continue;
    const software: InventorySummary['software'] = [];
    for (const title of TITLES) {
      if (!rng.chance(title.share)) continue;
      devicesOf.get(title.name)!.push(asset);
      const variant = rng.chance(0.1);
      software.push({ name: variant && rng.chance(0.5) ? `${title.name}®` : title.name, version: rng.pick(title.versions), publisher: variant ? title.alt : title.publisher });
      if (title.versions.length > 1 && rng.chance(0.05)) software.push({ name: title.name, version: title.versions[0], publisher: title.publisher });
    }
    software.sort((a, b) => a.name.localeCompare(b.name) || (a.version ?? '').localeCompare(b.version ?? ''));
    const unique = software.filter((s, i) => i === 0 || s.name !== software[i - 1]!.name || s.version !== software[i - 1]!.version);
    inventories.push({ asset, configurationItemId: ciOf.get(asset.id) ?? null, software: unique, scannedAt: at(rng.int(0, 6)) });
  }

  const licence = (name: string, publisher: string, seats: number, kind: LicenceRecord['kind'], v: Vendor, c: Contract | null, costCents: number, productKey: string | null): LicenceRecord => ({
    id: rng.uuid(),
    name,
    publisher,
    seats,
    kind,
    vendorId: v.id,
    contractId: c?.id ?? null,
    productKey,
    purchasedOn: c?.startsOn ?? addDays(today, -400),
    expiresOn: c?.endsOn ?? null,
    costCents,
    currency: 'EUR',
    notes: '',
    createdAt: created,
    updatedAt: created,
    rev: 0,
  });
  const count = (name: string) => devicesOf.get(name)!.length;
  const office = licence(TITLES[0].name, TITLES[0].publisher, Math.max(1, count(TITLES[0].name) - 12), 'per_device', microsoft, ea, 9_800_000, null);
  const acrobat = licence(TITLES[1].name, TITLES[1].publisher, count(TITLES[1].name) + 15, 'per_user', adobe, adobeEtla, 1_180_000, null);
  const visio = licence(TITLES[2].name, TITLES[2].publisher, count(TITLES[2].name) + 6, 'per_device', microsoft, null, 310_000, 'VK7JG-NPHTM-C97JM-9MPGT-3V66T');
  const autocad = licence(TITLES[3].name, TITLES[3].publisher, count(TITLES[3].name), 'per_device', dell, null, 540_000, null);
  const zoom = licence(TITLES[4].name, TITLES[4].publisher, Math.max(1, Math.round(count(TITLES[4].name) * 0.8)), 'per_user', microsoft, null, 260_000, null);
  const licences = [office, acrobat, visio, autocad, zoom];

  const seats: LicenceSeat[] = [];
  const give = (l: LicenceRecord, targetKind: LicenceSeat['targetKind'], targetId: string) => {
    if (seats.some((s) => s.licenceId === l.id && s.targetKind === targetKind && s.targetId === targetId)) return;
    if (seats.filter((s) => s.licenceId === l.id).length >= l.seats) return;
    seats.push({ id: rng.uuid(), licenceId: l.id, targetKind, targetId, assignedById: null, createdAt: at(rng.int(10, 180)), rev: 0 });
  };
  // Per device: most devices that have it get a seat; Visio also two devices that no longer have it.
  for (const a of devicesOf.get(TITLES[0].name)!) if (rng.chance(0.7)) give(office, 'asset', a.id);
  for (const a of devicesOf.get(TITLES[2].name)!) give(visio, 'asset', a.id);
  for (const a of computers.filter((c) => !devicesOf.get(TITLES[2].name)!.includes(c)).slice(0, 2)) give(visio, 'asset', a.id);
  for (const a of devicesOf.get(TITLES[3].name)!) give(autocad, 'asset', a.id);
  // Per user: the holders of the devices that have it (some), and a person who has none of them.
  const people = data.persons.filter((p) => p.role !== 'requester');
  for (const a of devicesOf.get(TITLES[1].name)!) if (a.assignedToId && rng.chance(0.8)) give(acrobat, 'person', a.assignedToId);
  if (people.length > 0) give(acrobat, 'person', rng.pick(people).id);
  for (const a of devicesOf.get(TITLES[4].name)!) if (a.assignedToId && rng.chance(0.5)) give(zoom, 'person', a.assignedToId);

  return { vendors, contracts, links, licences, seats, inventories };
}

function summaryOf(asset: Asset, software: InventorySummary['software']): InventorySummary {
  return {
    itemtype: 'Computer',
    deviceId: `${asset.name.toLowerCase()}-demo`,
    name: asset.name,
    serial: asset.serial,
    uuid: null,
    macs: [],
    manufacturer: asset.manufacturer,
    model: asset.model,
    chassisType: asset.type === 'laptop' ? 'Notebook' : 'Desktop',
    assetTag: asset.tag,
    memoryMb: 16_384,
    virtualization: null,
    os: asset.manufacturer === 'Apple' ? { name: 'macOS', version: '14.5', kernel: null, arch: 'arm64', installDate: null } : { name: 'Windows 11 Enterprise', version: '23H2', kernel: '10.0.22631', arch: 'x86_64', installDate: null },
    cpus: [],
    disks: [],
    networks: [],
    software,
  };
}


/** Writes them after the rest of the demo, each at the next rev. */
export async function writeDemoContracts(tx: WriteTx, nowMs: number, data: Input): Promise<{ vendors: number; contracts: number; licences: number; seats: number; inventories: number }> {
  const demo = buildDemoContracts(nowMs, data);
  const patched = async <E extends 'vendor' | 'contract' | 'licence'>(entity: E, table: 'vendors' | 'contracts' | 'licences', records: readonly object[]) => {
    const rows = [];
    for (const r of records) {
      const rev = await tx.nextRev();
      rows.push({ ...rowFromRecord(entities[entity], { ...r, rev }), field_revs: fieldRevsAt(r, rev) });
    }
    for (let i = 0; i < rows.length; i += 100) await tx.db.insertInto(table).values(rows.slice(i, i + 100) as never).execute();
  };
  const plain = async (entity: 'contract_asset' | 'licence_seat', table: 'contract_assets' | 'licence_seats', records: readonly object[]) => {
    const rows = [];
    for (const r of records) rows.push(rowFromRecord(entities[entity], { ...r, rev: await tx.nextRev() }));
    for (let i = 0; i < rows.length; i += 100) await tx.db.insertInto(table).values(rows.slice(i, i + 100) as never).execute();
  };
  await patched('vendor', 'vendors', demo.vendors);
  await patched('contract', 'contracts', demo.contracts);
  await plain('contract_asset', 'contract_assets', demo.links);
  await patched('licence', 'licences', demo.licences);
  await plain('licence_seat', 'licence_seats', demo.seats);
  for (const inv of demo.inventories) {
    const summary = summaryOf(inv.asset, inv.software);
    await tx.db
      .insertInto('asset_inventories')
      .values({
        id: inv.asset.id,
        configuration_item_id: inv.configurationItemId,
        site_id: inv.asset.siteId,
        source: 'glpi_agent',
        device_id: summary.deviceId,
        scanned_at: inv.scannedAt,
        received_at: inv.scannedAt,
        summary: JSON.stringify(summary),
        rev: await tx.nextRev(),
      })
      .execute();
    const installs = inv.software.map((s) => ({ asset_id: inv.asset.id, name: s.name, version: s.version, publisher: s.publisher }));
    for (let i = 0; i < installs.length; i += 200) await tx.db.insertInto('software_installs').values(installs.slice(i, i + 200)).execute();
  }
  return { vendors: demo.vendors.length, contracts: demo.contracts.length, licences: demo.licences.length, seats: demo.seats.length, inventories: demo.inventories.length };
}
