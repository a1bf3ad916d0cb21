/**
 * FusionInventory agent messages (the OCS-style XML protocol) and the conversion of their
 * inventory into a GLPI native inventory document, so one path (summarizeGlpi, matching,
 * recording) serves both agents.
 *
 * A message is `<REQUEST><QUERY>PROLOG|INVENTORY|…</QUERY><DEVICEID>…</DEVICEID>
 * <CONTENT>…</CONTENT></REQUEST>`. The conversion follows what GLPI does with such
 * inventories (its inventory_format "Converter", and what GLPI Agent does to its own XML
 * content before it sends JSON), written here from their documented behaviour:
 * - every key lowercased; elements that repeat, and the sections that are lists in the GLPI
 *   schema (cpus, networks, softwares, …), become arrays even with one entry; empty
 *   elements are dropped;
 * - integers and booleans where the schema wants them (memory and sizes in MB, cpu speed,
 *   `virtualdev`, …); a value that is not a number is dropped, not guessed;
 * - renamed fields: networks `macaddr` -> `mac`, softwares `installdate` -> `install_date`,
 *   storages `serialnumber` -> `serial`, local groups `member` -> `members`, `firewall` ->
 *   `firewalls`, `hardware.versionclient` -> `versionclient`, the ACCOUNTINFO TAG -> `tag`;
 * - dates to ISO (`dd/mm/yyyy` software install dates, `mm/dd/yyyy` BIOS dates as dmidecode
 *   prints them, times without seconds); a date that cannot be read is dropped;
 * - network types and statuses lowercased (`local` -> `loopback`), cpu arch lowercased;
 * - sections GLPI no longer reads (registry, userslist, …) and fields the agent only keeps
 *   for OCS (hardware osname, checksum, …) left out.
 * Everything else passes through unchanged (as strings), so nothing the agent said is lost
 * from the converted document; the raw XML is kept as the received document anyway.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A message that is not well-formed XML or not a FusionInventory request; the message says why. */
export class FusionXmlError extends Error {
  override readonly name = 'FusionXmlError';
}

type Loose = Record<string, unknown>;

export interface FusionRequest {
  /** The QUERY, uppercased: PROLOG, INVENTORY, SNMPQUERY, NETDISCOVERY, … (INVENTORY when absent, as GLPI reads it). */
  query: string;
  deviceId: string | null;
  /** CONTENT as parsed (uppercase keys, string values), or null when the message has none. */
  content: Loose | null;
}

/** A GLPI native inventory document made from a FusionInventory inventory. */
export interface ConvertedInventory {
  action: 'inventory';
  deviceid: string;
  itemtype: string;
  content: Loose;
  tag?: string;
}

/** Sections that are lists in the GLPI schema (uppercase, as the agent writes them). */
const LIST_SECTIONS = new Set(
  [
    'cpus', 'local_users', 'local_groups', 'ports', 'sounds', 'usbdevices', 'batteries', 'firewall', 'monitors',
    'printers', 'storages', 'slots', 'modems', 'licenseinfos', 'antivirus', 'drives', 'users', 'networks',
    'controllers', 'envs', 'inputs', 'logical_volumes', 'physical_volumes', 'volume_groups', 'memories',
    'processes', 'softwares', 'virtualmachines', 'firmwares', 'simcards', 'sensors', 'powersupplies', 'videos',
    'remote_mgmt', 'cartridges', 'cameras', 'databases_services', 'accountinfo',
  ].map((s) => s.toUpperCase()),
);
/** Fields that are lists inside a section. */
const LIST_FIELDS = new Set(['LOCAL_GROUPS.MEMBER', 'VERSIONPROVIDER.COMMENTS']);

