/**
 * CI classes: what kind of thing a configuration item is, in the words a person reads, after
 * the CMDB class trees of ServiceNow and iTop (business service, application, database,
 * server, …), each in a group used to sort and colour them. A CI's `ciType` keeps the class
 * key; types recorded before the classes existed (an inventory's `computer`, `network_equipment`,
 * a demo `switch`) are mapped to the nearest class here instead of being rewritten, so nothing
 * stored has to change. An unknown type reads as itself, never guessed.
 */

export type CiClassGroup = 'service' | 'software' | 'compute' | 'network' | 'end_user' | 'other';

export interface CiClass {
  label: string;
  group: CiClassGroup;
}

export const CI_CLASSES = {
  business_service: { label: 'Business service', group: 'service' },
  application: { label: 'Application', group: 'software' },
  database: { label: 'Database', group: 'software' },
  server: { label: 'Server', group: 'compute' },
  virtual_machine: { label: 'Virtual machine', group: 'compute' },
  storage: { label: 'Storage', group: 'compute' },
  network_device: { label: 'Network device', group: 'network' },
  switch: { label: 'Switch', group: 'network' },
  access_point: { label: 'Wireless access point', group: 'network' },
  firewall: { label: 'Firewall', group: 'network' },
  workstation: { label: 'Workstation', group: 'end_user' },
  printer: { label: 'Printer', group: 'end_user' },
  phone: { label: 'Phone', group: 'end_user' },
  display: { label: 'Display', group: 'end_user' },
} as const satisfies Record<string, CiClass>;

export type CiClassKey = keyof typeof CI_CLASSES;

/** Types recorded under another name (older records, inventories, the demo) and their class. */
const ALIASES: Readonly<Record<string, CiClassKey>> = {
  service: 'business_service',
  computer: 'workstation',
  laptop: 'workstation',
  desktop: 'workstation',
  tablet: 'workstation',
  network_equipment: 'network_device',
  router: 'network_device',
  vm: 'virtual_machine',
};

/** The class of a CI's recorded type, or null when it is none of them. */
export function classOf(ciType: string): CiClassKey | null {
  const key = ciType.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (key in CI_CLASSES) return key as CiClassKey;
  return ALIASES[key] ?? null;
}

/** What to call a CI's type: its class's label, or the type as recorded when it has no class. */
export function ciTypeLabel(ciType: string): string {
  const key = classOf(ciType);
  return key ? CI_CLASSES[key].label : ciType;
}
