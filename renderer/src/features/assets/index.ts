/** Assets: an asset's screen (`/assets/:id`) with its recorded inventory and linked tickets. */
import { lazyScreen, type Feature } from '../../shared/feature';

const AssetScreen = lazyScreen('asset', () => import('./AssetScreen'), (m) => m.AssetScreen);

export const feature: Feature = {
  name: 'assets',
  routes: [{ path: '/assets/:id', screen: AssetScreen }],
};
