/**
 * What kind of asset and configuration item an inventoried device is, from GLPI's item type,
 * the SMBIOS chassis type and the virtualization the agent reports. One answer for the server
 * (new assets from agents) and the app (the register form's suggestion, a CI made offline).
 */
import type { InventorySummary } from './summary';

/** The configuration item type of a GLPI item type. */
export function ciTypeOf(itemtype: string): string {
  switch (itemtype) {
    case 'Computer':
      return 'computer';
    case 'Phone':
      return 'phone';
    case 'Printer':
      return 'printer';
    case 'NetworkEquipment':
      return 'network_equipment';
    default:
      return itemtype.trim().toLowerCase() || 'computer';
  }
}

const LAPTOP_CHASSIS = /laptop|notebook|portable|convertible|detachable|sub ?notebook|hand ?held/i;
const SERVER_CHASSIS = /server|rack|blade|multi-system/i;
const DESKTOP_CHASSIS = /desktop|tower|all in one|all-in-one|mini|low profile|lunch ?box|space-saving|pizza|stick|sealed-case/i;
const TABLET_CHASSIS = /tablet/i;

/**
 * The asset type (as the demo catalogue names them) of an inventoried device: what the server
 * gives a new asset and what the register form on "This device" suggests.
 */
export function assetTypeOf(itemtype: string, summary: Pick<InventorySummary, 'chassisType' | 'virtualization'>): string {
  const chassis = summary.chassisType ?? '';
  switch (itemtype) {
    case 'Computer': {
      const vm = summary.virtualization?.trim() ?? '';
      if (vm !== '' && !/^(physical|none|unknown)$/i.test(vm)) return 'virtual machine';
      if (TABLET_CHASSIS.test(chassis)) return 'tablet';
      if (LAPTOP_CHASSIS.test(chassis)) return 'laptop';
      if (SERVER_CHASSIS.test(chassis)) return 'server';
      if (DESKTOP_CHASSIS.test(chassis)) return 'desktop';
      return 'computer';
    }
    case 'Phone':
      return 'phone';
    case 'Printer':
      return 'printer';
    case 'NetworkEquipment':
      if (/wireless|access ?point|wlan/i.test(chassis)) return 'access point';
      if (/router/i.test(chassis)) return 'router';
      if (/firewall/i.test(chassis)) return 'firewall';
      if (/switch|networking/i.test(chassis)) return 'switch';
      return 'network equipment';
    default:
      return itemtype.trim().toLowerCase() || 'computer';
  }
}
