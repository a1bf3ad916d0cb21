/**
 * Turns a scan into a GLPI native inventory (the JSON GLPI Agent posts, and what
 * ../shared/fixtures/glpi-inventory/inventory.schema.json describes), so the desktop's own
 * inventory and the agents' inventories go through the same intake and matching.
 */
import type { ScanResult } from './scan';
import type { InventorySections } from './types';

/** What FieldDesk reports as the inventory's client, like "GLPI-Agent_v1.7". */
export const VERSION_CLIENT_PREFIX = 'FieldDesk-Inventory_v';

export interface GlpiInventory {
  deviceid: string;
  itemtype: 'Computer';
  action: 'inventory';
  content: InventorySections & { versionclient: string };
}

/** Section keys copied as they are (probes already speak GLPI's units and names). */
const SECTION_KEYS = [
  'hardware',
  'bios',
  'cpus',
  'memories',
  'storages',
  'drives',
  'networks',
  'operatingsystem',
  'batteries',
  'monitors',
  'videos',
  'usbdevices',
  'printers',
  'local_users',
  'softwares',
] as const satisfies readonly (keyof InventorySections)[];

/**
 * The device id GLPI keys an agent by. GLPI Agent makes "<hostname>-<date of first run>" once and
 * keeps it; FieldDesk has no state file here, so it derives a stable one from the host name and
 * the hashed machine id instead (the same machine gives the same id on every scan).
 */
export function deviceIdFor(scan: ScanResult, fallbackMachineId?: string): string {
  const name = (scan.sections.hardware?.name ?? scan.sections.operatingsystem?.fqdn ?? 'unknown').replace(/[^\w.-]/g, '_');
  const suffix = (scan.machineId || fallbackMachineId)?.replace(/[^0-9a-f]/gi, '').slice(0, 16);
  if (!suffix) throw new Error('cannot make a GLPI deviceid: the machine id could not be read');
  return `${name}-${suffix}`;
}

/**
 * The GLPI inventory of a scan; sections whose probe failed are left out. `fallbackMachineId`
 * (an id the app keeps for itself) stands in when the OS has no machine id (some containers).
 */
export function toGlpiInventory(scan: ScanResult, appVersion: string, fallbackMachineId?: string): GlpiInventory {
  const content: GlpiInventory['content'] = { versionclient: `${VERSION_CLIENT_PREFIX}${appVersion}` };
  for (const key of SECTION_KEYS) {
    const value = scan.sections[key];
    if (value !== undefined) Object.assign(content, { [key]: value });
  }
  return { deviceid: deviceIdFor(scan, fallbackMachineId), itemtype: 'Computer', action: 'inventory', content };
}
