/**
 * The inventory probes: one function per section of a GLPI inventory. Each takes its
 * dependencies (the systeminformation module, a command runner, a file reader, the platform)
 * so tests replace them with recorded outputs, and returns plain data already in GLPI's
 * shape and units (MB, MHz, mWh, mV, "YYYY-MM-DD HH:MM:SS"), so glpi.ts only assembles.
 * A probe throws when its source is unavailable; scan.ts turns that into an empty section
 * with a note, so one missing command never aborts the whole inventory.
 */
import type * as si from 'systeminformation';
import type {
  GlpiBattery,
  GlpiBios,
  GlpiCpu,
  GlpiDrive,
  GlpiHardware,
  GlpiLocalUser,
  GlpiMemory,
  GlpiMonitor,
  GlpiNetwork,
  GlpiOperatingSystem,
  GlpiPrinter,
  GlpiSoftware,
  GlpiStorage,
  GlpiUsbDevice,
  GlpiVideo,
} from './types';
import { isIPv4 } from 'node:net';

/** The part of systeminformation the probes use (tests pass a stub with the same shape). */
export type SystemInformation = Pick<
  typeof si,
  | 'system'
  | 'bios'
  | 'baseboard'
  | 'chassis'
  | 'uuid'
  | 'cpu'
  | 'mem'
  | 'memLayout'
  | 'diskLayout'
  | 'fsSize'
  | 'networkInterfaces'
  | 'networkGatewayDefault'
  | 'osInfo'
  | 'time'
  | 'battery'
  | 'graphics'
  | 'usb'
  | 'printer'
>;

/** Runs a program without a shell and resolves with its standard output; rejects when it fails. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

/** The file-system reads the probes need. */
export interface ProbeFs {
  readFile(path: string): Promise<string>;
  /** Creation time (or modification time where the file system has none) in ms; rejects when absent. */
  createdAt(path: string): Promise<number>;
}

export interface ProbeDeps {
  si: SystemInformation;
  run: CommandRunner;
  fs: ProbeFs;
  platform: NodeJS.Platform;
  /** The machine id (node-machine-id), used when the firmware gives no uuid. */
  machineId: () => Promise<string>;
  now: () => number;
  /** The process environment (the `container` variable container runtimes set); process.env when absent. */
  env?: Record<string, string | undefined>;
}

/** The container runtimes, by what they leave behind, with the names FusionInventory and GLPI give them. */
const CONTAINER_NAMES: Record<string, string> = {
  docker: 'Docker',
  podman: 'Podman',
  libpod: 'Podman',
  lxc: 'LXC',
  'lxc-libvirt': 'LXC',
  'systemd-nspawn': 'systemd-nspawn',
  kubepods: 'Kubernetes',
  containerd: 'containerd',
  wsl: 'WSL',
};

/**
 * The container runtime this process runs in (Linux), or undefined on a machine or VM of its
 * own: the `container` environment variable (systemd's convention, set by Podman, LXC,
 * systemd-nspawn), Docker's /.dockerenv, Podman's /run/.containerenv, then the cgroup of
 * process 1. A container shares its host's hardware, so systeminformation's own answer
 * (Physical, or the host's hypervisor) says nothing about it.
 */
export async function containerRuntime(d: Pick<ProbeDeps, 'fs' | 'platform' | 'env'>): Promise<string | undefined> {
  if (d.platform !== 'linux') return undefined;
  const exists = (path: string) => d.fs.readFile(path).then(() => true, () => false);
  const declared = str((d.env ?? process.env).container)?.toLowerCase();
  if (declared) return CONTAINER_NAMES[declared] ?? declared;
  if (await exists('/.dockerenv')) return 'Docker';
  if (await exists('/run/.containerenv')) return 'Podman';
  const cgroup = await d.fs.readFile('/proc/1/cgroup').catch(() => '');
  for (const [marker, name] of [['kubepods', 'Kubernetes'], ['docker', 'Docker'], ['libpod', 'Podman'], ['lxc', 'LXC'], ['containerd', 'containerd']] as const) {
    if (new RegExp(`[/.]${marker}|${marker}[-/.]`).test(cgroup)) return name;
  }
  return undefined;
}

const MB = 1024 * 1024;

/** Bytes to whole MB, as GLPI counts memory and disks. */
export function toMB(bytes: number | null | undefined): number | undefined {
  return typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0 ? Math.round(bytes / MB) : undefined;
}

