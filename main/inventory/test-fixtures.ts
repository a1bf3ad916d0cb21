/**
 * Recorded outputs for the inventory tests: a systeminformation stub shaped like a real laptop
 * (values as systeminformation 5 returns them on Linux) and command outputs of dpkg-query, rpm,
 * `reg query` and system_profiler. Tests only; nothing here is bundled into the app.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Systeminformation as S } from 'systeminformation';
import type { CommandRunner, ProbeDeps, ProbeFs, SystemInformation } from './probes';

/** systeminformation's result types have many fields the probes do not read; tests give only the read ones. */
function partial<T>(value: Partial<T>): T {
  return value as T;
}

export const LAPTOP = {
  system: partial<S.SystemData>({
    manufacturer: 'Dell Inc.',
    model: 'Latitude 7490',
    serial: '5CG8123XYZ',
    uuid: '4c4c4544-0034-3010-8048-b6c04f503732',
    sku: '0817',
    virtual: false,
  }),
  bios: partial<S.BiosData>({ vendor: 'Dell Inc.', version: '1.21.0', releaseDate: '2022-03-07', serial: '' }),
  baseboard: partial<S.BaseboardData>({ manufacturer: 'Dell Inc.', model: '0KP0FT', serial: '/5CG8123XYZ/CNWS2008A700J3/', assetTag: '' }),
  chassis: partial<S.ChassisData>({ type: 'Notebook', assetTag: 'IT-00421', serial: '5CG8123XYZ' }),
  cpu: partial<S.CpuData>({
    manufacturer: 'Intel',
    brand: 'Core™ i7-8650U',
    family: '6',
    model: '142',
    stepping: '10',
    speed: 1.9,
    speedMax: 4.2,
    cores: 8,
    physicalCores: 4,
    processors: 1,
  }),
  mem: partial<S.MemData>({ total: 16 * 1024 ** 3, swaptotal: 2 * 1024 ** 3 }),
  memLayout: [
    partial<S.MemLayoutData>({
      size: 8 * 1024 ** 3,
      bank: 'DIMM A',
      type: 'DDR4',
      ecc: false,
      clockSpeed: 2400,
      formFactor: 'SODIMM',
      manufacturer: 'Samsung',
      partNum: 'M471A1K43CB1-CRC',
      serialNum: '12345678',
    }),
    partial<S.MemLayoutData>({ size: 8 * 1024 ** 3, bank: 'DIMM B', type: 'DDR4', ecc: false, clockSpeed: 2400 }),
  ],
  diskLayout: [
    partial<S.DiskLayoutData>({
      device: '/dev/nvme0n1',
      type: 'NVMe',
      name: 'SAMSUNG MZVLB512HAJQ',
      vendor: 'Samsung',
      size: 512110190592,
      serialNum: 'S3W8NX0M123456',
      interfaceType: 'PCIe',
      firmwareRevision: 'EXA7301Q',
    }),
  ],
  fsSize: [
    partial<S.FsSizeData>({ fs: '/dev/nvme0n1p2', type: 'ext4', size: 500 * 1024 ** 3, used: 200 * 1024 ** 3, available: 300 * 1024 ** 3, mount: '/' }),
  ],
  networkInterfaces: [
    partial<S.NetworkInterfacesData>({
      iface: 'lo', ifaceName: 'lo', ip4: '127.0.0.1', ip4subnet: '255.0.0.0', ip6: '::1', ip6subnet: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      mac: '00:00:00:00:00:00', internal: true, virtual: false, operstate: 'unknown', type: 'virtual', speed: null, mtu: 65536,
    }),
    partial<S.NetworkInterfacesData>({
      iface: 'wlp2s0', ifaceName: 'wlp2s0', ip4: '192.168.1.23', ip4subnet: '255.255.255.0', ip6: 'fe80::1c2b:3cff:fe4d:5e6f',
      ip6subnet: 'ffff:ffff:ffff:ffff::', mac: '9c:b6:d0:12:34:56', internal: false, virtual: false, operstate: 'up', type: 'wireless', speed: 866, mtu: 1500,
    }),
    partial<S.NetworkInterfacesData>({
      iface: 'docker0', ifaceName: 'docker0', ip4: '172.17.0.1', ip4subnet: '255.255.0.0', ip6: '', ip6subnet: '',
      mac: '02:42:ac:11:00:01', internal: false, virtual: true, operstate: 'down', type: 'virtual', speed: -1, mtu: 1500,
    }),
  ],
  osInfo: partial<S.OsData>({
    platform: 'linux', distro: 'Ubuntu', release: '22.04.4 LTS', codename: 'jammy', kernel: '6.5.0-41-generic', arch: 'x64',
    hostname: 'lt-0421', fqdn: 'lt-0421.corp.example', servicepack: '',
  }),
  time: partial<S.TimeData>({ uptime: 3600, timezone: 'GMT+0200', timezoneName: 'CEST' }),
  battery: partial<S.BatteryData>({
    hasBattery: true, designedCapacity: 60000, maxCapacity: 51000, capacityUnit: 'mWh', voltage: 11.4,
    manufacturer: 'SMP', model: 'DELL 4F5YV85', serial: '1234', type: 'Li-ion',
  }),
  graphics: partial<S.GraphicsData>({
    controllers: [partial<S.GraphicsControllerData>({ vendor: 'Intel Corporation', model: 'UHD Graphics 620', vram: 128, pciBus: '00:02.0' })],
    displays: [
      partial<S.GraphicsDisplayData>({ vendor: 'Sharp', model: 'LQ140M1JW48', main: true, connection: 'eDP-1', resolutionX: 1920, resolutionY: 1080, serial: '' }),
    ],
  }),
  usb: [
    partial<S.UsbData>({ id: '046d:c52b', name: 'Unifying Receiver', type: 'Mouse', manufacturer: 'Logitech, Inc.', vendor: 'Logitech', serialNumber: '' }),
  ],
  printer: [
    partial<S.PrinterData>({ name: 'Office-MFP', model: 'HP LaserJet MFP M426fdn', uri: 'ipp://10.0.0.5/ipp/print', status: 'Idle', local: false, shared: false }),
  ],
};

