/**
 * The inventory summary: the part of a GLPI inventory that people compare and that the CMDB
 * keeps per asset — identity, model, memory, processors, disks, network cards, operating
 * system and installed software. One shape for every source (this desktop's own scan, GLPI
 * Agent JSON, FusionInventory XML once converted), so the app and the server describe,
 * match and diff devices the same way.
 *
 * `summarizeGlpi` reads a GLPI native inventory document loosely: agents send numbers where
 * strings are due and the other way round, and leave sections out; only a document without
 * `content` is refused, with the reason.
 */
import { z } from 'zod';
import { glpiIdentityFacts } from './glpi';
import { virtualInterfaceReason } from './identity';
import { looseFlag, looseList, looseNumber, looseObject, looseText, type Loose } from './loose';

const text = z.string().max(1000).nullable();

export const SummaryCpuSchema = z.object({ name: text, manufacturer: text, cores: z.number().int().nonnegative().nullable(), speedMhz: z.number().nonnegative().nullable() });
export const SummaryDiskSchema = z.object({ name: text, model: text, serial: text, sizeMb: z.number().nonnegative().nullable() });
export const SummaryNetworkSchema = z.object({
  name: text,
  mac: text,
  ipv4: z.array(z.string().max(64)).max(256),
  ipv6: z.array(z.string().max(128)).max(256),
  virtual: z.boolean(),
});
export const SummaryOsSchema = z.object({ name: text, version: text, kernel: text, arch: text, installDate: text });
export const SummarySoftwareSchema = z.object({ name: z.string().min(1).max(1000), version: text, publisher: text });
/** A guest the device hosts (GLPI `virtualmachines`): a virtual machine or a container. */
export const SummaryVirtualMachineSchema = z.object({ name: text, uuid: text, vmtype: text, status: text });

/** Most software entries a summary may carry (a Windows server with every update lists ~5,000). */
export const MAX_SUMMARY_SOFTWARE = 50_000;

export const InventorySummarySchema = z.object({
  /** GLPI's item type: Computer, Phone, Printer, NetworkEquipment, … */
  itemtype: z.string().min(1).max(64),
  deviceId: text,
  name: text,
  serial: text,
  uuid: text,
  /** The MACs that identify the device (physical cards; a switch's or printer's own MAC), raw. */
  macs: z.array(z.string().max(64)).max(4096),
  manufacturer: text,
  model: text,
  chassisType: text,
  assetTag: text,
  /** Physical memory in MB. */
  memoryMb: z.number().nonnegative().nullable(),
  virtualization: text,
  os: SummaryOsSchema.nullable(),
  cpus: z.array(SummaryCpuSchema).max(1024),
  disks: z.array(SummaryDiskSchema).max(4096),
  networks: z.array(SummaryNetworkSchema).max(4096),
  /** Sorted by name then version; duplicates removed. */
  software: z.array(SummarySoftwareSchema).max(MAX_SUMMARY_SOFTWARE),
  /**
   * The guests it hosts, when the inventory has the section (absent: not reported, e.g. this
   * app's own scan; empty: it hosts none). The server relates each guest it knows to its host.
   */
  virtualMachines: z.array(SummaryVirtualMachineSchema).max(4096).optional(),
});
export type InventorySummary = z.infer<typeof InventorySummarySchema>;
export type SummaryCpu = z.infer<typeof SummaryCpuSchema>;
export type SummaryDisk = z.infer<typeof SummaryDiskSchema>;
export type SummaryNetwork = z.infer<typeof SummaryNetworkSchema>;
export type SummarySoftware = z.infer<typeof SummarySoftwareSchema>;
export type SummaryVirtualMachine = z.infer<typeof SummaryVirtualMachineSchema>;

const str = looseText;
const num = looseNumber;
const obj = looseObject;
const list = looseList;
const truthy = looseFlag;

