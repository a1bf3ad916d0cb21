/**
 * Assets: the Assets list (`/assets`: filters, saved views, columns, sorting, bulk state change,
 * move, assign and retire, keyboard shortcuts, offline on the replica) and an asset's screen
 * (`/assets/:id`: lifecycle actions, timeline, check-out and signature, money, inventory, tickets),
 * and new assets (`/assets/new`: one, or many from a tag pattern).
 */
import { IconDevices } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const AssetScreen = lazyScreen('asset', () => import('./AssetScreen'), (m) => m.AssetScreen);
const NewAssetScreen = lazyScreen('new-asset', () => import('./NewAssetScreen'), (m) => m.NewAssetScreen);
const CheckoutsScreen = lazyScreen('checkouts', () => import('./checkouts/CheckoutsScreen'), (m) => m.CheckoutsScreen);
const AssetsListScreen = lazyScreen('assets', () => import('./AssetsListScreen'), (m) => m.AssetsListScreen);

export const feature: Feature = {
  name: 'assets',
  routes: [
    { path: '/assets', screen: AssetsListScreen },
    { path: '/assets/new', screen: NewAssetScreen },
    { path: '/assets/checkouts', screen: CheckoutsScreen },
    { path: '/assets/:id', screen: AssetScreen },
  ],
  nav: {
    to: '/assets',
    label: 'Assets',
    icon: IconDevices,
    order: 58,
    description: 'Every asset on this device: filters, saved views, bulk state change, move, assign and retire',
  },
};

export { useOverdueCount, useWarrantyEndings } from './checkouts/useAssetEndings';