/** A local date-time as GLPI writes it: "YYYY-MM-DD HH:MM:SS". */
export function glpiDateTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "+0200"-style offset of the local time zone. */
export function glpiTzOffset(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** A non-empty trimmed string, or undefined (GLPI omits unknown fields rather than sending ""). */
function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  // systeminformation writes "-" where it found nothing.
  return t === '' || t === '-' ? undefined : t;
}

function int(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : undefined;
}

/** Drops undefined fields so the JSON carries only what was found. */
function clean<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

/** Node's arch names to the ones GLPI's schema accepts (anything else is omitted). */
export function glpiArch(arch: string | undefined): string | undefined {
  const map: Record<string, string> = { x64: 'x86_64', ia32: 'i686', arm64: 'aarch64', arm: 'arm', ppc64: 'powerpc64' };
  const a = arch === undefined ? undefined : (map[arch] ?? arch);
  return a !== undefined && /^(mips|mips64|alpha|sparc|sparc64|m68k|i\d86|x86_64|powerpc|powerpc64|arm.*|aarch64)$/.test(a)
    ? a
    : undefined;
}

export async function probeHardware(d: ProbeDeps): Promise<GlpiHardware> {
  const [system, chassis, mem, os] = await Promise.all([d.si.system(), d.si.chassis(), d.si.mem(), d.si.osInfo()]);
  let uuid = str(system.uuid);
  if (uuid === undefined) uuid = str((await d.si.uuid()).hardware) ?? str(await d.machineId());
  const gateway = await d.si.networkGatewayDefault().catch(() => '');
  const container = await containerRuntime(d);
  return clean({
    name: str(os.hostname),
    uuid,
    chassis_type: str(chassis.type),
    memory: toMB(mem.total),
    swap: toMB(mem.swaptotal),
    // A container first: it is one whatever its host is (as FusionInventory says "Docker").
    vmsystem: container ?? (system.virtual ? (str(system.virtualHost) ?? 'Virtual') : 'Physical'),
    defaultgateway: str(gateway),
  });
}

export async function probeBios(d: ProbeDeps): Promise<GlpiBios> {
  const [bios, system, board, chassis] = await Promise.all([d.si.bios(), d.si.system(), d.si.baseboard(), d.si.chassis()]);
  const date = str(bios.releaseDate);
  return clean({
    bmanufacturer: str(bios.vendor),
    bversion: str(bios.version),
    bdate: date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined,
    biosserial: str(bios.serial),
    smanufacturer: str(system.manufacturer),
    smodel: str(system.model),
    ssn: str(system.serial),
    skunumber: str(system.sku),
    mmanufacturer: str(board.manufacturer),
    mmodel: str(board.model),
    msn: str(board.serial),
    assettag: str(board.assetTag) ?? str(chassis.assetTag),
    enclosureserial: str(chassis.serial),
  });
}

export async function probeCpus(d: ProbeDeps): Promise<GlpiCpu[]> {
  const [cpu, os] = await Promise.all([d.si.cpu(), d.si.osInfo()]);
  const sockets = Math.max(1, cpu.processors || 1);
  const cores = cpu.physicalCores || cpu.cores;
  const entry: GlpiCpu = clean({
    name: str(cpu.brand) !== undefined ? [str(cpu.manufacturer), str(cpu.brand)].filter(Boolean).join(' ') : undefined,
    manufacturer: str(cpu.manufacturer),
    familynumber: str(cpu.family),
    model: str(cpu.model),
    stepping: int(cpu.stepping),
    speed: int((cpu.speedMax || cpu.speed) * 1000) || undefined,
    core: cores ? Math.round(cores / sockets) : undefined,
    corecount: cores ? Math.round(cores / sockets) : undefined,
    thread: cores && cpu.cores ? Math.max(1, Math.round(cpu.cores / cores)) : undefined,
    arch: glpiArch(os.arch),
  });
  return Array.from({ length: sockets }, () => ({ ...entry }));
}

export async function probeMemories(d: ProbeDeps): Promise<GlpiMemory[]> {
  const layout = await d.si.memLayout();
  return layout.map((m, i) =>
    clean({
      capacity: toMB(m.size),
      caption: str(m.bank),
      type: str(m.type),
      speed: m.clockSpeed ? `${m.clockSpeed} MT/s` : undefined,
      manufacturer: str(m.manufacturer),
      model: str(m.partNum),
      serialnumber: str(m.serialNum),
      formfactor: str(m.formFactor),
      memorycorrection: m.ecc === undefined ? undefined : m.ecc ? 'ECC' : 'None',
      numslots: i + 1,
    }),
  );
}

