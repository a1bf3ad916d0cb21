/**
 * Identity values of a device (serial number, SMBIOS UUID, MAC addresses, name), normalised
 * and with the junk left out, the same on the desktop app and the server.
 *
 * Why junk filtering comes first: firmware vendors ship boards with placeholder values
 * ("To Be Filled By O.E.M.", an all-F UUID, …) shared by thousands of machines, and virtual
 * adapters (VMware, VirtualBox, Docker bridges, …) carry MACs that many hosts share or that
 * change at every boot. Matching on such a value would merge unrelated machines into one
 * asset. The lists follow GLPI's default blacklists (src/Blacklist.php, `getDefaults`) and
 * its rule that a blacklisted value is treated as absent; we add the well-known virtual
 * adapter OUIs GLPI leaves to the administrator.
 *
 * Every `normalise*` function returns the comparison form of a value, or null when the value
 * is absent, malformed or junk. Two devices share a value when their normalised forms are
 * equal.
 */

/** Trims, and collapses runs of whitespace into one space. */
function tidy(raw: string | null | undefined): string {
  return (raw ?? '').replace(/\s+/g, ' ').trim();
}

/** True when the text is one character repeated ("0000", "xxxxxxx", "FFFF"), or empty. */
function isOneCharRepeated(text: string): boolean {
  return text.length === 0 || [...text].every((c) => c === text[0]);
}

/**
 * Placeholder serial numbers, compared case-insensitively after trimming. GLPI's defaults
 * (N/A, none, To Be Filled By O.E.M., System Serial Number, the 123… runs, …) plus the
 * placeholders AMI/Insyde BIOSes and hypervisors commonly report (Default string, Not
 * Applicable, Chassis Serial Number, …).
 */
export const JUNK_SERIALS: readonly string[] = [
  'n/a',
  'na',
  'none',
  '(null string)',
  'null',
  'invalid',
  'empty',
  'unknow',
  'unknown',
  'not specified',
  'not applicable',
  'not available',
  'to be filled by o.e.m.',
  'to be filled by oem',
  'default string',
  'default_string',
  'system serial number',
  'systemserialnumb',
  'chassis serial number',
  'base board serial number',
  'serial number xxxxxx',
  'oem_serial',
  'o.e.m.',
  'oem',
  'eval',
  'iatpass',
  'tulip computers',
  'sys-1234567890',
  'sys-9876543210',
  'sn-12345',
  'sn-1234567890',
  'sn-123456fvgv3i0b8o5n6n7k',
  'mb-1234567890',
  '0123456789',
  '12345',
  '123456',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '123456789000',
  '12345678901234567',
];
const JUNK_SERIAL_SET = new Set(JUNK_SERIALS);

/**
 * Patterns of junk serials, as in GLPI's defaults: only zeros and ones ("0", "0000",
 * "1111", "0101"), one character repeated ("NNNNNNN", "xxxxxxxxxxx"), and anything that
 * looks like a version number ("1.0", "2.3.4") — BIOSes that put their version in the serial
 * field. The version pattern is unanchored, like GLPI's.
 */
const JUNK_SERIAL_PATTERNS: readonly RegExp[] = [/^[01]+$/, /\d\.\d(\.\d)?/];

/** The comparison form of a serial number (trimmed, upper case), or null when absent or junk. */
export function normaliseSerial(raw: string | null | undefined): string | null {
  const text = tidy(raw);
  if (isOneCharRepeated(text)) return null;
  if (JUNK_SERIAL_SET.has(text.toLowerCase())) return null;
  if (JUNK_SERIAL_PATTERNS.some((p) => p.test(text))) return null;
  return text.toUpperCase();
}

/**
 * Placeholder SMBIOS UUIDs (lower case): GLPI's defaults — all F, the "03000200-0400-…"
 * sequence several board vendors ship, a Lenovo/IBM placeholder, all 01 — and all zeros.
 */
export const JUNK_UUIDS: readonly string[] = [
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  '03000200-0400-0500-0006-000700080009',
  '6ab5b300-538d-1014-9fb5-b0684d007b53',
  '01010101-0101-0101-0101-010101010101',
];
const JUNK_UUID_SET = new Set(JUNK_UUIDS);

/**
 * The comparison form of a UUID (trimmed, lower case, braces dropped), or null when absent
 * or junk. Not every agent reports an RFC 4122 UUID (phones report a 16-character id, and
 * some BIOSes non-hex letters), so any other text is kept as it is: it is an identifier all
 * the same. Junk: the placeholders above and any one character repeated once the dashes are
 * dropped (all F, all 0, GLPI's "2").
 */
