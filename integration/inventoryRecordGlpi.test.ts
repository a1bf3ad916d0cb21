/**
 * Every GLPI inventory example in ../shared/fixtures/glpi-inventory/ (computers, partial
 * computer inventories, phones, printers, network equipment) recorded by the server
 * (server/src/inventory/record.ts) on SQLite and PostgreSQL, as an agent would send them
 * one after the other: one asset and one CI per device, later documents of a device update
 * it (partial ones merge), every document is kept as received, the software of the latest
 * inventory is what the asset has; recording everything again duplicates nothing. Many
 * computer_1.json-sized inventories of distinct devices make as many assets (their speed,
 * intake_per_s, is measured by `npm run bench:inventory`, not here). Skipped, saying why,
 * when ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeGlpi } from '@fielddesk/common/inventory/summary';
import type { FieldDeskServer } from '../server/src/app';
import { glpiPartialSections, recordInventory, type InventoryContext, type ReceivedInventory, type RecordedInventory } from '../server/src/inventory/record';
import { describeStores, type StoreHarness } from '../server/test/stores';

const FIXTURES = path.resolve(__dirname, '../../shared/fixtures/glpi-inventory');
const present = existsSync(FIXTURES);
if (!present) console.warn(`GLPI inventory fixtures absent: ${FIXTURES} — recording them on the server is skipped`);

const files = present ? readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'inventory.schema.json').sort() : [];

/** The device a document describes (as integration/inventoryGlpiFixtures.test.ts says). */
const DEVICE_OF: Record<string, string> = { computer_3_updated: 'computer_3', printer_3: 'printer_2' };
const deviceOf = (base: string) => DEVICE_OF[base] ?? base.replace(/_partial_.*$/, '');
const CI_TYPES: Record<string, string> = { Computer: 'computer', Phone: 'phone', Printer: 'printer', NetworkEquipment: 'network_equipment' };

function receivedFrom(file: string): ReceivedInventory {
  const text = readFileSync(path.join(FIXTURES, file), 'utf8');
  const doc: unknown = JSON.parse(text);
  const summary = summarizeGlpi(doc);
  return {
    source: 'glpi_agent',
    deviceId: summary.deviceId,
    itemtype: summary.itemtype,
    summary,
    document: text,
    scannedAt: new Date().toISOString(),
    partialSections: glpiPartialSections(doc),
  };
}

const TITLE = `recording every GLPI inventory example (skipped when ${FIXTURES} is absent)`;

