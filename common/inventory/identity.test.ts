import { describe, expect, it } from 'vitest';
import { macJunkReason, normaliseMac, normaliseName, normaliseSerial, normaliseUuid, parseMac, virtualInterfaceReason } from './identity';

describe('normaliseSerial', () => {
  it.each([
    ['To Be Filled By O.E.M.', 'OEM placeholder'],
    ['  to be filled by o.e.m.  ', 'OEM placeholder, other case and padding'],
    ['Default string', 'AMI default'],
    ['System Serial Number', 'ASUS placeholder'],
    ['0', 'a single zero'],
    ['00000000', 'all zeros'],
    ['1111111', 'all ones'],
    ['0101', 'only zeros and ones'],
    ['N/A', 'N/A'],
    ['None', 'None'],
    ['123456789', 'a run of digits'],
    ['   ', 'whitespace only'],
    ['', 'empty'],
    ['xxxxxxxxxxx', 'one character repeated'],
    ['NNNNNNN', 'one character repeated'],
    ['1.0.3', 'a version number'],
    ['Not Specified', 'not specified'],
  ])('drops %j (%s)', (raw) => {
    expect(normaliseSerial(raw)).toBeNull();
  });

  it.each([
    [null, null],
    [undefined, null],
    ['640HP72', '640HP72'],
    [' 8c554721f ', '8C554721F'],
    ['SSI1912014B', 'SSI1912014B'],
    ['VMware-56 4d 12 ab', 'VMWARE-56 4D 12 AB'],
    ['ABC   123', 'ABC 123'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseSerial(raw)).toBe(expected);
  });
});

describe('normaliseUuid', () => {
  it.each([
    ['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'all F'],
    ['ffffffff-ffff-ffff-ffff-ffffffffffff', 'all F, lower case'],
    ['00000000-0000-0000-0000-000000000000', 'all zeros'],
    ['03000200-0400-0500-0006-000700080009', 'the known board dummy'],
    ['6AB5B300-538D-1014-9FB5-B0684D007B53', 'the Lenovo/IBM dummy'],
    ['01010101-0101-0101-0101-010101010101', 'all 01'],
    ['2', "GLPI's '2'"],
    ['{FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF}', 'all F in braces'],
    ['  ', 'whitespace only'],
  ])('drops %j (%s)', (raw) => {
    expect(normaliseUuid(raw)).toBeNull();
  });

  it.each([
    ['4C4C4544-0034-3010-8048-B6C04F503732', '4c4c4544-0034-3010-8048-b6c04f503732'],
    ['{4c4c4544-0034-3010-8048-b6c04f503732}', '4c4c4544-0034-3010-8048-b6c04f503732'],
    ['af8d3fcfa6fe4784', 'af8d3fcfa6fe4784'],
    ['4BDRGGFE-0046-4710-8047-B2C04F503732', '4bdrggfe-0046-4710-8047-b2c04f503732'],
    [null, null],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseUuid(raw)).toBe(expected);
  });
});

describe('parseMac', () => {
  it.each([
    ['00:E0:4C:68:01:DB', '00:e0:4c:68:01:db'],
    ['00-e0-4c-68-01-db', '00:e0:4c:68:01:db'],
    ['00e0.4c68.01db', '00:e0:4c:68:01:db'],
    ['00E04C6801DB', '00:e0:4c:68:01:db'],
    ['  00:e0:4c:68:01:db ', '00:e0:4c:68:01:db'],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseMac(raw)).toBe(expected);
  });

  it.each([[''], ['00:e0:4c:68:01'], ['00:e0:4c:68:01:zz'], ['00:e0:4c:68:01:db:00'], ['00e:04c:680:1db'], [null]])('refuses %j', (raw) => {
    expect(parseMac(raw)).toBeNull();
  });
});