export async function probeStorages(d: ProbeDeps): Promise<GlpiStorage[]> {
  const disks = await d.si.diskLayout();
  return disks.map((s) =>
    clean({
      name: str(s.device) ?? str(s.name),
      model: str(s.name),
      manufacturer: str(s.vendor),
      disksize: toMB(s.size),
      serial: str(s.serialNum),
      firmware: str(s.firmwareRevision),
      interface: str(s.interfaceType),
      description: str(s.type),
      type: 'disk',
    }),
  );
}

export async function probeDrives(d: ProbeDeps): Promise<GlpiDrive[]> {
  const sizes = await d.si.fsSize();
  const windows = d.platform === 'win32';
  return sizes.map((f) =>
    clean({
      volumn: str(f.fs),
      filesystem: str(f.type),
      total: toMB(f.size),
      free: toMB(f.available),
      type: windows ? undefined : str(f.mount),
      letter: windows ? str(f.mount) : undefined,
    }),
  );
}

/** The network address of an IPv4 address under a mask ("192.168.1.7"/"255.255.255.0" -> "192.168.1.0"). */
export function ipv4Subnet(ip: string, mask: string): string | undefined {
  if (!isIPv4(ip) || !isIPv4(mask)) return undefined;
  const a = ip.split('.').map(Number);
  const m = mask.split('.').map(Number);
  return a.map((x, i) => x & (m[i] ?? 0)).join('.');
}

const NET_STATUS = new Set(['up', 'down', 'dormant', 'notpresent', 'lowerlayerdown', 'unknown', 'testing']);

export async function probeNetworks(d: ProbeDeps): Promise<GlpiNetwork[]> {
  const found = await d.si.networkInterfaces();
  const list = Array.isArray(found) ? found : [found];
  return list.map((n) => {
    const ip = str(n.ip4);
    const mask = str(n.ip4subnet);
    const type = n.internal ? 'loopback' : n.type === 'wireless' ? 'wifi' : n.type === 'wired' ? 'ethernet' : undefined;
    const status = str(n.operstate);
    return clean({
      description: str(n.ifaceName) ?? n.iface,
      mac: str(n.mac),
      ipaddress: ip !== undefined && isIPv4(ip) ? ip : undefined,
      ipmask: mask !== undefined && isIPv4(mask) ? mask : undefined,
      ipsubnet: ip !== undefined && mask !== undefined ? ipv4Subnet(ip, mask) : undefined,
      ipaddress6: str(n.ip6),
      ipmask6: str(n.ip6subnet),
      status: status !== undefined && NET_STATUS.has(status) ? status : undefined,
      type,
      virtualdev: Boolean(n.virtual || n.internal),
      speed: typeof n.speed === 'number' && n.speed > 0 ? String(n.speed) : undefined,
      mtu: typeof n.mtu === 'number' && n.mtu > 0 ? n.mtu : undefined,
    });
  });
}

/**
 * When the operating system was installed. Linux: the creation time of the installer's log
 * directory or of the root file system; Windows: the registry's InstallDate (seconds since 1970).
 * Undefined where neither can be read (macOS has no reliable source).
 */
export async function osInstallDate(d: ProbeDeps): Promise<number | undefined> {
  if (d.platform === 'win32') {
    const out = await d
      .run('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', '/v', 'InstallDate'])
      .catch(() => '');
    const m = /InstallDate\s+REG_DWORD\s+0x([0-9a-f]+)/i.exec(out);
    return m?.[1] !== undefined ? parseInt(m[1], 16) * 1000 : undefined;
  }
  if (d.platform !== 'linux') return undefined;
  for (const path of ['/var/log/installer', '/etc/machine-id', '/']) {
    const at = await d.fs.createdAt(path).catch(() => 0);
    if (at > 0) return at;
  }
  return undefined;
}