function suite(h: StoreHarness): void {
  let s: FieldDeskServer;
  let ctx: InventoryContext;
  const results = new Map<string, RecordedInventory>();

  beforeAll(async () => {
    s = await h.start({ seedDemoData: false });
    ctx = { store: s.store, changes: s.changes, config: { now: () => Date.now() } };
    for (const file of files) results.set(file.replace(/\.json$/, ''), await recordInventory(ctx, receivedFrom(file)));
  });

  const count = async (table: 'assets' | 'configuration_items' | 'inventory_documents' | 'asset_inventories' | 'software_installs') =>
    Number((await s.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('makes one asset and one CI per device; later documents of a device update it', async () => {
    const devices = new Set(files.map((f) => deviceOf(f.replace(/\.json$/, ''))));
    expect(await count('assets')).toBe(devices.size);
    expect(await count('configuration_items')).toBe(devices.size);
    expect(await count('asset_inventories')).toBe(devices.size);
    const assetOfDevice = new Map<string, string>();
    for (const [base, result] of results) {
      const device = deviceOf(base);
      const known = assetOfDevice.get(device);
      if (!known) {
        expect(result, base).toMatchObject({ created: true, rule: null });
        assetOfDevice.set(device, result.assetId);
      } else {
        expect(result.assetId, base).toBe(known);
        expect(result.created, base).toBe(false);
        expect(['serial+uuid', 'serial'], base).toContain(result.rule);
      }
    }
  });

  it('gives each asset and CI the type of its device and its identity', async () => {
    for (const [base, result] of results) {
      if (deviceOf(base) !== base) continue;
      const { summary, itemtype } = receivedFrom(`${base}.json`);
      const asset = await s.db.selectFrom('assets').selectAll().where('id', '=', result.assetId).executeTakeFirstOrThrow();
      const ci = await s.db.selectFrom('configuration_items').selectAll().where('asset_id', '=', result.assetId).executeTakeFirstOrThrow();
      expect(ci.ci_type, base).toBe(CI_TYPES[itemtype]);
      expect(asset.tag, base).toMatch(/^FD-\d{6}$/);
      expect(asset.serial?.toUpperCase(), base).toBe(summary.serial?.toUpperCase());
      expect(asset.name, base).toBe(summary.name);
      expect(asset.inventoried_at, base).not.toBeNull();
      if (itemtype === 'Printer') expect(asset.type, base).toBe('printer');
      if (itemtype === 'Phone') expect(asset.type, base).toBe('phone');
    }
  });

  it('keeps every document as received', async () => {
    expect(await count('inventory_documents')).toBe(files.length);
    for (const [base, result] of results) {
      const doc = await s.db.selectFrom('inventory_documents').selectAll().where('id', '=', result.inventoryId).executeTakeFirstOrThrow();
      expect(doc.document, base).toBe(readFileSync(path.join(FIXTURES, `${base}.json`), 'utf8'));
      expect(doc.asset_id, base).toBe(result.assetId);
    }
  });

  it('holds the software of the latest inventory; partial inventories keep what they do not carry', async () => {
    const installs = async (base: string) =>
      Number(
        (
          await s.db
            .selectFrom('software_installs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('asset_id', '=', results.get(base)?.assetId ?? '')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const updated = receivedFrom('computer_3_updated.json').summary.software.length;
    expect(updated).toBeGreaterThan(1000);
    expect(await installs('computer_3')).toBe(updated);
    // computer_1's partial inventories after the full one: its software (6 titles) stays.
    expect(await installs('computer_1')).toBe(receivedFrom('computer_1.json').summary.software.length);
    const stored = await s.db.selectFrom('asset_inventories').select('summary').where('id', '=', results.get('computer_1')?.assetId ?? '').executeTakeFirstOrThrow();
    const summary = JSON.parse(stored.summary) as { cpus: unknown[]; networks: unknown[] };
    expect(summary.cpus.length).toBeGreaterThan(0);
    expect(summary.networks.length).toBeGreaterThan(0);
  });

  it('records everything again without a duplicate asset', async () => {
    const assets = await count('assets');
    for (const file of files) {
      const again = await recordInventory(ctx, receivedFrom(file));
      expect(again.created, file).toBe(false);
      expect(again.assetId, file).toBe(results.get(deviceOf(file.replace(/\.json$/, '')))?.assetId);
    }
    expect(await count('assets')).toBe(assets);
    expect(await count('inventory_documents')).toBe(files.length * 2);
  });

  it('records 200 computer_1.json-sized inventories of distinct devices as 200 new assets, each with its software', async () => {
    const base = receivedFrom('computer_1.json');
    const n = 200;
    const inputs = Array.from({ length: n }, (_, i) => ({
      ...base,
      deviceId: `bench-${i}`,
      summary: { ...base.summary, name: `bench-${i}-${randomUUID().slice(0, 6)}`, serial: `BENCH${i}X${randomUUID().slice(0, 8)}`, uuid: randomUUID(), macs: [] },
    }));
    const before = await count('assets');
    const recorded = [];
    for (const input of inputs) recorded.push(await recordInventory(ctx, input));
    expect(recorded.every((r) => r.created)).toBe(true);
    expect(new Set(recorded.map((r) => r.assetId)).size).toBe(n);
    expect(await count('assets')).toBe(before + n);
    expect(await count('software_installs')).toBeGreaterThanOrEqual(n * base.summary.software.length);
  });
}

if (present) describeStores(TITLE, suite);
else describe.skip(TITLE, () => it(`needs ${FIXTURES}`, () => undefined));