const INTEGER_FIELDS: Record<string, readonly string[]> = {
  cpus: ['core', 'speed', 'stepping', 'thread', 'external_clock', 'corecount'],
  drives: ['free', 'total'],
  hardware: ['memory', 'swap'],
  storages: ['disksize'],
  physical_volumes: ['free', 'pe_size', 'pv_pe_count', 'size'],
  volume_groups: ['lv_count', 'pv_count', 'free', 'size'],
  logical_volumes: ['seg_count', 'size'],
  memories: ['capacity', 'numslots'],
  processes: ['pid', 'virtualmemory'],
  networks: ['mtu'],
  softwares: ['filesize'],
  virtualmachines: ['memory', 'vcpu'],
  videos: ['memory'],
  batteries: ['capacity', 'real_capacity', 'voltage'],
  versionprovider: ['etime'],
  powersupplies: ['power_max'],
};

const BOOLEAN_FIELDS: Record<string, readonly string[]> = {
  antivirus: ['enabled', 'uptodate'],
  drives: ['systemdrive'],
  networks: ['virtualdev', 'management'],
  printers: ['network', 'shared'],
  softwares: ['no_remove'],
  licenseinfos: ['trial'],
  powersupplies: ['hotreplaceable', 'plugged'],
  memories: ['removable'],
};

type DateKind = 'date' | 'datetime' | 'dateordatetime';
const DATE_FIELDS: Record<string, Record<string, DateKind>> = {
  accesslog: { logdate: 'datetime' },
  antivirus: { expiration: 'date' },
  batteries: { date: 'date' },
  bios: { bdate: 'dateordatetime' },
  operatingsystem: { install_date: 'datetime', boot_time: 'datetime' },
  processes: { started: 'datetime' },
  softwares: { install_date: 'dateordatetime' },
  licenseinfos: { activation_date: 'datetime' },
  firmwares: { date: 'date' },
};

/** Sections GLPI no longer reads. */
const DROPPED_SECTIONS = ['registry', 'userslist', 'mib_applications', 'mib_components', 'jvms', 'rudder'];
/** Fields the agent keeps for OCS servers only. */
const DROPPED_FIELDS: Record<string, readonly string[]> = {
  hardware: ['archname', 'osname', 'checksum', 'etime', 'ipaddr', 'osversion', 'oscomments', 'processorn', 'processors', 'processort', 'userid', 'lastdate', 'userdomain'],
  operatingsystem: ['boot_date'],
  bios: ['type'],
  licenseinfos: ['oem'],
  videos: ['pciid'],
};

const NETWORK_TYPES = new Set(['ethernet', 'wifi', 'infiniband', 'aggregate', 'alias', 'dialup', 'loopback', 'bridge', 'fibrechannel', 'bluetooth']);
const NETWORK_STATUSES = new Set(['up', 'down', 'dormant', 'notpresent', 'lowerlayerdown', 'unknown', 'testing']);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  // Entity expansion off: the parser never reads a DOCTYPE's entities (a DOCTYPE is refused
  // before parsing anyway). XML's own five entities and character references are decoded by
  // decodeXmlText, once, into text that is never read again.
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_name, value) => decodeXmlText(value),
  isArray: (name, jpath) => {
    const path = String(jpath);
    if (path === `REQUEST.CONTENT.${name}`) return LIST_SECTIONS.has(name);
    const section = /^REQUEST\.CONTENT\.([A-Z_]+)\.([A-Z_]+)$/.exec(path);
    return section ? LIST_FIELDS.has(`${section[1]}.${section[2]}`) : false;
  },
});

function obj(value: unknown): Loose | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes XML's five predefined entities and character references in one pass; anything else
 * (an undeclared entity, a reference to a character XML forbids) stays as written.
 */
export function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g, (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return PREDEFINED[name]!;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? String.fromCodePoint(code) : whole;
  });
}

function lineOf(xml: string, index: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i !== -1 && i < index; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}

/** Where the opening tag of `name` is (the last one before `before`), as a line number, or null. */
function openingLine(xml: string, name: string, before = xml.length): number | null {
  const re = new RegExp(`<${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s/>]|$)`, 'g');
  let found = -1;
  for (let m = re.exec(xml); m && m.index < before; m = re.exec(xml)) found = m.index;
  return found < 0 ? null : lineOf(xml, found);
}

