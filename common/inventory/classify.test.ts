import { describe, expect, it } from 'vitest';
import { assetTypeOf, ciTypeOf } from './classify';

describe('assetTypeOf', () => {
  it.each([
    ['Computer', 'Laptop', 'Physical', 'laptop'],
    ['Computer', 'Notebook', null, 'laptop'],
    ['Computer', 'Desktop', null, 'desktop'],
    ['Computer', 'Mini PC', null, 'desktop'],
    ['Computer', 'Mini Tower', null, 'desktop'],
    ['Computer', 'Rack Mount Chassis', null, 'server'],
    ['Computer', 'Tablet', null, 'tablet'],
    ['Computer', 'Other', 'kvm', 'virtual machine'],
    ['Computer', null, 'VMware', 'virtual machine'],
    ['Computer', 'Laptop', 'none', 'laptop'],
    ['Computer', 'Other', null, 'computer'],
    ['Computer', null, null, 'computer'],
    ['Printer', null, null, 'printer'],
    ['Phone', null, null, 'phone'],
    ['NetworkEquipment', 'NETWORKING', null, 'switch'],
    ['NetworkEquipment', 'Wireless access point', null, 'access point'],
    ['Monitor', null, null, 'monitor'],
  ] as const)('%s, chassis %s, virtualization %s: %s', (itemtype, chassisType, virtualization, type) => {
    expect(assetTypeOf(itemtype, { chassisType, virtualization })).toBe(type);
  });
});

describe('ciTypeOf', () => {
  it.each([
    ['Computer', 'computer'],
    ['Phone', 'phone'],
    ['Printer', 'printer'],
    ['NetworkEquipment', 'network_equipment'],
    ['Monitor', 'monitor'],
    ['  ', 'computer'],
  ])('%s is a %s CI', (itemtype, ci) => expect(ciTypeOf(itemtype)).toBe(ci));
});
