/**
 * Consumables (toner, cables, paper, mice): the list with each item's stock per location and a
 * low-stock view (`/consumables`, `?view=low`), and an item's screen (`/consumables/:id`) with its
 * movement ledger and the Receive, Issue, Adjust and Transfer dialogs. Offline, on the replica:
 * stock is always the sum of the movements (common/assets/consumables.ts), never a stored count.
 */
import { IconPackage } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const ConsumablesScreen = lazyScreen('consumables', () => import('./ConsumablesScreen'), (m) => m.ConsumablesScreen);
const ConsumableScreen = lazyScreen('consumable', () => import('./ConsumableScreen'), (m) => m.ConsumableScreen);

export const feature: Feature = {
  name: 'consumables',
  routes: [
    { path: '/consumables', screen: ConsumablesScreen },
    { path: '/consumables/:id', screen: ConsumableScreen },
  ],
  nav: {
    to: '/consumables',
    label: 'Consumables',
    icon: IconPackage,
    order: 62,
    description: 'Toner, cables, paper and the like: stock per location, low stock, issuing',
  },
};
