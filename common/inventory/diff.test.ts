import { describe, expect, it } from 'vitest';
import { changeGroup, compareVersions, describeChange, diffInventory } from './diff';
import type { InventorySummary } from './summary';

function summary(overrides: Partial<InventorySummary> = {}): InventorySummary {
  return {
    itemtype: 'Computer',
    deviceId: 'lt-042',
    name: 'LT-042',
    serial: 'PF3K9Z1',
    uuid: '5b1c2d3e-0000-4000-8000-00000000abcd',
    macs: ['a4:c3:f0:11:22:33'],
    manufacturer: 'LENOVO',
    model: '21HD',
    chassisType: 'Notebook',
    assetTag: null,
    memoryMb: 8192,
    virtualization: 'Physical',
    os: { name: 'Ubuntu 24.04.1 LTS', version: '24.04', kernel: '6.8.0-45-generic', arch: 'x86_64', installDate: null },
    cpus: [{ name: 'Intel i7-1365U', manufacturer: 'Intel', cores: 10, speedMhz: 1800 }],
    disks: [{ name: 'nvme0n1', model: 'SAMSUNG MZVL2512', serial: 'S6X1NX0T', sizeMb: 512110 }],
    networks: [
      { name: 'wlp0s20f3', mac: 'a4:c3:f0:11:22:33', ipv4: ['10.2.0.14'], ipv6: [], virtual: false },
      { name: 'docker0', mac: '02:42:ac:11:00:01', ipv4: [], ipv6: [], virtual: true },
    ],
    software: [
      { name: 'bash', version: '5.2.21-2', publisher: 'Ubuntu Developers' },
      { name: 'firefox', version: '128.0', publisher: 'Mozilla' },
      { name: 'zsh', version: '5.9-6', publisher: 'Ubuntu Developers' },
    ],
    ...overrides,
  };
}

const lines = (before: InventorySummary, after: InventorySummary) => diffInventory(before, after).map(describeChange);

describe('diffInventory', () => {
  it('finds nothing between equal inventories (and ignores letter case and small memory drift)', () => {
    expect(diffInventory(summary(), summary())).toEqual([]);
    expect(diffInventory(summary(), summary({ manufacturer: 'Lenovo', memoryMb: 8000 }))).toEqual([]);
  });

  it.each([
    ['memory upgraded', { memoryMb: 16384 }, ['Memory changed: 8 GB → 16 GB']],
    ['disk replaced', { disks: [{ name: 'nvme0n1', model: 'WD SN740', serial: 'WD123', sizeMb: 1024000 }] }, ['Disk replaced: SAMSUNG MZVL2512 500.1 GB (serial S6X1NX0T) → WD SN740 1,000 GB (serial WD123)']],
    ['disk added', { disks: [...summary().disks, { name: 'sda', model: 'USB SSD', serial: 'U1', sizeMb: 256000 }] }, ['Disk added: USB SSD 250 GB (serial U1)']],
    ['disk removed', { disks: [] }, ['Disk removed: SAMSUNG MZVL2512 500.1 GB (serial S6X1NX0T)']],
    ['network card changed', { networks: [{ name: 'wlp0s20f3', mac: 'a4:c3:f0:99:99:99', ipv4: [], ipv6: [], virtual: false }] }, ['Network card changed: wlp0s20f3 a4:c3:f0:11:22:33 → wlp0s20f3 a4:c3:f0:99:99:99']],
    ['network card added', { networks: [...summary().networks, { name: 'enp0s31f6', mac: '8c:16:45:00:00:01', ipv4: [], ipv6: [], virtual: false }] }, ['Network card added: enp0s31f6 8c:16:45:00:00:01']],
    ['a virtual card coming and going is no change', { networks: [summary().networks[0]!] }, []],
    ['OS upgraded', { os: { name: 'Ubuntu 24.04.2 LTS', version: '24.04', kernel: '6.8.0-50-generic', arch: 'x86_64', installDate: null } }, ['Operating system changed: Ubuntu 24.04.1 LTS kernel 6.8.0-45-generic → Ubuntu 24.04.2 LTS kernel 6.8.0-50-generic']],
    ['processor', { cpus: [{ name: 'Intel i5', manufacturer: 'Intel', cores: 4, speedMhz: 1600 }] }, ['Processor changed: Intel i7-1365U → Intel i5']],
    ['renamed', { name: 'LT-043' }, ['Name changed: LT-042 → LT-043']],
  ])('%s', (_, overrides, expected) => {
    expect(lines(summary(), summary(overrides as Partial<InventorySummary>))).toEqual(expected);
  });

  it('software added, removed, upgraded and downgraded, paired by name whatever the publisher says', () => {
    const after = summary({
      software: [
        { name: 'bash', version: '5.2.21-3', publisher: 'Ubuntu' },
        { name: 'curl', version: '8.5.0', publisher: null },
        { name: 'firefox', version: '127.0', publisher: 'Mozilla' },
      ],
    });
    expect(lines(summary(), after)).toEqual([
      'Software upgraded: bash 5.2.21-2 → 5.2.21-3',
      'Software added: curl 8.5.0',
      'Software downgraded: firefox 128.0 → 127.0',
      'Software removed: zsh 5.9-6',
    ]);
    expect(diffInventory(summary(), after).map(changeGroup)).toEqual(['software', 'software', 'software', 'software']);
  });

  it('keeps two versions of one package installed side by side apart', () => {
    const before = summary({ software: [{ name: 'linux-image', version: '6.8.0-45', publisher: null }] });
    const after = summary({ software: [{ name: 'linux-image', version: '6.8.0-45', publisher: null }, { name: 'linux-image', version: '6.8.0-50', publisher: null }] });
    expect(lines(before, after)).toEqual(['Software added: linux-image 6.8.0-50']);
  });

  it('does not read an inventory without software (an SNMP printer) as everything removed', () => {
    expect(lines(summary(), summary({ software: [] }))).toEqual([]);
  });

  it('orders changes identity, hardware, OS, network, software', () => {
    const after = summary({ name: 'LT-9', memoryMb: 32768, os: null, networks: [], software: [] });
    expect(diffInventory(summary(), after).map(changeGroup)).toEqual(['identity', 'hardware', 'os', 'network']);
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.10', '1.9', 1],
    ['2.0-3', '2.0-2', 1],
    ['5.2.21', '5.2.21', 0],
    ['1.0', '1.0.1', -1],
    ['1.0a', '1.0b', -1],
  ] as const)('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
  it('a missing version sorts first', () => {
    expect(compareVersions(null, '1')).toBeLessThan(0);
    expect(compareVersions('1', null)).toBeGreaterThan(0);
  });
});
