/**
 * Reads the sections of a GLPI inventory document (this device's scan) into what the "This
 * device" screen shows: facts and small tables of plain strings, grouped the way a person
 * reads a machine (hardware & BIOS, processors, memory, storage, network, …). The document
 * comes from probes and agents, so it is read loosely (numbers where strings are due, a lone
 * object where a list is) and every value ends up as text: nothing here is ever HTML.
 */

import { formatMb, looseFlag, looseList, looseNumber, looseObject, looseText, round1, type Loose } from '@fielddesk/common/inventory/loose';

export interface Fact {
  label: string;
  value: string;
}

export type SectionPart =
  | { kind: 'facts'; facts: Fact[] }
  | { kind: 'table'; caption: string | null; columns: string[]; rows: string[][] };

export interface DeviceSection {
  id: string;
  title: string;
  /** The probes that fill this section (their notes explain an empty one). */
  probes: readonly string[];
  /** How many entries it lists (facts sections: 1 when anything is known). */
  count: number;
  parts: SectionPart[];
}

/** What each probe reads, in words, for its note ("Batteries: no answer within 20000 ms"). */
export const PROBE_LABELS: Record<string, string> = {
  hardware: 'Hardware',
  bios: 'BIOS',
  cpus: 'Processors',
  memories: 'Memory',
  storages: 'Disks',
  drives: 'Volumes',
  networks: 'Network',
  operatingsystem: 'Operating system',
  batteries: 'Batteries',
  graphics: 'Monitors and video',
  usbdevices: 'USB devices',
  printers: 'Printers',
  local_users: 'Local users',
  softwares: 'Software',
  machineId: 'Machine id',
};

/** A probe's note as a person reads it: "Batteries: no answer within 20000 ms". */
export function describeNote(note: { probe: string; message: string }): string {
  const label = PROBE_LABELS[note.probe] ?? note.probe;
  const message = note.message.replace(/^(timed out|failed): /, '');
  return `${label}: ${message}`;
}

/** Text for display: like looseText, and a boolean as yes or no. */
function str(value: unknown): string | null {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : looseText(value);
}

const num = looseNumber;
const obj = looseObject;
const list = looseList;
const truthy = looseFlag;

function mhz(value: unknown): string {
  const n = num(value);
  if (n === null) return '';
  return n >= 1000 ? `${round1(n / 1000)} GHz` : `${Math.round(n)} MHz`;
}

/** Memory speed: GLPI sends "2400" (MHz) or "2400 MT/s". */
function memorySpeed(value: unknown): string | null {
  const s = str(value);
  return s && /^\d+(\.\d+)?$/.test(s) ? `${s} MHz` : s;
}

function joined(...parts: (string | null)[]): string {
  return parts.filter((p): p is string => !!p).join(' ');
}

function facts(pairs: [string, string | null][]): Fact[] {
  return pairs.filter((p): p is [string, string] => p[1] !== null && p[1] !== '').map(([label, value]) => ({ label, value }));
}

function table(caption: string | null, columns: string[], rows: (string | null)[][]): SectionPart {
  return { kind: 'table', caption, columns, rows: rows.map((r) => r.map((c) => c ?? '')) };
}

/** One network card: GLPI lists one row per address, folded here by MAC (else by name). */
export interface NetworkCard {
  name: string;
  mac: string | null;
  ipv4: string[];
  ipv6: string[];
  status: string | null;
  type: string | null;
  speed: string | null;
  virtual: boolean;
}

export function networkCards(content: Loose): NetworkCard[] {
  const cards = new Map<string, NetworkCard>();
  for (const row of list(content.networks)) {
    const mac = str(row.mac)?.toLowerCase() ?? null;
    const name = str(row.description) ?? str(row.name) ?? 'network card';
    const key = mac && mac !== '00:00:00:00:00:00' ? `mac:${mac}` : `name:${name}`;
    let card = cards.get(key);
    if (!card) {
      card = { name, mac, ipv4: [], ipv6: [], status: str(row.status), type: str(row.type), speed: str(row.speed), virtual: truthy(row.virtualdev) };
      cards.set(key, card);
    }
    const v4 = str(row.ipaddress);
    const v6 = str(row.ipaddress6);
    if (v4 && !card.ipv4.includes(v4)) card.ipv4.push(v4);
    if (v6 && !card.ipv6.includes(v6)) card.ipv6.push(v6);
  }
  // Physical cards first, then by name.
  return [...cards.values()].sort((a, b) => Number(a.virtual) - Number(b.virtual) || a.name.localeCompare(b.name));
}

