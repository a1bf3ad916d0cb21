/**
 * Every GLPI inventory example in ../shared/fixtures/glpi-inventory/ (computers, partial
 * computer inventories, network equipment, printers, a phone) yields a sensible identity
 * through common/inventory (glpiIdentityFacts + identityOf), and the matching rules tell the
 * devices apart: each document matches the other documents of the same device, by serial
 * and uuid where it has both, and never another device. Lives here, not in common/, because
 * it reads files (common/ may not import Node).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { glpiIdentityFacts } from '@fielddesk/common/inventory/glpi';
import { identityOf, isAnonymous, matchAsset, type AssetIdentity } from '@fielddesk/common/inventory/matching';
import { InventorySummarySchema, summarizeGlpi } from '@fielddesk/common/inventory/summary';
import { describeChange, diffInventory } from '@fielddesk/common/inventory/diff';

const FIXTURES = path.resolve(__dirname, '../../shared/fixtures/glpi-inventory');
const present = existsSync(FIXTURES);
if (!present) console.warn(`GLPI inventory fixtures absent: ${FIXTURES} — their identity tests are skipped`);

/** What each example must yield (partial inventories carry the identity of their full one). */
const EXPECTED: Record<string, { itemtype: string } & AssetIdentity> = {
  computer_1: {
    itemtype: 'Computer',
    serial: '640HP72',
    uuid: '4c4c4544-0034-3010-8048-b6c04f503732',
    // lo (all zeros) and the libvirt bridge virbr0 (52:54:00, flagged virtualdev) are dropped.
    macs: ['00:e0:4c:68:01:db', '44:85:00:2b:90:bc'],
    name: 'glpixps',
  },
  computer_2: { itemtype: 'Computer', serial: '2FAGP34', uuid: '4bdrggfe-0046-4710-8047-b2c04f503732', macs: [], name: 'comp1' },
  computer_3: {
    itemtype: 'Computer',
    serial: '8C554721F',
    uuid: '0055adc9-1d3a-e411-8043-b05d95113232',
    macs: ['30:3a:64:ee:65:88', 'b8:6b:23:e0:5c:81'],
    name: 'lf014',
  },
  computer_3_updated: {
    itemtype: 'Computer',
    serial: '8C554721F',
    uuid: '0055adc9-1d3a-e411-8043-b05d95113232',
    macs: ['ae:ed:e7:56:9b:a0', 'b8:6b:23:e0:5c:81'],
    name: 'lf014',
  },
  networkequipment_1: { itemtype: 'NetworkEquipment', serial: 'SSI1912014B', uuid: null, macs: ['8c:60:4f:8d:ae:fc'], name: 'ucs6248up-cluster-pa3-b' },
  networkequipment_2: { itemtype: 'NetworkEquipment', serial: 'FOC1243W0ED', uuid: null, macs: ['00:23:ac:6a:01:00'], name: '3k-1-pa3.glpi-project.infra' },
  networkequipment_3: { itemtype: 'NetworkEquipment', serial: 'CN5BFP62CP', uuid: null, macs: ['b0:5a:da:10:10:80'], name: 'hp-2530-48g' },
  networkequipment_4: { itemtype: 'NetworkEquipment', serial: 'FCH1946V219', uuid: null, macs: ['58:ac:78:59:45:fb'], name: 'ch-gv1-dsi-wlc-insid-1' },
  networkequipment_5: { itemtype: 'NetworkEquipment', serial: 'R3843D1000001', uuid: null, macs: ['ac:f1:df:8e:8e:00'], name: 'dgs-3420-52t' },
  phone_1: { itemtype: 'Phone', serial: 'AF8D8FCFA6FA4794', uuid: 'af8d3fcfa6fe4784', macs: ['e0:dc:ff:ed:09:59'], name: 'mi9tpro-téléphonem' },
  printer_1: { itemtype: 'Printer', serial: 'PHCVN191TG', uuid: null, macs: ['00:68:eb:f2:be:10'], name: 'npif2be10' },
  printer_2: { itemtype: 'Printer', serial: 'SDFSDF9874', uuid: null, macs: ['00:85:eb:f4:be:20'], name: 'mx5970' },
  printer_3: { itemtype: 'Printer', serial: 'SDFSDF9874', uuid: null, macs: ['00:85:eb:f4:be:20'], name: 'mx5970' },
};

