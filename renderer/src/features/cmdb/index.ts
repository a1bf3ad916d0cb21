/** The CMDB: a configuration item's screen (`/cis/:id`) with its asset and linked tickets. */
import { lazyScreen, type Feature } from '../../shared/feature';

const ConfigurationItemScreen = lazyScreen('configuration item', () => import('./ConfigurationItemScreen'), (m) => m.ConfigurationItemScreen);

export const feature: Feature = {
  name: 'cmdb',
  routes: [{ path: '/cis/:id', screen: ConfigurationItemScreen }],
};