function hardwareSection(content: Loose): DeviceSection {
  const hw = obj(content.hardware) ?? {};
  const bios = obj(content.bios) ?? {};
  const list = facts([
    ['Name', str(hw.name)],
    ['Manufacturer', str(bios.smanufacturer) ?? str(bios.mmanufacturer)],
    ['Model', str(bios.smodel) ?? str(bios.mmodel)],
    ['Serial number', str(bios.ssn)],
    ['UUID', str(hw.uuid)],
    ['Chassis', str(hw.chassis_type)],
    ['Memory', formatMb(num(hw.memory))],
    ['Swap', formatMb(num(hw.swap))],
    ['Virtualization', str(hw.vmsystem)],
    ['Asset tag', str(bios.assettag)],
    ['SKU', str(bios.skunumber)],
    ['BIOS', joined(str(bios.bmanufacturer), str(bios.bversion), str(bios.bdate) ? `(${str(bios.bdate)})` : null)],
    ['BIOS serial', str(bios.biosserial)],
    ['Motherboard', joined(str(bios.mmanufacturer), str(bios.mmodel))],
    ['Motherboard serial', str(bios.msn)],
    ['Enclosure serial', str(bios.enclosureserial)],
    ['Default gateway', str(hw.defaultgateway)],
  ]);
  return { id: 'hardware', title: 'Hardware & BIOS', probes: ['hardware', 'bios'], count: list.length > 0 ? 1 : 0, parts: list.length > 0 ? [{ kind: 'facts', facts: list }] : [] };
}

function osSection(content: Loose): DeviceSection {
  const os = obj(content.operatingsystem) ?? {};
  const tz = obj(os.timezone);
  const list = facts([
    ['Name', str(os.full_name) ?? str(os.name)],
    ['Version', str(os.version)],
    ['Kernel', joined(str(os.kernel_name), str(os.kernel_version))],
    ['Architecture', str(os.arch)],
    ['Host name', str(os.fqdn)],
    ['Service pack', str(os.service_pack)],
    ['Installed', str(os.install_date)],
    ['Last boot', str(os.boot_time)],
    ['Time zone', tz ? joined(str(tz.name), str(tz.offset) ? `(${str(tz.offset)})` : null) : null],
  ]);
  return { id: 'os', title: 'Operating system', probes: ['operatingsystem'], count: list.length > 0 ? 1 : 0, parts: list.length > 0 ? [{ kind: 'facts', facts: list }] : [] };
}

function tableSection(id: string, title: string, probes: readonly string[], caption: string | null, columns: string[], rows: (string | null)[][]): DeviceSection {
  return { id, title, probes, count: rows.length, parts: rows.length > 0 ? [table(caption, columns, rows)] : [] };
}

/**
 * Every section of the document except software (which has its own searchable table), in
 * reading order. Sections a probe could not read are still listed, empty, so the screen can
 * say why.
 */
