import { describe, expect, it } from 'vitest';
import { CI_CLASSES, ciTypeLabel, classOf } from './classes';

describe('CI classes', () => {
  it.each([
    ['application', 'application', 'Application'],
    ['service', 'business_service', 'Business service'],
    ['Business service', 'business_service', 'Business service'],
    ['computer', 'workstation', 'Workstation'],
    ['network_equipment', 'network_device', 'Network device'],
    ['access point', 'access_point', 'Wireless access point'],
    ['virtual-machine', 'virtual_machine', 'Virtual machine'],
    ['mainframe', null, 'mainframe'],
  ])('%s is %s, read as "%s"', (type, key, label) => {
    expect(classOf(type)).toBe(key);
    expect(ciTypeLabel(type)).toBe(label);
  });

  it('every class has a label and a group', () => {
    for (const c of Object.values(CI_CLASSES)) expect(c.label.length * c.group.length).toBeGreaterThan(0);
  });
});