export async function probeOperatingSystem(d: ProbeDeps): Promise<GlpiOperatingSystem> {
  const [os, time, installed] = await Promise.all([d.si.osInfo(), d.si.time(), osInstallDate(d)]);
  const now = d.now();
  const name = str(os.distro);
  const version = str(os.release);
  return clean({
    name,
    version,
    full_name: [name, version, str(os.codename) ? `(${os.codename})` : undefined].filter(Boolean).join(' ') || undefined,
    kernel_name: str(os.platform),
    kernel_version: str(os.kernel),
    arch: glpiArch(os.arch),
    fqdn: str(os.fqdn),
    service_pack: str(os.servicepack),
    boot_time: typeof time.uptime === 'number' && time.uptime > 0 ? glpiDateTime(now - time.uptime * 1000) : undefined,
    install_date: installed !== undefined ? glpiDateTime(installed) : undefined,
    timezone: { name: str(time.timezoneName) ?? str(time.timezone) ?? 'UTC', offset: glpiTzOffset(now) },
  });
}

function oneBattery(b: si.Systeminformation.BatteryData): GlpiBattery {
  // GLPI wants mWh; Linux reports mWh, macOS and some laptops mAh (times the voltage gives mWh).
  const toMWh = (v: number) => (b.capacityUnit === 'mAh' ? (b.voltage > 0 ? v * b.voltage : undefined) : v);
  return clean({
    name: str(b.model),
    manufacturer: str(b.manufacturer),
    serial: str(b.serial),
    chemistry: str(b.type),
    capacity: b.designedCapacity ? int(toMWh(b.designedCapacity)) : undefined,
    real_capacity: b.maxCapacity ? int(toMWh(b.maxCapacity)) : undefined,
    voltage: b.voltage > 0 ? Math.round(b.voltage * 1000) : undefined,
  });
}

export async function probeBatteries(d: ProbeDeps): Promise<GlpiBattery[]> {
  const b = await d.si.battery();
  if (!b.hasBattery) return [];
  return [oneBattery(b), ...(b.additionalBatteries ?? []).filter((x) => x.hasBattery).map(oneBattery)];
}

export async function probeGraphics(d: ProbeDeps): Promise<{ monitors: GlpiMonitor[]; videos: GlpiVideo[] }> {
  const g = await d.si.graphics();
  const main = g.displays.find((x) => x.main) ?? g.displays[0];
  const resolution = main?.resolutionX && main.resolutionY ? `${main.resolutionX}x${main.resolutionY}` : undefined;
  return {
    videos: g.controllers.map((c) =>
      clean({
        name: str(c.model),
        chipset: str(c.vendor),
        memory: c.vram ? int(c.vram) : undefined,
        resolution,
        pcislot: str(c.pciBus),
      }),
    ),
    monitors: g.displays.map((m) =>
      clean({
        name: str(m.model),
        caption: str(m.model),
        manufacturer: str(m.vendor),
        serial: str(m.serial),
        port: str(m.connection) ?? str(m.deviceName),
      }),
    ),
  };
}

export async function probeUsb(d: ProbeDeps): Promise<GlpiUsbDevice[]> {
  const list = await d.si.usb();
  return list.map((u) => {
    const ids = typeof u.id === 'string' ? /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(u.id) : null;
    return clean({
      name: str(u.name),
      caption: str(u.type),
      manufacturer: str(u.manufacturer) ?? str(u.vendor),
      serial: str(u.serialNumber),
      vendorid: ids?.[1],
      productid: ids?.[2],
    });
  });
}

export async function probePrinters(d: ProbeDeps): Promise<GlpiPrinter[]> {
  const list = await d.si.printer();
  return list
    .filter((p) => str(p.name) !== undefined)
    .map((p) =>
      clean({
        name: p.name.trim(),
        driver: str(p.model),
        port: str(p.uri),
        status: str(p.status),
        network: !p.local,
        shared: p.shared,
      }),
    );
}

/** Parses /etc/passwd: login:x:uid:gid:gecos:home:shell. */
export function parsePasswd(text: string): GlpiLocalUser[] {
  const users: GlpiLocalUser[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [login, , uid, , gecos, home, shell] = line.split(':');
    if (!login || uid === undefined || !/^\d+$/.test(uid)) continue;
    users.push(clean({ id: uid, login, name: str(gecos?.split(',')[0]) ?? login, home: str(home), shell: str(shell) }));
  }
  return users;
}