export function deviceSections(document: { content: Record<string, unknown> }): DeviceSection[] {
  const c = document.content;
  const cpus = list(c.cpus);
  const memories = list(c.memories);
  const storages = list(c.storages);
  const drives = list(c.drives);
  const cards = networkCards(c);
  const batteries = list(c.batteries);
  const monitors = list(c.monitors);
  const videos = list(c.videos);
  const usb = list(c.usbdevices);
  const printers = list(c.printers);
  const users = list(c.local_users);

  const storageParts: SectionPart[] = [];
  if (storages.length > 0) {
    storageParts.push(
      table(
        'Disks',
        ['Name', 'Model', 'Size', 'Interface', 'Serial number', 'Firmware'],
        storages.map((s) => [str(s.name), joined(str(s.manufacturer), str(s.model)), formatMb(num(s.disksize)), str(s.interface) ?? str(s.type), str(s.serial) ?? str(s.serialnumber), str(s.firmware)]),
      ),
    );
  }
  if (drives.length > 0) {
    storageParts.push(
      table(
        'Volumes',
        ['Volume', 'Mounted at', 'File system', 'Size', 'Free'],
        drives.map((d) => [str(d.volumn) ?? str(d.letter), str(d.letter) ?? str(d.type), str(d.filesystem), formatMb(num(d.total)), formatMb(num(d.free))]),
      ),
    );
  }

  const graphicsParts: SectionPart[] = [];
  if (monitors.length > 0) {
    graphicsParts.push(table('Monitors', ['Name', 'Manufacturer', 'Serial number', 'Port'], monitors.map((m) => [str(m.name) ?? str(m.caption), str(m.manufacturer), str(m.serial), str(m.port)])));
  }
  if (videos.length > 0) {
    graphicsParts.push(table('Video', ['Name', 'Chipset', 'Memory', 'Resolution'], videos.map((v) => [str(v.name), str(v.chipset), formatMb(num(v.memory)), str(v.resolution)])));
  }

  return [
    hardwareSection(c),
    tableSection('cpus', 'Processors', ['cpus'], null, ['Name', 'Manufacturer', 'Cores', 'Threads', 'Speed', 'Architecture'], cpus.map((p) => [str(p.name), str(p.manufacturer), str(p.core) ?? str(p.corecount), str(p.thread), mhz(p.speed), str(p.arch)])),
    tableSection(
      'memory',
      'Memory',
      ['memories'],
      null,
      ['Slot', 'Capacity', 'Type', 'Speed', 'Manufacturer', 'Serial number'],
      memories.map((m) => [str(m.caption) ?? (num(m.numslots) !== null ? `Slot ${num(m.numslots)}` : null), formatMb(num(m.capacity)), joined(str(m.type), str(m.formfactor)), memorySpeed(m.speed), str(m.manufacturer), str(m.serialnumber)]),
    ),
    { id: 'storage', title: 'Storage & drives', probes: ['storages', 'drives'], count: storages.length + drives.length, parts: storageParts },
    tableSection(
      'network',
      'Network',
      ['networks'],
      null,
      ['Card', 'MAC address', 'IPv4', 'IPv6', 'Status', 'Virtual'],
      cards.map((n) => [n.name, n.mac, n.ipv4.join(', '), n.ipv6.join(', '), joined(n.status, n.speed ? `${n.speed} Mb/s` : null), n.virtual ? 'virtual' : 'physical']),
    ),
    osSection(c),
    tableSection(
      'batteries',
      'Batteries',
      ['batteries'],
      null,
      ['Name', 'Manufacturer', 'Chemistry', 'Design capacity', 'Full charge', 'Health', 'Serial number'],
      batteries.map((b) => {
        const design = num(b.capacity);
        const real = num(b.real_capacity);
        return [str(b.name), str(b.manufacturer), str(b.chemistry), design !== null ? `${round1(design / 1000)} Wh` : null, real !== null ? `${round1(real / 1000)} Wh` : null, design && real !== null ? `${Math.round((real / design) * 100)}%` : null, str(b.serial)];
      }),
    ),
    { id: 'graphics', title: 'Monitors & video', probes: ['graphics'], count: monitors.length + videos.length, parts: graphicsParts },
    tableSection('usb', 'USB devices', ['usbdevices'], null, ['Name', 'Manufacturer', 'Vendor:product', 'Serial number'], usb.map((u) => [str(u.name) ?? str(u.caption), str(u.manufacturer), str(u.vendorid) && str(u.productid) ? `${str(u.vendorid)}:${str(u.productid)}` : null, str(u.serial)])),
    tableSection(
      'printers',
      'Printers',
      ['printers'],
      null,
      ['Name', 'Driver', 'Port', 'Status', 'Shared'],
      printers.map((p) => [str(p.name), str(p.driver), str(p.port), str(p.status), [truthy(p.network) ? 'network' : null, truthy(p.shared) ? 'shared' : null].filter(Boolean).join(', ')]),
    ),
    tableSection('users', 'Local users', ['local_users'], null, ['Login', 'Name', 'Id', 'Home', 'Shell'], users.map((u) => [str(u.login), str(u.name), str(u.id), str(u.home), str(u.shell)])),
  ];
}