/** The device a document describes: computer_1_partial_cpu is computer_1, computer_3_updated is computer_3, printer_3 is printer_2. */
const DEVICE_OF: Record<string, string> = { computer_3_updated: 'computer_3', printer_3: 'printer_2' };
function deviceOf(base: string): string {
  return DEVICE_OF[base] ?? base.replace(/_partial_.*$/, '');
}

const files = present ? readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && f !== 'inventory.schema.json').sort() : [];

function read(file: string) {
  const doc: unknown = JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
  const { itemtype, facts } = glpiIdentityFacts(doc);
  return { itemtype, identity: identityOf(facts) };
}

describe.skipIf(!present)(`identity of every GLPI inventory example (skipped when ${FIXTURES} is absent)`, () => {
  it('finds the examples', () => {
    expect(files.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
  });

  it.each(files)('%s yields its device identity', (file) => {
    const base = file.replace(/\.json$/, '');
    const { itemtype, identity } = read(file);
    expect(isAnonymous(identity)).toBe(false);
    const expected = EXPECTED[base] ?? EXPECTED[deviceOf(base)];
    if (!expected) {
      // A new example nobody has described yet: it must still identify by serial or uuid.
      expect(identity.serial ?? identity.uuid).not.toBeNull();
      return;
    }
    if (base.includes('_partial_')) {
      // Partial inventories carry bios and hardware only: no networks section.
      expect({ itemtype, ...identity }).toEqual({ ...expected, macs: [] });
    } else {
      expect({ itemtype, ...identity }).toEqual(expected);
    }
  });

  it('matches each example to its own device by serial and uuid (or serial), and to no other', () => {
    const candidates = files
      .map((file) => ({ base: file.replace(/\.json$/, ''), ...read(file) }))
      .filter((c) => !c.base.includes('_partial_') && deviceOf(c.base) === c.base)
      .map((c) => ({ id: c.base, serial: c.identity.serial, uuid: c.identity.uuid, macs: c.identity.macs, name: c.identity.name }));
    for (const file of files) {
      const base = file.replace(/\.json$/, '');
      const { identity } = read(file);
      const result = matchAsset(identity, candidates);
      expect(result, base).toMatchObject({
        kind: 'matched',
        rule: identity.uuid !== null ? 'serial+uuid' : 'serial',
        candidate: { id: deviceOf(base) },
      });
    }
  });
});

describe.skipIf(!present)(`summary and differences of the GLPI examples (skipped when ${FIXTURES} is absent)`, () => {
  const summaryOf = (file: string) => summarizeGlpi(JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')));

  it.each(files)('%s summarises into a valid InventorySummary', (file) => {
    const summary = summaryOf(file);
    expect(InventorySummarySchema.parse(summary)).toEqual(summary);
    expect(summary.name ?? summary.serial).not.toBeNull();
  });

  it('computer_3 against its updated inventory: kernel, a randomised Wi-Fi MAC and package upgrades, and memory drift ignored', () => {
    const changes = diffInventory(summaryOf('computer_3.json'), summaryOf('computer_3_updated.json'));
    const text = changes.map(describeChange);
    expect(text).toContain('Operating system changed: Fedora release 25 (Twenty Five) kernel 4.9.9-200.fc25.x86_64 → Fedora release 25 (Twenty Five) kernel 4.11.3-200.fc25.x86_64');
    expect(text).toContain('Network card changed: wlp2s0 30:3a:64:ee:65:88 → wlp2s0 ae:ed:e7:56:9b:a0');
    expect(text).toContain('Software upgraded: abrt 2.9.0-1.fc25 → 2.9.0-2.fc25');
    expect(changes.some((c) => c.kind === 'memory')).toBe(false);
    const upgraded = changes.filter((c) => c.kind === 'software_upgraded').length;
    expect(upgraded).toBeGreaterThan(100);
  });

  it('computer_2 lists the guests it hosts (containers and a VirtualBox machine); a network switch reports no guest section', () => {
    const guests = summaryOf('computer_2.json').virtualMachines;
    expect(guests?.map((g) => [g.name, g.uuid, g.vmtype])).toEqual([
      ['skydive-agent_1', '5506c9cf948e', null],
      ['skydive-analyzer_1', 'a814985472a1', 'docker'],
      ['elasticsearch_1', '0288ea1fb928', 'docker'],
      ["a'pache", 'ed9bef0322b8', 'docker'],
      ['db', '7e64b4b09941', 'docker'],
      ["'T", null, 'virtualbox'],
    ]);
    expect(summaryOf('networkequipment_1.json').virtualMachines).toBeUndefined();
  });
});