export function normaliseUuid(raw: string | null | undefined): string | null {
  const text = tidy(raw).replace(/^\{(.*)\}$/, '$1').trim().toLowerCase();
  if (isOneCharRepeated(text.replace(/-/g, ''))) return null;
  if (JUNK_UUID_SET.has(text)) return null;
  return text;
}

/**
 * MAC prefixes of virtual adapters (lower case, colon-separated): their addresses are made
 * up by a hypervisor or container runtime, shared between hosts or regenerated at will, so
 * they say nothing about which physical machine this is. A virtual machine is still matched
 * by its serial, UUID or name.
 */
export const VIRTUAL_MAC_PREFIXES: readonly { prefix: string; vendor: string }[] = [
  { prefix: '00:50:56', vendor: 'VMware (vSphere, Workstation vmnet adapters)' },
  { prefix: '00:0c:29', vendor: 'VMware (generated guest NICs)' },
  { prefix: '00:05:69', vendor: 'VMware (older products)' },
  { prefix: '00:1c:14', vendor: 'VMware' },
  { prefix: '08:00:27', vendor: 'Oracle VirtualBox guest NICs' },
  { prefix: '0a:00:27', vendor: 'Oracle VirtualBox host-only adapters' },
  { prefix: '00:15:5d', vendor: 'Microsoft Hyper-V' },
  { prefix: '00:03:ff', vendor: 'Microsoft Virtual PC / Virtual Server' },
  { prefix: '02:42', vendor: 'Docker bridges and containers' },
  { prefix: '52:54:00', vendor: 'QEMU/KVM (libvirt virbr bridges and guests)' },
  { prefix: '00:1c:42', vendor: 'Parallels' },
  { prefix: '00:16:3e', vendor: 'Xen' },
  { prefix: '00:21:f6', vendor: 'Oracle VM' },
  { prefix: '00:0f:4b', vendor: 'Oracle VM (Virtual Iron)' },
];

/**
 * Individual junk MACs from GLPI's defaults (dial-up, WAN miniport, mobile broadband and VPN
 * adapters whose address is the same on every machine).
 */
export const JUNK_MACS: readonly string[] = [
  '20:41:53:59:4e:ff',
  '02:00:4e:43:50:49',
  'e2:e6:16:20:0a:35',
  'd2:0a:2d:a0:04:be',
  '00:a0:c6:00:00:00',
  'd2:6b:25:2f:2c:e7',
  '33:50:6f:45:30:30',
  '02:80:37:ec:02:00',
  '50:50:54:50:30:30',
  '24:b6:20:52:41:53',
  'fe:ff:ff:ff:ff:ff',
  '00:0b:ca:fe:00:00',
];
const JUNK_MAC_SET = new Set(JUNK_MACS);

/**
 * Reads a MAC address written with colons, dashes, dots (Cisco "0011.2233.4455") or no
 * separator, in any case; returns "aa:bb:cc:dd:ee:ff", or null when it is not 12 hex digits.
 */
export function parseMac(raw: string | null | undefined): string | null {
  const text = tidy(raw);
  const hex = text.replace(/[:\-.\s]/g, '');
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return null;
  // Separators, when present, must split the digits into pairs (colons/dashes) or quads (dots).
  if (text.length !== hex.length && !/^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(text) && !/^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/i.test(text)) {
    return null;
  }
  return hex.toLowerCase().match(/../g)!.join(':');
}

/** Why a (well-formed) MAC is junk, or null when it identifies a physical adapter. */
export function macJunkReason(mac: string): string | null {
  if (mac === '00:00:00:00:00:00') return 'all zeros';
  if (mac === 'ff:ff:ff:ff:ff:ff') return 'broadcast';
  // The low bit of the first octet marks a group (multicast) address, never an adapter's own.
  if ((parseInt(mac.slice(0, 2), 16) & 1) === 1) return 'multicast';
  if (JUNK_MAC_SET.has(mac)) return 'shared by a dial-up, WAN or VPN adapter';
  const virtual = VIRTUAL_MAC_PREFIXES.find((v) => mac.startsWith(v.prefix));
  if (virtual) return `virtual adapter: ${virtual.vendor}`;
  return null;
}

/** The comparison form of a MAC ("aa:bb:cc:dd:ee:ff"), or null when absent, malformed or junk. */
export function normaliseMac(raw: string | null | undefined): string | null {
  const mac = parseMac(raw);
  if (mac === null || macJunkReason(mac) !== null) return null;
  return mac;
}