function summarizeNetworks(rows: Loose[]): SummaryNetwork[] {
  // GLPI lists one row per address: fold the rows of one card (same MAC, or same name) together.
  const byKey = new Map<string, SummaryNetwork>();
  for (const row of rows) {
    const mac = str(row.mac)?.toLowerCase() ?? null;
    const name = str(row.description) ?? str(row.name);
    const key = mac ?? `name:${name ?? byKey.size}`;
    let card = byKey.get(key);
    if (!card) {
      card = { name, mac, ipv4: [], ipv6: [], virtual: truthy(row.virtualdev) || virtualInterfaceReason({ name: str(row.name), description: str(row.description), type: str(row.type) }) !== null };
      byKey.set(key, card);
    }
    const v4 = str(row.ipaddress);
    const v6 = str(row.ipaddress6);
    if (v4 && !card.ipv4.includes(v4)) card.ipv4.push(v4);
    if (v6 && !card.ipv6.includes(v6)) card.ipv6.push(v6);
  }
  return [...byKey.values()];
}

function summarizeSoftware(rows: Loose[]): SummarySoftware[] {
  const seen = new Set<string>();
  const out: SummarySoftware[] = [];
  for (const row of rows) {
    const name = str(row.name);
    if (!name) continue;
    const entry = { name, version: str(row.version), publisher: str(row.publisher) };
    const key = `${entry.name}\u0000${entry.version ?? ''}\u0000${entry.publisher ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  out.sort((a, b) => (a.name === b.name ? (a.version ?? '').localeCompare(b.version ?? '') : a.name.localeCompare(b.name)));
  return out.slice(0, MAX_SUMMARY_SOFTWARE);
}

/**
 * The summary of a GLPI native inventory document (computers and phones from their hardware,
 * bios and device sections; printers and network equipment from `network_device`). Throws an
 * Error saying what is wrong when the document is not a GLPI inventory at all.
 */
export function summarizeGlpi(document: unknown): InventorySummary {
  const identity = glpiIdentityFacts(document);
  const content = obj((document as Loose).content) ?? {};
  const hardware = obj(content.hardware) ?? {};
  const bios = obj(content.bios) ?? {};
  const device = obj(content.network_device);
  const os = obj(content.operatingsystem);

  const cpus = list(content.cpus).map((c) => ({
    name: str(c.name),
    manufacturer: str(c.manufacturer),
    cores: num(c.core) ?? num(c.corecount),
    speedMhz: num(c.speed),
  }));
  const disks = list(content.storages).map((s) => ({
    name: str(s.name),
    model: str(s.model),
    serial: str(s.serial) ?? str(s.serialnumber),
    sizeMb: num(s.disksize),
  }));
  const memoryFromModules = list(content.memories).reduce((sum, m) => sum + (num(m.capacity) ?? 0), 0);
  const deviceMemory = device ? num(device.memory) ?? num(device.ram) : null;

  return {
    itemtype: identity.itemtype,
    deviceId: identity.deviceId,
    name: str(identity.facts.name),
    serial: str(identity.facts.serial),
    uuid: str(identity.facts.uuid),
    macs: [...new Set((identity.facts.macs ?? []).map((m) => str(m)?.toLowerCase() ?? null).filter((m): m is string => m !== null))],
    manufacturer: str(bios.smanufacturer) ?? str(bios.mmanufacturer) ?? str(device?.manufacturer),
    model: str(bios.smodel) ?? str(bios.mmodel) ?? str(device?.model),
    chassisType: str(hardware.chassis_type) ?? str(device?.type),
    assetTag: str(bios.assettag),
    memoryMb: num(hardware.memory) ?? (memoryFromModules > 0 ? memoryFromModules : deviceMemory),
    virtualization: str(hardware.vmsystem),
    os: os
      ? {
          name: str(os.full_name) ?? str(os.name),
          version: str(os.version),
          kernel: str(os.kernel_version),
          arch: str(os.arch),
          installDate: str(os.install_date),
        }
      : device
        ? { name: str(device.firmware), version: null, kernel: null, arch: null, installDate: null }
        : null,
    cpus,
    disks,
    networks: summarizeNetworks(list(content.networks)),
    software: summarizeSoftware(list(content.softwares)),
    ...('virtualmachines' in content && {
      virtualMachines: list(content.virtualmachines).map((v) => ({ name: str(v.name), uuid: str(v.uuid), vmtype: str(v.vmtype), status: str(v.status) })),
    }),
  };
}

/** The identity facts of a summary, as `identityOf` and `matchAsset` take them. */
export function summaryIdentityFacts(summary: InventorySummary): { serial: string | null; uuid: string | null; macs: string[]; name: string | null } {
  return {
    serial: summary.serial,
    uuid: summary.uuid,
    macs: summary.macs,
    name: summary.name,
  };
}