/**
 * Says in words what is wrong with XML that fast-xml-parser's validator refused: which element
 * is left open where the text ends (a cut inventory), which closing tag does not fit, an
 * unescaped '&', text after the end; the line, and the validator's own words only when
 * nothing better is known.
 */
export function describeXmlError(xml: string, error: { code: string; msg: string; line: number; col: number }): string {
  const { msg, line, col } = error;
  const lastLine = lineOf(xml, xml.length);
  const tail = xml.trimEnd();
  const cutMidTag = tail.length > 0 && !tail.endsWith('>');
  // Unclosed elements: "Unclosed tag 'X'." (one) or "Invalid '["A","B"]' found." (several, outermost first).
  let open: string[] | null = null;
  const one = /^Unclosed tag '([^']*)'\.$/.exec(msg);
  if (one) open = [one[1]!];
  const many = /^Invalid '(\[.*\])' found\.$/.exec(msg);
  if (many) {
    try {
      const names: unknown = JSON.parse(many[1]!);
      if (Array.isArray(names) && names.every((n) => typeof n === 'string')) open = names as string[];
    } catch {
      open = null;
    }
  }
  if (open && open.length > 0) {
    const root = open[0]!;
    const innermost = open[open.length - 1]!;
    const where = openingLine(xml, root);
    const inside = open.length > 1 ? ` (still inside <${innermost}>${openingLine(xml, innermost) !== null ? `, opened on line ${openingLine(xml, innermost)}` : ''})` : '';
    return `The XML ends at line ${lastLine} before <${root}>${where !== null ? ` (opened on line ${where})` : ''} is closed${inside}: the inventory was cut off before it was complete. Send it again whole.`;
  }
  if (cutMidTag && (/have open quote/.test(msg) || /doesn't have proper closing/.test(msg) || /is an invalid name/.test(msg))) {
    return `The XML ends at line ${lastLine} in the middle of a tag: the inventory was cut off before it was complete. Send it again whole.`;
  }
  let m: RegExpExecArray | null;
  if ((m = /^Expected closing tag '([^']*)' \(opened in line (\d+), col \d+\) instead of closing tag '([^']*)'\.$/.exec(msg))) {
    return `The XML is not well-formed: </${m[3]}> on line ${line} does not close <${m[1]}>, which was opened on line ${m[2]} and must be closed first.`;
  }
  if ((m = /^Closing tag '([^']*)' has not been opened\.$/.exec(msg))) {
    return `The XML is not well-formed: </${m[1]}> on line ${line} closes an element that was never opened.`;
  }
  if (/^char '&' is not expected\.$/.test(msg)) {
    return `The XML is not well-formed: a bare "&" on line ${line}, column ${col}; in XML text it must be written &amp;.`;
  }
  if (/^Multiple possible root nodes found\.$/.test(msg)) {
    return `The XML is not well-formed: a second top-level element starts on line ${line}; a message has exactly one, <REQUEST>.`;
  }
  if (/^Extra text at the end$/.test(msg)) {
    return `The XML is not well-formed: there is text after the closing </REQUEST>, on line ${line}.`;
  }
  if (/^Start tag expected\.$/.test(msg)) {
    return 'The XML has no element at all: a message is <REQUEST>…</REQUEST>.';
  }
  if ((m = /^char '(.)' is not expected\.$/.exec(msg))) {
    return `The XML is not well-formed: unexpected text ${JSON.stringify(m[1])} on line ${line}, column ${col}, outside any element.`;
  }
  if ((m = /^Tag '([^']*)' is an invalid name\.$/.exec(msg))) {
    return `The XML is not well-formed: "<${m[1]!.slice(0, 40)}" on line ${line} is not a valid element name.`;
  }
  return `The XML is not well-formed (line ${line}, column ${col}): ${msg}`;
}

/**
 * Parses a FusionInventory message. Throws FusionXmlError saying where the XML is broken, or
 * what is missing (the REQUEST root). A DOCTYPE (or an entity declaration) anywhere is refused
 * before any parsing: agents never send one, and its entities could expand without bound.
 */