/** A systeminformation stub answering with LAPTOP; `override` replaces single functions (to fail or hang them). */
export function stubSi(override: Partial<SystemInformation> = {}): SystemInformation {
  const resolved = <T>(v: T) => () => Promise.resolve(v);
  const base = {
    system: resolved(LAPTOP.system),
    bios: resolved(LAPTOP.bios),
    baseboard: resolved(LAPTOP.baseboard),
    chassis: resolved(LAPTOP.chassis),
    uuid: resolved(partial<S.UuidData>({ os: 'abc', hardware: 'hw-uuid-from-si' })),
    cpu: resolved(LAPTOP.cpu),
    mem: resolved(LAPTOP.mem),
    memLayout: resolved(LAPTOP.memLayout),
    diskLayout: resolved(LAPTOP.diskLayout),
    fsSize: resolved(LAPTOP.fsSize),
    networkInterfaces: resolved(LAPTOP.networkInterfaces),
    networkGatewayDefault: resolved('192.168.1.1'),
    osInfo: resolved(LAPTOP.osInfo),
    time: resolved(LAPTOP.time),
    battery: resolved(LAPTOP.battery),
    graphics: resolved(LAPTOP.graphics),
    usb: resolved(LAPTOP.usb),
    printer: resolved(LAPTOP.printer),
  } as unknown as SystemInformation;
  return { ...base, ...override };
}

export const DPKG_OUT = [
  'adduser\t3.134\tDebian Adduser Developers <adduser@packages.debian.org>\tall\t686\tadmin\tinstalled\tadd and remove users and groups',
  'curl\t7.88.1-10+deb12u5\tAlessandro Ghedini <ghedo@debian.org>\tamd64\t500\tweb\tinstalled\tcommand line tool for transferring data with URL syntax',
  'oldpkg\t1.0-1\tSomeone <s@example.org>\tamd64\t10\tmisc\tconfig-files\tremoved, only its configuration is left',
  '',
].join('\n');

export const RPM_OUT = [
  'bash\tx86_64\t5.2.26-3.fc40\t1714000000\t8254910\tFedora Project\tUnspecified\tThe GNU Bourne Again shell',
  'gpg-pubkey\t(none)\t8d44a257-5f2a3c3e\t1714000001\t0\t(none)\tPublic Keys\tgpg(Fedora <fedora-40-primary@fedoraproject.org>)',
  '',
].join('\n');

