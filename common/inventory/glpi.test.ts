/**
 * Unit tests of glpiIdentityFacts on small hand-written documents; every real example in
 * ../shared/fixtures/glpi-inventory/ is read in integration/inventoryGlpiFixtures.test.ts
 * (common/ may not read files).
 */
import { describe, expect, it } from 'vitest';
import { glpiIdentityFacts } from './glpi';
import { identityOf } from './matching';

describe('glpiIdentityFacts', () => {
  it('reads a computer: bios serial, hardware uuid and name, non-virtual network MACs', () => {
    const doc = {
      deviceid: 'pc-2024-01-01-00-00-00',
      itemtype: 'Computer',
      content: {
        bios: { ssn: '640HP72', mssn: '/640HP72/CN1296385F0176/' },
        hardware: { uuid: '4c4c4544-0034-3010-8048-b6c04f503732', name: 'glpixps', memory: 16000 },
        networks: [
          { description: 'lo', mac: '00:00:00:00:00:00', virtualdev: true },
          { description: 'enp57s0', mac: '00:e0:4c:68:01:db', virtualdev: false },
          { description: 'virbr0', mac: '52:54:00:fa:20:0e', virtualdev: true },
          { description: 'veth', mac: '9a:11:22:33:44:55', virtualdev: 1 },
          { description: 'bmc' },
        ],
        softwares: [{ name: 'bash' }],
      },
    };
    const read = glpiIdentityFacts(doc);
    expect(read.itemtype).toBe('Computer');
    expect(read.deviceId).toBe('pc-2024-01-01-00-00-00');
    expect(read.facts).toEqual({
      serial: '640HP72',
      uuid: '4c4c4544-0034-3010-8048-b6c04f503732',
      macs: ['00:e0:4c:68:01:db', null],
      name: 'glpixps',
    });
    expect(identityOf(read.facts).macs).toEqual(['00:e0:4c:68:01:db']);
  });

  it('leaves out virtual adapters an agent does not flag, by name and kind (OCS flags none; ifb0 has a made-up MAC)', () => {
    const read = glpiIdentityFacts({
      content: {
        hardware: { name: 'ocs-host' },
        networks: [
          { description: 'eth0', mac: '00:e0:4c:68:01:db' },
          { description: 'ifb0', mac: '6e:2d:0a:11:22:33' },
          { description: 'ifb1', mac: '72:aa:bb:cc:dd:ee' },
          { description: 'veth1a2b3c', mac: '8a:11:22:33:44:55' },
          { description: 'br-4f2a9c0d1e2f', mac: '02:11:22:33:44:55' },
          { description: 'tap0', mac: '0e:11:22:33:44:55' },
          { description: 'lo', mac: '00:00:00:00:00:00', type: 'loopback' },
          { description: 'Ethernet 2', mac: '0a:00:27:00:00:05', name: 'VirtualBox Host-Only Ethernet Adapter' },
          { description: 'eno1', mac: '3c:ec:ef:01:02:03', type: 'bridge' },
          { description: 'wlan0', mac: '3c:ec:ef:01:02:04', virtualdev: '0' },
        ],
      },
    });
    expect(read.facts.macs).toEqual(['00:e0:4c:68:01:db', '3c:ec:ef:01:02:04']);
  });

  it("falls back to the board serial when the system serial is junk, as GLPI does", () => {
    const read = glpiIdentityFacts({ content: { bios: { ssn: 'To Be Filled By O.E.M.', mssn: 'MB1234XYZ' }, hardware: { name: 'desk' } } });
    expect(read.facts.serial).toBe('MB1234XYZ');
    expect(read.itemtype).toBe('Computer');
    expect(read.deviceId).toBeNull();
  });

  it('keeps the junk system serial when there is no board serial (identityOf drops it)', () => {
    const read = glpiIdentityFacts({ content: { bios: { ssn: 'Default string' } } });
    expect(identityOf(read.facts).serial).toBeNull();
  });

  it('reads network equipment and printers from network_device, not from their ports', () => {
    const read = glpiIdentityFacts({
      deviceid: 'sw',
      itemtype: 'NetworkEquipment',
      content: {
        network_device: { serial: 'FOC1243W0ED', mac: '00:23:ac:6a:01:00', name: '3k-1-pa3', type: 'Networking' },
        network_ports: [{ mac: '00:23:ac:6a:01:01' }],
      },
    });
    expect(read.facts).toEqual({ serial: 'FOC1243W0ED', uuid: null, macs: ['00:23:ac:6a:01:00'], name: '3k-1-pa3' });
  });

  it('reads numbers where strings are due', () => {
    const read = glpiIdentityFacts({ content: { bios: { ssn: 8812345 }, hardware: { name: 'x' } } });
    expect(read.facts.serial).toBe('8812345');
  });

  it.each([
    [null, /\(root\)/],
    ['{}', /\(root\)/],
    [{}, /content/],
    [{ content: { networks: 'eth0' } }, /content\.networks/],
    [{ content: { bios: { ssn: { nested: true } } } }, /content\.bios\.ssn/],
  ])('refuses %j with a reason naming the field', (doc, reason) => {
    expect(() => glpiIdentityFacts(doc)).toThrow(/^Not a GLPI inventory document: /);
    expect(() => glpiIdentityFacts(doc)).toThrow(reason);
  });
});
