import { describe, expect, it } from 'vitest';
import {
  DPKG_ARGS,
  RPM_ARGS,
  glpiArch,
  glpiDateTime,
  glpiTzOffset,
  ipv4Subnet,
  parsePasswd,
  probeBatteries,
  probeBios,
  probeCpus,
  probeDrives,
  probeGraphics,
  probeHardware,
  probeLocalUsers,
  probeMemories,
  probeNetworks,
  probeOperatingSystem,
  probePrinters,
  probeSoftwares,
  SNAP_ARGS,
  probeStorages,
  probeUsb,
  toMB,
} from './probes';
import {
  DPKG_OUT,
  LAPTOP,
  NOW,
  REG_OUT,
  RPM_OUT,
  SYSTEM_PROFILER_OUT,
  recordedRunner,
  stubDeps,
  stubFs,
  stubSi,
} from './test-fixtures';
import type { Systeminformation as S } from 'systeminformation';

describe('units and formats', () => {
  it('converts bytes to whole MB and formats GLPI dates', () => {
    expect(toMB(16 * 1024 ** 3)).toBe(16384);
    expect(toMB(undefined)).toBeUndefined();
    expect(toMB(-1)).toBeUndefined();
    expect(glpiDateTime(NOW)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(glpiTzOffset(NOW)).toMatch(/^[+-]\d{4}$/);
  });

  it('maps Node arch names onto the ones the GLPI schema accepts', () => {
    expect(glpiArch('x64')).toBe('x86_64');
    expect(glpiArch('arm64')).toBe('aarch64');
    expect(glpiArch('ia32')).toBe('i686');
    expect(glpiArch('riscv64')).toBeUndefined();
  });

  it('computes the IPv4 network address, and refuses what is not IPv4', () => {
    expect(ipv4Subnet('192.168.1.23', '255.255.255.0')).toBe('192.168.1.0');
    expect(ipv4Subnet('10.1.2.3', '255.0.0.0')).toBe('10.0.0.0');
    expect(ipv4Subnet('fe80::1', '255.0.0.0')).toBeUndefined();
  });
});

describe('hardware and firmware probes', () => {
  it('hardware: name, firmware uuid, chassis, memory and swap in MB, physical machine', async () => {
    expect(await probeHardware(stubDeps())).toEqual({
      name: 'lt-0421',
      uuid: '4c4c4544-0034-3010-8048-b6c04f503732',
      chassis_type: 'Notebook',
      memory: 16384,
      swap: 2048,
      vmsystem: 'Physical',
      defaultgateway: '192.168.1.1',
    });
  });

  it('hardware: a container is reported as one (as FusionInventory says Docker), whatever systeminformation says of the host', async () => {
    const files = (extra: Record<string, string>) => stubFs({ '/proc/1/cgroup': '0::/init.scope\n', ...extra });
    const onKvm = stubSi({ system: () => Promise.resolve({ ...LAPTOP.system, virtual: true, virtualHost: 'KVM' }) });
    expect((await probeHardware(stubDeps({ fs: files({ '/.dockerenv': '' }), env: {} }))).vmsystem).toBe('Docker');
    expect((await probeHardware(stubDeps({ si: onKvm, fs: files({ '/.dockerenv': '' }), env: {} }))).vmsystem).toBe('Docker');
    expect((await probeHardware(stubDeps({ fs: files({ '/run/.containerenv': '' }), env: {} }))).vmsystem).toBe('Podman');
    expect((await probeHardware(stubDeps({ fs: files({}), env: { container: 'lxc' } }))).vmsystem).toBe('LXC');
    expect((await probeHardware(stubDeps({ fs: files({}), env: { container: 'systemd-nspawn' } }))).vmsystem).toBe('systemd-nspawn');
    expect((await probeHardware(stubDeps({ fs: stubFs({ '/proc/1/cgroup': '12:pids:/docker/4f2a9c0d1e2f\n' }), env: {} }))).vmsystem).toBe('Docker');
    expect((await probeHardware(stubDeps({ fs: stubFs({ '/proc/1/cgroup': '0::/kubepods/besteffort/pod1/abc\n' }), env: {} }))).vmsystem).toBe('Kubernetes');
    // A machine of its own stays what systeminformation says; other systems are not looked at.
    expect((await probeHardware(stubDeps({ fs: files({}), env: {} }))).vmsystem).toBe('Physical');
    expect((await probeHardware(stubDeps({ si: onKvm, fs: files({}), env: {} }))).vmsystem).toBe('KVM');
    expect((await probeHardware(stubDeps({ platform: 'win32', fs: files({ '/.dockerenv': '' }), env: { container: 'docker' } }))).vmsystem).toBe('Physical');
  });

  it('hardware: without a firmware uuid falls back to systeminformation, then to the machine id; names the hypervisor', async () => {
    const noUuid = { ...LAPTOP.system, uuid: '', virtual: true, virtualHost: 'KVM' };
    const si = stubSi({ system: () => Promise.resolve(noUuid) });
    expect(await probeHardware(stubDeps({ si }))).toMatchObject({ uuid: 'hw-uuid-from-si', vmsystem: 'KVM' });
    const bare = stubSi({ system: () => Promise.resolve(noUuid), uuid: () => Promise.resolve({ os: '', hardware: '' } as S.UuidData) });
    expect((await probeHardware(stubDeps({ si: bare }))).uuid).toBe('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
  });

  it('bios: system, board and enclosure identity; empty or "-" values are left out', async () => {
    const bios = await probeBios(stubDeps());
    expect(bios).toEqual({
      bmanufacturer: 'Dell Inc.',
      bversion: '1.21.0',
      bdate: '2022-03-07',
      smanufacturer: 'Dell Inc.',
      smodel: 'Latitude 7490',
      ssn: '5CG8123XYZ',
      skunumber: '0817',
      mmanufacturer: 'Dell Inc.',
      mmodel: '0KP0FT',
      msn: '/5CG8123XYZ/CNWS2008A700J3/',
      assettag: 'IT-00421',
      enclosureserial: '5CG8123XYZ',
    });
    const container = stubSi({
      system: () => Promise.resolve({ ...LAPTOP.system, serial: '-', manufacturer: '', model: 'Docker Container' }),
      bios: () => Promise.resolve({ ...LAPTOP.bios, releaseDate: '03/07/2022' }),
    });
    const b = await probeBios(stubDeps({ si: container }));
    expect(b.ssn).toBeUndefined();
    expect(b.smanufacturer).toBeUndefined();
    expect(b.bdate).toBeUndefined();
  });

  it('cpus: one entry per socket with cores, threads per core and MHz', async () => {
    expect(await probeCpus(stubDeps())).toEqual([
      {
        name: 'Intel Core™ i7-8650U',
        manufacturer: 'Intel',
        familynumber: '6',
        model: '142',
        stepping: 10,
        speed: 4200,
        core: 4,
        corecount: 4,
        thread: 2,
        arch: 'x86_64',
      },
    ]);
    const twoSockets = stubSi({ cpu: () => Promise.resolve({ ...LAPTOP.cpu, processors: 2, physicalCores: 8, cores: 16 }) });
    const cpus = await probeCpus(stubDeps({ si: twoSockets }));
    expect(cpus).toHaveLength(2);
    expect(cpus[0]).toMatchObject({ core: 4, thread: 2 });
  });

  it('memories: capacity in MB, slot, type, speed', async () => {
    const mem = await probeMemories(stubDeps());
    expect(mem).toHaveLength(2);
    expect(mem[0]).toEqual({
      capacity: 8192,
      caption: 'DIMM A',
      type: 'DDR4',
      speed: '2400 MT/s',
      manufacturer: 'Samsung',
      model: 'M471A1K43CB1-CRC',
      serialnumber: '12345678',
      formfactor: 'SODIMM',
      memorycorrection: 'None',
      numslots: 1,
    });
  });

  it('storages and drives: sizes in MB, mount point on Unix, letter on Windows', async () => {
    expect(await probeStorages(stubDeps())).toEqual([
      {
        name: '/dev/nvme0n1',
        model: 'SAMSUNG MZVLB512HAJQ',
        manufacturer: 'Samsung',
        disksize: 488386,
        serial: 'S3W8NX0M123456',
        firmware: 'EXA7301Q',
        interface: 'PCIe',
        description: 'NVMe',
        type: 'disk',
      },
    ]);
    expect(await probeDrives(stubDeps())).toEqual([{ volumn: '/dev/nvme0n1p2', filesystem: 'ext4', total: 512000, free: 307200, type: '/' }]);
    const win = stubSi({ fsSize: () => Promise.resolve([{ ...LAPTOP.fsSize[0], fs: 'C:', type: 'NTFS', mount: 'C:' } as S.FsSizeData]) });
    expect((await probeDrives(stubDeps({ si: win, platform: 'win32' })))[0]).toMatchObject({ letter: 'C:', filesystem: 'NTFS' });
  });
});

describe('network, system and peripherals probes', () => {
  it('networks: MAC, IPv4 with mask and subnet, IPv6, type, status and the virtual flag', async () => {
    const nets = await probeNetworks(stubDeps());
    expect(nets.map((n) => [n.description, n.type, n.virtualdev, n.status])).toEqual([
      ['lo', 'loopback', true, 'unknown'],
      ['wlp2s0', 'wifi', false, 'up'],
      ['docker0', undefined, true, 'down'],
    ]);
    expect(nets[1]).toMatchObject({
      mac: '9c:b6:d0:12:34:56',
      ipaddress: '192.168.1.23',
      ipmask: '255.255.255.0',
      ipsubnet: '192.168.1.0',
      ipaddress6: 'fe80::1c2b:3cff:fe4d:5e6f',
      speed: '866',
      mtu: 1500,
    });
    expect(nets[2]).not.toHaveProperty('ipaddress6');
    expect(nets[2]).not.toHaveProperty('speed');
  });

  it('operating system: name, version, kernel, arch, boot time, install date, time zone', async () => {
    const os = await probeOperatingSystem(stubDeps());
    expect(os).toEqual({
      name: 'Ubuntu',
      version: '22.04.4 LTS',
      full_name: 'Ubuntu 22.04.4 LTS (jammy)',
      kernel_name: 'linux',
      kernel_version: '6.5.0-41-generic',
      arch: 'x86_64',
      fqdn: 'lt-0421.corp.example',
      boot_time: glpiDateTime(NOW - 3600_000),
      install_date: glpiDateTime(Date.parse('2023-01-10T09:00:00Z')),
      timezone: { name: 'CEST', offset: glpiTzOffset(NOW) },
    });
  });

  it('operating system: Windows install date comes from the registry; none where nothing tells', async () => {
    const run = recordedRunner({ reg: '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n    InstallDate    REG_DWORD    0x65a4f0c0\r\n' });
    const win = await probeOperatingSystem(stubDeps({ platform: 'win32', run }));
    expect(win.install_date).toBe(glpiDateTime(0x65a4f0c0 * 1000));
    const mac = await probeOperatingSystem(stubDeps({ platform: 'darwin' }));
    expect(mac.install_date).toBeUndefined();
  });

  it('batteries: capacities in mWh (mAh converted with the voltage), voltage in mV; none without a battery', async () => {
    expect(await probeBatteries(stubDeps())).toEqual([
      { name: 'DELL 4F5YV85', manufacturer: 'SMP', serial: '1234', chemistry: 'Li-ion', capacity: 60000, real_capacity: 51000, voltage: 11400 },
    ]);
    const mah = stubSi({ battery: () => Promise.resolve({ ...LAPTOP.battery, capacityUnit: 'mAh', designedCapacity: 5000, maxCapacity: 4500 }) });
    expect((await probeBatteries(stubDeps({ si: mah })))[0]).toMatchObject({ capacity: 57000, real_capacity: 51300 });
    const none = stubSi({ battery: () => Promise.resolve({ ...LAPTOP.battery, hasBattery: false }) });
    expect(await probeBatteries(stubDeps({ si: none }))).toEqual([]);
  });

  it('graphics: video cards with memory in MB and the main display resolution, monitors', async () => {
    expect(await probeGraphics(stubDeps())).toEqual({
      videos: [{ name: 'UHD Graphics 620', chipset: 'Intel Corporation', memory: 128, resolution: '1920x1080', pcislot: '00:02.0' }],
      monitors: [{ name: 'LQ140M1JW48', caption: 'LQ140M1JW48', manufacturer: 'Sharp', port: 'eDP-1' }],
    });
  });

  it('usb devices, printers and local users', async () => {
    expect(await probeUsb(stubDeps())).toEqual([
      { name: 'Unifying Receiver', caption: 'Mouse', manufacturer: 'Logitech, Inc.', vendorid: '046d', productid: 'c52b' },
    ]);
    expect(await probePrinters(stubDeps())).toEqual([
      { name: 'Office-MFP', driver: 'HP LaserJet MFP M426fdn', port: 'ipp://10.0.0.5/ipp/print', status: 'Idle', network: true, shared: false },
    ]);
    expect(await probeLocalUsers(stubDeps())).toEqual([
      { id: '0', login: 'root', name: 'root', home: '/root', shell: '/bin/bash' },
      { id: '1000', login: 'alex', name: 'Alex Morgan', home: '/home/alex', shell: '/bin/zsh' },
    ]);
    expect(parsePasswd('nobody:x:notanumber:1::/:/bin/false\n')).toEqual([]);
  });

  it('local users on Windows come from Get-LocalUser', async () => {
    const run = recordedRunner({
      powershell: JSON.stringify([
        { Name: 'Administrator', FullName: '', SID: 'S-1-5-21-1-2-3-500' },
        { Name: 'alex', FullName: 'Alex Morgan', SID: 'S-1-5-21-1-2-3-1001' },
      ]),
    });
    expect(await probeLocalUsers(stubDeps({ platform: 'win32', run }))).toEqual([
      { id: 'S-1-5-21-1-2-3-500', login: 'Administrator', name: 'Administrator' },
      { id: 'S-1-5-21-1-2-3-1001', login: 'alex', name: 'Alex Morgan' },
    ]);
  });

  it('a probe whose source fails rejects (scan.ts turns that into a note)', async () => {
    await expect(probeLocalUsers(stubDeps({ fs: stubFs({}) }))).rejects.toThrow(/ENOENT/);
  });
});

describe('software probe', () => {
  it('Linux: dpkg-query packages that are installed (not removed ones), with version, publisher and size in bytes', async () => {
    const calls: string[][] = [];
    const soft = await probeSoftwares(stubDeps({ run: recordedRunner({ 'dpkg-query': DPKG_OUT }, calls) }));
    expect(calls).toContainEqual(['dpkg-query', ...DPKG_ARGS]);
    expect(soft).toEqual([
      {
        name: 'adduser',
        version: '3.134',
        publisher: 'Debian Adduser Developers <adduser@packages.debian.org>',
        arch: 'all',
        filesize: 686 * 1024,
        system_category: 'admin',
        comments: 'add and remove users and groups',
        from: 'deb',
      },
      expect.objectContaining({ name: 'curl', version: '7.88.1-10+deb12u5', publisher: 'Alessandro Ghedini <ghedo@debian.org>' }),
    ]);
  });

  it('Linux: rpm packages with version-release, install date and vendor; both databases when both answer', async () => {
    const calls: string[][] = [];
    const soft = await probeSoftwares(stubDeps({ run: recordedRunner({ rpm: RPM_OUT }, calls) }));
    expect(calls).toContainEqual(['rpm', ...RPM_ARGS]);
    expect(soft[0]).toEqual({
      name: 'bash',
      arch: 'x86_64',
      version: '5.2.26-3.fc40',
      install_date: glpiDateTime(1714000000_000).slice(0, 10),
      filesize: 8254910,
      publisher: 'Fedora Project',
      system_category: 'Unspecified',
      comments: 'The GNU Bourne Again shell',
      from: 'rpm',
    });
    expect(soft[1]).not.toHaveProperty('publisher');
    expect(soft[1]).not.toHaveProperty('arch');
    const both = await probeSoftwares(stubDeps({ run: recordedRunner({ rpm: RPM_OUT, 'dpkg-query': DPKG_OUT }) }));
    expect(both.map((s) => s.from)).toEqual(['deb', 'deb', 'rpm', 'rpm']);
  });

  it('Linux: snaps beside the package database, without the base snaps and snapd (as FusionInventory lists them)', async () => {
    const SNAP_OUT = [
      'Name      Version          Rev    Tracking         Publisher     Notes',
      'core22    20240408         1380   latest/stable    canonical*    base',
      'firefox   126.0-2          4259   latest/stable/…  mozilla*      -',
      'lxd       5.21.1-2d13beb   28463  5.21/stable/…    canonical*    -',
      'snapd     2.62             21465  latest/stable    canonical*    snapd',
      'hello     2.10             42     latest/stable    -             disabled',
      '',
      "No snaps are installed yet. Try 'snap install hello-world'.",
    ].join('\n');
    const calls: string[][] = [];
    const soft = await probeSoftwares(stubDeps({ run: recordedRunner({ 'dpkg-query': DPKG_OUT, snap: SNAP_OUT }, calls) }));
    expect(calls).toContainEqual(['snap', ...SNAP_ARGS]);
    expect(soft.filter((s) => s.from === 'snap')).toEqual([
      { name: 'firefox', version: '126.0-2', publisher: 'mozilla', from: 'snap' },
      { name: 'lxd', version: '5.21.1-2d13beb', publisher: 'canonical', from: 'snap' },
      { name: 'hello', version: '2.10', from: 'snap' },
    ]);
    expect(soft.filter((s) => s.from === 'deb')).toHaveLength(2);
  });

  it('Linux without any package database fails with a reason', async () => {
    await expect(probeSoftwares(stubDeps({ run: recordedRunner({}) }))).rejects.toThrow(/neither dpkg-query nor rpm/);
  });

  it('Windows: the Uninstall keys, leaving out updates and system components', async () => {
    const calls: string[][] = [];
    const soft = await probeSoftwares(stubDeps({ platform: 'win32', run: recordedRunner({ reg: REG_OUT }, calls) }));
    expect(calls.map((c) => c[2])).toEqual([
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
      'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
      'HKCU\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
    ]);
    // The same recorded output answers all three keys here, hence each program three times.
    const names = [...new Set(soft.map((s) => s.name))];
    expect(names).toEqual(['7-Zip 23.01 (x64 edition)', 'Mozilla Firefox (x64 en-US)']);
    expect(soft[0]).toEqual({
      name: '7-Zip 23.01 (x64 edition)',
      version: '23.01.00.0',
      publisher: 'Igor Pavlov',
      install_date: '2024-01-15',
      uninstall_string: 'MsiExec.exe /I{23170F69-40C1-2702-2301-000001000000}',
      folder: 'C:\\Program Files\\7-Zip\\',
      guid: '{23170F69-40C1-2702-2301-000001000000}',
      filesize: 0x1800 * 1024,
      from: 'registry',
    });
    expect(soft[1]).toMatchObject({ version: '125.0.2', publisher: 'Mozilla', url_info_about: 'https://www.mozilla.org' });
    expect(soft[1]).not.toHaveProperty('guid');
  });

  it('macOS: the application bundles system_profiler lists', async () => {
    const soft = await probeSoftwares(stubDeps({ platform: 'darwin', run: recordedRunner({ system_profiler: SYSTEM_PROFILER_OUT }) }));
    expect(soft).toEqual([
      {
        name: 'Safari',
        version: '17.4.1',
        publisher: 'Apple Inc.',
        folder: '/Applications/Safari.app',
        install_date: glpiDateTime(Date.parse('2024-04-20T08:00:00Z')).slice(0, 10),
        system_category: 'apple',
        from: 'mac',
      },
      expect.objectContaining({ name: 'Visual Studio Code', version: '1.89.0' }),
    ]);
    await expect(
      probeSoftwares(stubDeps({ platform: 'darwin', run: recordedRunner({ system_profiler: '{"other":[]}' }) })),
    ).rejects.toThrow(/SPApplicationsDataType/);
  });
});