export const REG_OUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{23170F69-40C1-2702-2301-000001000000}',
  '    DisplayName    REG_SZ    7-Zip 23.01 (x64 edition)',
  '    DisplayVersion    REG_SZ    23.01.00.0',
  '    Publisher    REG_SZ    Igor Pavlov',
  '    InstallDate    REG_SZ    20240115',
  '    InstallLocation    REG_SZ    C:\\Program Files\\7-Zip\\',
  '    UninstallString    REG_EXPAND_SZ    MsiExec.exe /I{23170F69-40C1-2702-2301-000001000000}',
  '    EstimatedSize    REG_DWORD    0x1800',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB5034441',
  '    DisplayName    REG_SZ    Security Update for Windows (KB5034441)',
  '    ParentKeyName    REG_SZ    OperatingSystem',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Connection Manager',
  '    SystemComponent    REG_DWORD    0x1',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Mozilla Firefox 125.0.2 (x64 en-US)',
  '    DisplayName    REG_SZ    Mozilla Firefox (x64 en-US)',
  '    DisplayVersion    REG_SZ    125.0.2',
  '    Publisher    REG_SZ    Mozilla',
  '    URLInfoAbout    REG_SZ    https://www.mozilla.org',
  '    NoRemove    REG_DWORD    0x0',
  '',
].join('\r\n');

export const SYSTEM_PROFILER_OUT = JSON.stringify({
  SPApplicationsDataType: [
    { _name: 'Safari', version: '17.4.1', obtained_from: 'apple', path: '/Applications/Safari.app', lastModified: '2024-04-20T08:00:00Z', info: 'Apple Inc.' },
    { _name: 'Visual Studio Code', version: '1.89.0', obtained_from: 'identified_developer', path: '/Applications/Visual Studio Code.app', lastModified: '2024-05-02T10:11:12Z' },
  ],
});

export const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '# a comment',
  'alex:x:1000:1000:Alex Morgan,,,:/home/alex:/bin/zsh',
  'broken line',
  '',
].join('\n');

/** A command runner answering from recorded outputs keyed by program name; unknown programs fail like a missing command. */
export function recordedRunner(outputs: Record<string, string | Error>, calls: string[][] = []): CommandRunner {
  return (command, args) => {
    calls.push([command, ...args]);
    const out = outputs[command];
    if (out === undefined) return Promise.reject(new Error(`${command} failed: spawn ${command} ENOENT`));
    return out instanceof Error ? Promise.reject(out) : Promise.resolve(out);
  };
}

export function stubFs(files: Record<string, string> = { '/etc/passwd': PASSWD }, created: Record<string, number> = {}): ProbeFs {
  return {
    readFile: (path) => (path in files ? Promise.resolve(files[path] ?? '') : Promise.reject(new Error(`ENOENT: ${path}`))),
    createdAt: (path) => (path in created ? Promise.resolve(created[path] ?? 0) : Promise.reject(new Error(`ENOENT: ${path}`))),
  };
}

export const NOW = Date.parse('2024-06-01T12:00:00Z');

export function stubDeps(over: Partial<ProbeDeps> = {}): ProbeDeps {
  return {
    si: stubSi(),
    run: recordedRunner({ 'dpkg-query': DPKG_OUT }),
    fs: stubFs(undefined, { '/var/log/installer': Date.parse('2023-01-10T09:00:00Z') }),
    platform: 'linux',
    machineId: () => Promise.resolve('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    now: () => NOW,
    // Not this test machine's environment (it may itself run in a container).
    env: {},
    ...over,
  };
}

/** worker.ts bundled with esbuild as electron-vite does for the app; the path of the bundle. */
export async function buildInventoryWorker(): Promise<string> {
  // Inside node_modules so the bundle's external imports (systeminformation, ...) resolve from the project.
  const dir = resolve(import.meta.dirname, '../../node_modules/.cache/fielddesk-inventory-test');
  mkdirSync(dir, { recursive: true });
  // One file per test process: test files run in parallel and must not write over each other's bundle.
  const outfile = resolve(dir, `inventory-worker-${process.pid}.mjs`);
  await build({
    entryPoints: [resolve(import.meta.dirname, 'worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
