import { describe, expect, it } from 'vitest';
import { InventorySummarySchema, summarizeGlpi, summaryIdentityFacts } from './summary';

const computer = {
  deviceid: 'lt-042-2026-01-05-10-00-00',
  itemtype: 'Computer',
  action: 'inventory',
  content: {
    bios: { ssn: 'PF3K9Z1', smanufacturer: 'LENOVO', smodel: '21HD', assettag: 'FD-000042' },
    hardware: { name: 'LT-042', uuid: '5b1c2d3e-0000-4000-8000-00000000abcd', chassis_type: 'Notebook', memory: 16000, vmsystem: 'Physical' },
    operatingsystem: { full_name: 'Ubuntu 24.04.1 LTS', version: '24.04', kernel_version: '6.8.0-45-generic', arch: 'x86_64', install_date: '2025-03-01 09:00:00' },
    cpus: [{ name: 'Intel(R) Core(TM) i7-1365U', manufacturer: 'Intel', core: 10, speed: 1800 }],
    storages: [{ name: 'nvme0n1', model: 'SAMSUNG MZVL2512', serial: 'S6X1NX0T', disksize: 512110 }],
    networks: [
      { description: 'wlp0s20f3', mac: 'A4:C3:F0:11:22:33', ipaddress: '10.2.0.14' },
      { description: 'wlp0s20f3', mac: 'A4:C3:F0:11:22:33', ipaddress6: 'fe80::1' },
      { description: 'docker0', mac: '02:42:ac:11:00:01', virtualdev: true, ipaddress: '172.17.0.1' },
    ],
    softwares: [
      { name: 'zsh', version: '5.9-6', publisher: 'Ubuntu Developers' },
      { name: 'bash', version: '5.2.21-2', publisher: 'Ubuntu Developers' },
      { name: 'bash', version: '5.2.21-2', publisher: 'Ubuntu Developers' },
      { name: '', version: '1' },
    ],
  },
};

describe('summarizeGlpi', () => {
  it('summarises a computer: identity, model, memory, cpu, disks, cards folded per MAC, software sorted and deduplicated', () => {
    const s = summarizeGlpi(computer);
    expect(InventorySummarySchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      itemtype: 'Computer',
      deviceId: 'lt-042-2026-01-05-10-00-00',
      name: 'LT-042',
      serial: 'PF3K9Z1',
      uuid: '5b1c2d3e-0000-4000-8000-00000000abcd',
      manufacturer: 'LENOVO',
      model: '21HD',
      chassisType: 'Notebook',
      assetTag: 'FD-000042',
      memoryMb: 16000,
      os: { name: 'Ubuntu 24.04.1 LTS', version: '24.04', kernel: '6.8.0-45-generic', arch: 'x86_64', installDate: '2025-03-01 09:00:00' },
      cpus: [{ name: 'Intel(R) Core(TM) i7-1365U', manufacturer: 'Intel', cores: 10, speedMhz: 1800 }],
      disks: [{ name: 'nvme0n1', model: 'SAMSUNG MZVL2512', serial: 'S6X1NX0T', sizeMb: 512110 }],
    });
    expect(s.networks).toEqual([
      { name: 'wlp0s20f3', mac: 'a4:c3:f0:11:22:33', ipv4: ['10.2.0.14'], ipv6: ['fe80::1'], virtual: false },
      { name: 'docker0', mac: '02:42:ac:11:00:01', ipv4: ['172.17.0.1'], ipv6: [], virtual: true },
    ]);
    expect(s.software.map((p) => `${p.name} ${p.version}`)).toEqual(['bash 5.2.21-2', 'zsh 5.9-6']);
    expect(summaryIdentityFacts(s)).toEqual({ serial: 'PF3K9Z1', uuid: '5b1c2d3e-0000-4000-8000-00000000abcd', macs: ['a4:c3:f0:11:22:33'], name: 'LT-042' });
  });

  it('reads loosely typed agents: numbers for text, a lone object for a list, memory from modules when hardware has none', () => {
    const s = summarizeGlpi({
      deviceid: 'x',
      content: {
        bios: { ssn: 123456 },
        hardware: { name: 'PC-7' },
        memories: [{ capacity: '8192' }, { capacity: 8192 }],
        cpus: { name: 'AMD Ryzen 5', core: '6' },
        softwares: { name: 'Firefox', version: 128 },
      },
    });
    expect(s.itemtype).toBe('Computer');
    expect(s.serial).toBe('123456');
    expect(s.memoryMb).toBe(16384);
    expect(s.cpus).toEqual([{ name: 'AMD Ryzen 5', manufacturer: null, cores: 6, speedMhz: null }]);
    expect(s.software).toEqual([{ name: 'Firefox', version: '128', publisher: null }]);
    expect(s.os).toBeNull();
  });

  it('summarises SNMP devices (printers, switches) from network_device', () => {
    const s = summarizeGlpi({
      deviceid: 'printer-1',
      itemtype: 'Printer',
      content: { network_device: { name: 'NPI-3F', serial: 'PHCVN191TG', mac: '00:68:EB:F2:BE:10', manufacturer: 'HP', model: 'LaserJet M507', type: 'Printer', memory: 512, firmware: '2409048_052887' } },
    });
    expect(s).toMatchObject({ itemtype: 'Printer', name: 'NPI-3F', serial: 'PHCVN191TG', macs: ['00:68:eb:f2:be:10'], manufacturer: 'HP', model: 'LaserJet M507', memoryMb: 512 });
    expect(s.os?.name).toBe('2409048_052887');
    expect(s.software).toEqual([]);
  });

  it('refuses what is not a GLPI inventory, saying why', () => {
    expect(() => summarizeGlpi({ deviceid: 'x' })).toThrow(/Not a GLPI inventory document: content/);
    expect(() => summarizeGlpi('hello')).toThrow(/Not a GLPI inventory document/);
    expect(() => summarizeGlpi({ content: { networks: 'eth0' } })).toThrow(/content\.networks/);
  });
});
