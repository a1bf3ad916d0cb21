/** Helpers for inventory tests: a summary with every field, and a received inventory around it. */
import type { InventorySummary } from '@fielddesk/common/inventory/summary';
import type { ReceivedInventory } from '../src/inventory/record';

export function makeSummary(over: Partial<InventorySummary> = {}): InventorySummary {
  return {
    itemtype: 'Computer',
    deviceId: null,
    name: null,
    serial: null,
    uuid: null,
    macs: [],
    manufacturer: null,
    model: null,
    chassisType: null,
    assetTag: null,
    memoryMb: null,
    virtualization: null,
    os: null,
    cpus: [],
    disks: [],
    networks: [],
    software: [],
    ...over,
  };
}

export function received(summary: InventorySummary, extra: Partial<ReceivedInventory> = {}): ReceivedInventory {
  return {
    source: 'glpi_agent',
    deviceId: summary.deviceId,
    itemtype: summary.itemtype,
    summary,
    document: JSON.stringify({ deviceid: summary.deviceId, content: { hardware: { name: summary.name } } }),
    scannedAt: '2026-11-20T08:00:00.000Z',
    ...extra,
  };
}

/** Software entries with version 1.0 by ACME. */
export const software = (...names: string[]) => names.map((name) => ({ name, version: '1.0', publisher: 'ACME' }));
