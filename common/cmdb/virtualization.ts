/**
 * Which recorded machines a host's inventory says it runs. A hypervisor reports each guest's
 * UUID (GLPI `virtualmachines`); the guest's own inventory reports the SMBIOS UUID of its
 * virtual hardware. They are the same identifier, but the first three groups are stored
 * little-endian in SMBIOS and some hypervisors (VMware, older Hyper-V) print them the other way
 * round, so a guest is looked for under both forms, as GLPI does. Containers (12-character ids)
 * have no machine of their own to find and simply match nothing.
 */
import { normaliseUuid } from '../inventory/identity';
import type { InventorySummary } from '../inventory/summary';

/** The forms under which a guest's UUID may be recorded on its own machine: as given, and byte-swapped. */
export function guestUuidForms(raw: string | null): string[] {
  const uuid = normaliseUuid(raw);
  if (uuid === null) return [];
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4}-[0-9a-f]{12})$/.exec(uuid);
  if (!m) return [uuid];
  const swap = (hex: string) => hex.match(/../g)!.reverse().join('');
  const swapped = `${swap(m[1]!)}-${swap(m[2]!)}-${swap(m[3]!)}-${m[4]}`;
  return swapped === uuid ? [uuid] : [uuid, swapped];
}

/**
 * Every UUID form of the guests a host reports, or null when the inventory has no guest
 * section (then nothing is known about its guests, and nothing recorded about them changes).
 */
export function reportedGuestUuids(summary: Pick<InventorySummary, 'virtualMachines'>): string[] | null {
  if (summary.virtualMachines === undefined) return null;
  return [...new Set(summary.virtualMachines.flatMap((v) => guestUuidForms(v.uuid)))];
}