export function parseFusionXml(xml: string): FusionRequest {
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) throw new FusionXmlError('XML with a DOCTYPE is refused: agents never send one, and its entities could expand without bound.');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FusionXmlError(describeXmlError(xml, valid.err));
  const parsed = obj(parser.parse(xml));
  const request = obj(parsed?.REQUEST);
  if (!request) {
    const root = parsed ? Object.keys(parsed)[0] : undefined;
    throw new FusionXmlError(`The XML is not a FusionInventory request: its root element is <${root ?? '?'}>, not <REQUEST>.`);
  }
  const query = text(request.QUERY)?.toUpperCase() ?? 'INVENTORY';
  return { query, deviceId: text(request.DEVICEID), content: obj(request.CONTENT) };
}

/** Lowercases keys, drops empty values; arrays stay arrays. */
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(lowerKeys).filter((v) => v !== undefined);
  }
  const o = obj(value);
  if (o) {
    const out: Loose = {};
    for (const [key, child] of Object.entries(o)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      const converted = lowerKeys(child);
      if (converted === undefined) continue;
      out[key.toLowerCase()] = converted;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (typeof value === 'string') return value === '' ? undefined : value;
  return value;
}

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.round(value) : undefined;
  if (typeof value !== 'string' || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value));
}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

function validYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2999;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date in GLPI's form, or undefined when it cannot be read. `slashOrder` says how to read
 * a `nn/nn/yyyy` date: FusionInventory writes software install dates day first, BIOS dates
 * (from dmidecode) month first.
 */
export function convertDate(value: string, kind: DateKind, slashOrder: 'dmy' | 'mdy' = 'dmy'): string | undefined {
  const v = value.trim();
  let ymd: string | null = null;
  let time: string | null = null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validYmd(y, mo, d)) return undefined;
    ymd = `${y}-${pad(mo)}-${pad(d)}`;
    if (m[4] !== undefined) time = `${pad(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}`;
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(v))) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    let [d, mo] = slashOrder === 'dmy' ? [a, b] : [b, a];
    // An impossible month means the other order (e.g. 25/12/2020 read month first).
    if (mo > 12 && d <= 12) [d, mo] = [mo, d];
    if (!validYmd(y, mo, d)) return undefined;
    ymd = `${y}-${pad(mo)}-${pad(d)}`;
    if (m[4] !== undefined) time = `${pad(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}`;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v))) {
    const iso = new Date(v).toISOString();
    ymd = iso.slice(0, 10);
    time = iso.slice(11, 19);
  }
  if (!ymd) return undefined;
  if (kind === 'date') return ymd;
  if (kind === 'datetime') return `${ymd} ${time ?? '00:00:00'}`;
  return time ? `${ymd} ${time}` : ymd;
}

function entries(section: unknown): Loose[] {
  if (Array.isArray(section)) return section.map(obj).filter((e): e is Loose => e !== null);
  const single = obj(section);
  return single ? [single] : [];
}

function rename(entry: Loose, from: string, to: string): void {
  if (from in entry) {
    if (!(to in entry)) entry[to] = entry[from];
    delete entry[from];
  }
}

/**
 * Converts the CONTENT of a FusionInventory inventory into GLPI native inventory content.
 * The input is not modified.
 */