describe('normaliseMac', () => {
  it.each([
    ['00:00:00:00:00:00', 'all zeros'],
    ['FF:FF:FF:FF:FF:FF', 'broadcast'],
    ['01:00:5e:00:00:fb', 'multicast'],
    ['00:50:56:c0:00:01', 'virtual adapter: VMware'],
    ['00:0c:29:12:34:56', 'virtual adapter: VMware'],
    ['00:05:69:12:34:56', 'virtual adapter: VMware'],
    ['08:00:27:12:34:56', 'virtual adapter: Oracle VirtualBox'],
    ['0a:00:27:00:00:00', 'virtual adapter: Oracle VirtualBox'],
    ['00:15:5D:01:02:03', 'virtual adapter: Microsoft Hyper-V'],
    ['02:42:ac:11:00:02', 'virtual adapter: Docker'],
    ['52:54:00:fa:20:0e', 'virtual adapter: QEMU'],
    ['00:1c:42:00:00:08', 'virtual adapter: Parallels'],
    ['00:16:3e:11:22:33', 'virtual adapter: Xen'],
    ['33:50:6f:45:30:30', 'multicast'],
    ['02:00:4e:43:50:49', 'shared by a dial-up, WAN or VPN adapter'],
    ['not a mac', null],
  ])('drops %j (%s)', (raw, reason) => {
    expect(normaliseMac(raw)).toBeNull();
    const mac = parseMac(raw);
    if (reason === null) expect(mac).toBeNull();
    else expect(macJunkReason(mac!)).toContain(reason);
  });

  it.each([
    ['00:E0:4C:68:01:DB', '00:e0:4c:68:01:db'],
    ['44-85-00-2B-90-BC', '44:85:00:2b:90:bc'],
    ['E0:DC:FF:ED:09:59', 'e0:dc:ff:ed:09:59'],
  ])('keeps %j as %j', (raw, expected) => {
    expect(normaliseMac(raw)).toBe(expected);
  });
});

describe('normaliseName', () => {
  it.each([['localhost'], ['LOCALHOST.localdomain'], ['  '], [''], [null], ['(none)']])('drops %j', (raw) => {
    expect(normaliseName(raw)).toBeNull();
  });

  it.each([
    ['glpixps', 'glpixps'],
    [' LF014 ', 'lf014'],
    ['Mi9TPro-TéléphoneM', 'mi9tpro-téléphonem'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });
});

describe('virtualInterfaceReason', () => {
  it.each([
    [{ description: 'ifb0' }, /intermediate functional block/],
    [{ description: 'ifb1' }, /intermediate functional block/],
    [{ description: 'veth9f3a2b1' }, /virtual Ethernet pair/],
    [{ description: 'docker0' }, /Docker bridge/],
    [{ description: 'br-4f2a9c0d1e2f' }, /Docker network bridge/],
    [{ description: 'virbr0' }, /libvirt/],
    [{ description: 'vmnet8' }, /VMware/],
    [{ description: 'vboxnet0' }, /VirtualBox/],
    [{ description: 'tun0' }, /tun\/tap/],
    [{ description: 'tap3' }, /tun\/tap/],
    [{ description: 'lo' }, /loopback/],
    [{ description: 'wg0' }, /VPN/],
    [{ name: 'Hyper-V Virtual Ethernet Adapter', description: 'vEthernet (Default Switch)' }, /virtual or tunnel adapter/],
    [{ description: 'eth0', type: 'loopback' }, /loopback/],
    [{ description: 'eth0', type: 'bridge' }, /bridge/],
    [{ description: 'eth0', virtualdev: 1 }, /flagged virtual/],
    [{ description: 'eth0', virtualdev: true }, /flagged virtual/],
  ])('%j is virtual', (card, reason) => {
    expect(virtualInterfaceReason(card)).toMatch(reason);
  });

  it.each([[{ description: 'eth0' }], [{ description: 'enp57s0', type: 'ethernet' }], [{ description: 'wlp2s0', type: 'wifi', virtualdev: false }], [{ description: 'eno1', virtualdev: '0' }], [{ name: 'Intel(R) Ethernet Connection I219-LM', description: 'Ethernet' }], [{ description: 'en0' }], [{}]])(
    '%j may be physical',
    (card) => {
      expect(virtualInterfaceReason(card)).toBeNull();
    },
  );
});