export async function probeLocalUsers(d: ProbeDeps): Promise<GlpiLocalUser[]> {
  if (d.platform === 'win32') {
    const out = await d.run('powershell', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-LocalUser | Select-Object Name,FullName,@{n="SID";e={$_.SID.Value}} | ConvertTo-Json -Compress',
    ]);
    const parsed: unknown = out.trim() === '' ? [] : JSON.parse(out);
    const rows = (Array.isArray(parsed) ? parsed : [parsed]) as { Name?: string; FullName?: string; SID?: string }[];
    return rows
      .filter((r) => str(r.SID) !== undefined)
      .map((r) => clean({ id: String(r.SID), login: str(r.Name), name: str(r.FullName) ?? str(r.Name) }));
  }
  return parsePasswd(await d.fs.readFile('/etc/passwd'));
}

// ---- software ----

/** dpkg-query's format: only packages whose status is "installed" count (not removed ones with config left). */
export const DPKG_ARGS = [
  '-W',
  '-f=${Package}\\t${Version}\\t${Maintainer}\\t${Architecture}\\t${Installed-Size}\\t${Section}\\t${db:Status-Status}\\t${binary:Summary}\\n',
] as const;

export function parseDpkg(out: string): GlpiSoftware[] {
  const list: GlpiSoftware[] = [];
  for (const line of out.split('\n')) {
    const [name, version, maintainer, arch, sizeKiB, section, status, summary] = line.split('\t');
    if (!name || status !== 'installed') continue;
    list.push(
      clean({
        name,
        version: str(version),
        publisher: str(maintainer),
        arch: str(arch),
        filesize: sizeKiB && /^\d+$/.test(sizeKiB) ? Number(sizeKiB) * 1024 : undefined,
        system_category: str(section),
        comments: str(summary),
        from: 'deb',
      }),
    );
  }
  return list;
}

export const RPM_ARGS = [
  '-qa',
  '--queryformat',
  '%{NAME}\\t%{ARCH}\\t%{VERSION}-%{RELEASE}\\t%{INSTALLTIME}\\t%{SIZE}\\t%{VENDOR}\\t%{GROUP}\\t%{SUMMARY}\\n',
] as const;

export function parseRpm(out: string): GlpiSoftware[] {
  const list: GlpiSoftware[] = [];
  for (const line of out.split('\n')) {
    const [name, arch, version, installTime, size, vendor, group, summary] = line.split('\t');
    if (!name) continue;
    const seconds = Number(installTime);
    list.push(
      clean({
        name,
        arch: arch === '(none)' ? undefined : str(arch),
        version: str(version),
        install_date: Number.isFinite(seconds) && seconds > 0 ? glpiDateTime(seconds * 1000).slice(0, 10) : undefined,
        filesize: size && /^\d+$/.test(size) ? Number(size) : undefined,
        publisher: vendor === '(none)' ? undefined : str(vendor),
        system_category: group === '(none)' ? undefined : str(group),
        comments: str(summary),
        from: 'rpm',
      }),
    );
  }
  return list;
}

/** `snap list` (Ubuntu and other distributions with snapd), plain ASCII: a verified publisher ends in `*`. */
export const SNAP_ARGS = ['list', '--color=never', '--unicode=never'] as const;

/**
 * Installed snaps from `snap list` (Name Version Rev Tracking Publisher Notes). The base snaps
 * and snapd itself are left out by the same test FusionInventory applies to the Notes column,
 * so both list the same software.
 */
export function parseSnapList(out: string): GlpiSoftware[] {
  const list: GlpiSoftware[] = [];
  for (const line of out.split('\n')) {
    const columns = line.trim().split(/\s+/);
    // A snap's row has all six columns (Notes is "-" when there are none) and a revision
    // (x1 when side-loaded); the header and messages such as "No snaps are installed yet" do not.
    if (columns.length < 6 || !/^x?\d+$/.test(columns[2] ?? '')) continue;
    const [name, version, , , publisher, notes] = columns;
    if (!name || !version) continue;
    if (notes && /^base|core|snapd$/.test(notes)) continue;
    list.push(clean({ name, version, publisher: publisher && publisher !== '-' ? publisher.replace(/[*✓]$/, '') : undefined, from: 'snap' }));
  }
  return list;
}

/** The Uninstall keys Windows lists installed programs under (machine, 32-bit view, current user). */
export const UNINSTALL_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
] as const;