export function fusionContentToGlpi(rawContent: Loose): { content: Loose; tag: string | null } {
  const content = (lowerKeys(rawContent) as Loose | undefined) ?? {};

  // A section that is a list in GLPI's schema but came as a lone object (when parsed elsewhere).
  for (const name of LIST_SECTIONS) {
    const key = name.toLowerCase();
    if (key in content && !Array.isArray(content[key])) content[key] = entries(content[key]);
  }

  let tag: string | null = null;
  for (const info of entries(content.accountinfo)) {
    if (text(info.keyname)?.toUpperCase() === 'TAG' && text(info.keyvalue)) tag = text(info.keyvalue);
  }
  delete content.accountinfo;

  rename(content, 'firewall', 'firewalls');
  const hardware = obj(content.hardware);
  if (hardware && 'versionclient' in hardware) {
    if (!('versionclient' in content)) content.versionclient = hardware.versionclient;
    delete hardware.versionclient;
  }

  for (const network of entries(content.networks)) {
    rename(network, 'macaddr', 'mac');
    const type = text(network.type)?.toLowerCase();
    if (type !== undefined) {
      const normalised = type === 'local' ? 'loopback' : type;
      if (NETWORK_TYPES.has(normalised)) network.type = normalised;
      else delete network.type;
    }
    const status = text(network.status)?.toLowerCase();
    if (status !== undefined) {
      if (NETWORK_STATUSES.has(status)) network.status = status;
      else delete network.status;
    }
  }
  for (const software of entries(content.softwares)) rename(software, 'installdate', 'install_date');
  for (const storage of entries(content.storages)) {
    rename(storage, 'serialnumber', 'serial');
    if (text(storage.interface)?.toLowerCase() === 'serial-ata') storage.interface = 'SATA';
  }
  for (const group of entries(content.local_groups)) {
    rename(group, 'member', 'members');
    if (group.members !== undefined && !Array.isArray(group.members)) group.members = [group.members];
  }
  const provider = obj(content.versionprovider);
  if (provider?.comments !== undefined && !Array.isArray(provider.comments)) provider.comments = [provider.comments];
  for (const cpu of entries(content.cpus)) {
    if (typeof cpu.arch === 'string') cpu.arch = cpu.arch.toLowerCase();
  }
  const timezone = obj(obj(content.operatingsystem)?.timezone);
  if (timezone && typeof timezone.offset === 'string') {
    if (/^[+-]\d{2}$/.test(timezone.offset)) timezone.offset = `${timezone.offset}00`;
    if (timezone.name === undefined) timezone.name = timezone.offset;
  }

  for (const [section, fields] of Object.entries(INTEGER_FIELDS)) {
    for (const entry of entries(content[section])) {
      for (const field of fields) {
        if (!(field in entry)) continue;
        const n = toInteger(entry[field]);
        if (n === undefined) delete entry[field];
        else entry[field] = n;
      }
    }
  }
  for (const [section, fields] of Object.entries(BOOLEAN_FIELDS)) {
    for (const entry of entries(content[section])) {
      for (const field of fields) if (field in entry) entry[field] = toBoolean(entry[field]);
    }
  }
  for (const [section, fields] of Object.entries(DATE_FIELDS)) {
    for (const entry of entries(content[section])) {
      for (const [field, kind] of Object.entries(fields)) {
        if (!(field in entry)) continue;
        const converted = typeof entry[field] === 'string' ? convertDate(entry[field], kind, section === 'bios' ? 'mdy' : 'dmy') : undefined;
        if (converted === undefined) delete entry[field];
        else entry[field] = converted;
      }
    }
  }

  for (const section of DROPPED_SECTIONS) delete content[section];
  for (const [section, fields] of Object.entries(DROPPED_FIELDS)) {
    for (const entry of entries(content[section])) for (const field of fields) delete entry[field];
  }
  return { content, tag };
}

/**
 * The GLPI native inventory document of a FusionInventory INVENTORY request. Throws
 * FusionXmlError when the request has no CONTENT or no DEVICEID.
 */
export function fusionRequestToGlpi(request: FusionRequest): ConvertedInventory {
  if (!request.deviceId) throw new FusionXmlError('The request has no <DEVICEID>: every agent message must name its device id.');
  if (!request.content) throw new FusionXmlError('The INVENTORY request has no <CONTENT>: there is nothing to record.');
  const { content, tag } = fusionContentToGlpi(request.content);
  const document: ConvertedInventory = { action: 'inventory', deviceid: request.deviceId, itemtype: 'Computer', content };
  if (tag) document.tag = tag;
  return document;
}
