import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceIdFor, toGlpiInventory } from './glpi';
import { loadGlpiValidator, schemaMissingReason } from './glpi-schema';
import { runScan } from './scan';
import { stubDeps } from './test-fixtures';

const validate = loadGlpiValidator();
if (!validate) console.info(schemaMissingReason);

describe('GLPI inventory format', () => {
  it('a full stubbed scan maps to a Computer inventory with every section', async () => {
    const scan = await runScan({ deps: stubDeps() });
    const inv = toGlpiInventory(scan, '1.2.3');
    expect(inv).toMatchObject({ deviceid: 'lt-0421-0123456789abcdef', itemtype: 'Computer', action: 'inventory' });
    expect(inv.content.versionclient).toBe('FieldDesk-Inventory_v1.2.3');
    expect(Object.keys(inv.content).sort()).toEqual(
      [
        'batteries', 'bios', 'cpus', 'drives', 'hardware', 'local_users', 'memories', 'monitors', 'networks',
        'operatingsystem', 'printers', 'softwares', 'storages', 'usbdevices', 'versionclient', 'videos',
      ].sort(),
    );
  });

  it('a section whose probe failed is left out, not sent empty as if nothing were there', async () => {
    const deps = stubDeps();
    const scan = await runScan({ deps: { ...deps, si: { ...deps.si, battery: () => Promise.reject(new Error('no /sys/class/power_supply')) } } });
    const inv = toGlpiInventory(scan, '1.2.3');
    expect(inv.content).not.toHaveProperty('batteries');
    expect(scan.notes).toEqual([{ probe: 'batteries', message: 'failed: no /sys/class/power_supply' }]);
  });

  it('refuses to make a device id without the machine id', async () => {
    const scan = await runScan({ deps: stubDeps({ machineId: () => Promise.reject(new Error('no /etc/machine-id')) }) });
    expect(scan.notes).toEqual([{ probe: 'machineId', message: 'no /etc/machine-id' }]);
    expect(() => deviceIdFor(scan)).toThrow(/machine id could not be read/);
  });

  it.skipIf(!validate)('validates against GLPI inventory.schema.json (read from ../shared)', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const inv = toGlpiInventory(await runScan({ deps: stubDeps({ platform }) }), '0.1.0');
      expect(validate?.(inv), platform).toEqual([]);
    }
  });

  it.skipIf(!validate)('the validator does catch a wrong unit or date format (so the check above means something)', async () => {
    const inv = toGlpiInventory(await runScan({ deps: stubDeps() }), '0.1.0');
    const wrong = JSON.parse(JSON.stringify(inv)) as { content: { hardware: { memory: unknown }; operatingsystem: { install_date: string } } };
    wrong.content.hardware.memory = '16 GB';
    wrong.content.operatingsystem.install_date = '10/01/2023';
    expect(validate?.(wrong)).toHaveLength(2);
  });

  it.skipIf(!validate)('GLPI\'s own computer_1.json passes the same validator', () => {
    const fixture = resolve(import.meta.dirname, '../../../shared/fixtures/glpi-inventory/computer_1.json');
    expect(validate?.(JSON.parse(readFileSync(fixture, 'utf8')))).toEqual([]);
  });
});