/** Parses `reg query <key> /s`: blocks of "HKEY_…\Uninstall\<id>" followed by "    Name    REG_SZ    value". */
export function parseRegUninstall(out: string): GlpiSoftware[] {
  const list: GlpiSoftware[] = [];
  let key: string | undefined;
  let values: Record<string, string> = {};
  const flush = () => {
    const name = str(values.DisplayName);
    // Updates and system components are not installed software in GLPI's sense.
    if (key !== undefined && name !== undefined && values.SystemComponent !== '0x1' && !values.ParentKeyName) {
      const date = values.InstallDate;
      const guid = key.slice(key.lastIndexOf('\\') + 1);
      const sizeKiB = values.EstimatedSize ? parseInt(values.EstimatedSize, 16) : NaN;
      list.push(
        clean({
          name,
          version: str(values.DisplayVersion),
          publisher: str(values.Publisher),
          install_date: date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : undefined,
          uninstall_string: str(values.UninstallString),
          url_info_about: str(values.URLInfoAbout),
          helplink: str(values.HelpLink),
          folder: str(values.InstallLocation),
          guid: /^\{[0-9A-F-]+\}$/i.test(guid) ? guid : undefined,
          filesize: Number.isFinite(sizeKiB) ? sizeKiB * 1024 : undefined,
          no_remove: values.NoRemove === '0x1' ? true : undefined,
          from: 'registry',
        }),
      );
    }
    values = {};
  };
  for (const raw of out.split(/\r?\n/)) {
    if (raw.startsWith('HKEY_')) {
      flush();
      key = raw.trim();
      continue;
    }
    const m = /^\s+(\S.*?)\s{2,}(REG_\w+)\s{2,}(.*)$/.exec(raw) ?? /^\s+(\S.*?)\s{2,}(REG_\w+)$/.exec(raw);
    if (m?.[1] !== undefined) values[m[1]] = (m[3] ?? '').trim();
  }
  flush();
  return list;
}

interface MacApp {
  _name?: string;
  version?: string;
  obtained_from?: string;
  path?: string;
  lastModified?: string;
  info?: string;
  arch_kind?: string;
}

/** Parses `system_profiler SPApplicationsDataType -json` (one entry per application bundle). */
export function parseSystemProfilerApps(out: string): GlpiSoftware[] {
  const parsed = JSON.parse(out) as { SPApplicationsDataType?: MacApp[] };
  if (!Array.isArray(parsed.SPApplicationsDataType)) throw new Error('system_profiler gave no SPApplicationsDataType list');
  return parsed.SPApplicationsDataType.filter((a) => str(a._name) !== undefined).map((a) => {
    const modified = a.lastModified !== undefined ? Date.parse(a.lastModified) : NaN;
    return clean({
      name: String(a._name).trim(),
      version: str(a.version),
      publisher: str(a.info),
      folder: str(a.path),
      install_date: Number.isFinite(modified) ? glpiDateTime(modified).slice(0, 10) : undefined,
      system_category: str(a.obtained_from),
      from: 'mac',
    });
  });
}

export async function probeSoftwares(d: ProbeDeps): Promise<GlpiSoftware[]> {
  if (d.platform === 'win32') {
    const outs = await Promise.allSettled(UNINSTALL_KEYS.map((k) => d.run('reg', ['query', k, '/s'])));
    const ok = outs.filter((o): o is PromiseFulfilledResult<string> => o.status === 'fulfilled');
    if (ok.length === 0) throw new Error('reg query could read none of the Uninstall keys');
    return ok.flatMap((o) => parseRegUninstall(o.value));
  }
  if (d.platform === 'darwin') {
    return parseSystemProfilerApps(await d.run('system_profiler', ['SPApplicationsDataType', '-json']));
  }
  // Linux and other Unixes: dpkg and rpm can both be present (e.g. alien), snaps beside either; take what each knows.
  const [deb, rpm, snap] = await Promise.allSettled([d.run('dpkg-query', DPKG_ARGS), d.run('rpm', RPM_ARGS), d.run('snap', SNAP_ARGS)]);
  if (deb.status === 'rejected' && rpm.status === 'rejected' && snap.status === 'rejected') {
    throw new Error('neither dpkg-query nor rpm (nor snap) could be run, no package database to read');
  }
  return [
    ...(deb.status === 'fulfilled' ? parseDpkg(deb.value) : []),
    ...(rpm.status === 'fulfilled' ? parseRpm(rpm.value) : []),
    ...(snap.status === 'fulfilled' ? parseSnapList(snap.value) : []),
  ];
}