/**
 * Network interfaces that are not a physical adapter of this machine, recognised by name
 * (Linux and macOS interface names, as agents report them in `description`/`name`). Agents
 * flag some of them virtual (GLPI Agent's and FusionInventory's `virtualdev`), not all:
 * OCS Inventory's agent flags none, and kernel devices such as ifb0 carry made-up MACs that
 * change at every boot. Their MACs never identify a device.
 */
export const VIRTUAL_INTERFACE_NAMES: readonly { pattern: RegExp; kind: string }[] = [
  { pattern: /^lo\d*$/i, kind: 'loopback' },
  { pattern: /^ifb\d+$/i, kind: 'intermediate functional block (traffic shaping)' },
  { pattern: /^veth/, kind: 'virtual Ethernet pair (containers)' },
  { pattern: /^docker\d*$/i, kind: 'Docker bridge' },
  { pattern: /^br-[0-9a-f]{6,}$/i, kind: 'Docker network bridge' },
  { pattern: /^(virbr\d+(-nic)?|vnet\d+|macvtap\d+)$/i, kind: 'libvirt bridge or guest interface' },
  { pattern: /^vmnet\d+$/i, kind: 'VMware host adapter' },
  { pattern: /^vboxnet\d+$/i, kind: 'VirtualBox host-only adapter' },
  { pattern: /^(tun|tap|utun)\d*$/i, kind: 'tunnel (tun/tap)' },
  { pattern: /^(wg|tailscale|zt|nordlynx|ppp|ipsec|vti|ip_vti|ip6_vti|ip6tnl|sit|gre|gretap|erspan|ip6gre|tunl|vxlan|geneve|flannel|cni|cali|weave|kube-ipvs|cilium|lxcbr|lxdbr|podman|virtual|dummy|nlmon)/i, kind: 'tunnel, VPN, overlay or software interface' },
  { pattern: /^(awdl|llw|anpi|ap|bridge|gif|stf|p2p)\d+$/i, kind: 'macOS software interface' },
];

/** Interface types (GLPI's `type`) that are never a physical adapter. */
const VIRTUAL_INTERFACE_TYPES = new Map([
  ['loopback', 'loopback'],
  ['local', 'loopback'],
  ['bridge', 'bridge'],
  ['alias', 'alias of another interface'],
  ['dialup', 'dial-up'],
  ['tunnel', 'tunnel'],
]);

/** Windows adapter descriptions of virtual adapters on a host (a guest's own adapter is filtered by its MAC prefix). */
const VIRTUAL_ADAPTER_DESCRIPTIONS = /(virtual (ethernet )?adapter|host-only|tap-windows|wintun|wan miniport|loopback|pseudo-interface|vpn|tunnel|wi-fi direct)/i;

/** A network interface as agents describe it (GLPI inventory `networks[]` row, loosely). */
export interface InterfaceFacts {
  name?: string | null;
  description?: string | null;
  type?: string | null;
  /** The agent's own flag (GLPI/FusionInventory `virtualdev`, the app's scan). */
  virtualdev?: boolean | number | string | null;
}

/** Why an interface is virtual (by the agent's flag, its name or its kind), or null when it may be a physical adapter. */
export function virtualInterfaceReason(card: InterfaceFacts): string | null {
  const flag = card.virtualdev;
  if (flag === true || flag === 1 || (typeof flag === 'string' && ['1', 'true', 'yes'].includes(flag.trim().toLowerCase()))) return 'flagged virtual by the agent';
  const type = tidy(typeof card.type === 'string' ? card.type : '').toLowerCase();
  const byType = VIRTUAL_INTERFACE_TYPES.get(type);
  if (byType) return `virtual interface: ${byType}`;
  for (const text of [card.description, card.name]) {
    const name = tidy(typeof text === 'string' ? text : '');
    if (!name) continue;
    const known = VIRTUAL_INTERFACE_NAMES.find((v) => v.pattern.test(name));
    if (known) return `virtual interface: ${known.kind}`;
    if (VIRTUAL_ADAPTER_DESCRIPTIONS.test(name)) return 'virtual interface: a virtual or tunnel adapter';
  }
  return null;
}

/** Host names that every fresh install or container carries. */
export const JUNK_NAMES: readonly string[] = [
  'localhost',
  'localhost.localdomain',
  'localhost6',
  'localhost6.localdomain6',
  '(none)',
  'none',
  'unknown',
  'default string',
  'to be filled by o.e.m.',
];
const JUNK_NAME_SET = new Set(JUNK_NAMES);

/** The comparison form of a device name (trimmed, lower case), or null when absent or junk. */
export function normaliseName(raw: string | null | undefined): string | null {
  const text = tidy(raw).toLowerCase();
  if (text.length === 0 || JUNK_NAME_SET.has(text)) return null;
  return text;
}
