/**
 * The CMDB: a configuration item's screen (`/cis/:id`) with its asset, relationships and linked
 * tickets, and its impact view (`/cis/:id/impact`: the graph is in that screen's chunk only).
 */
import { lazyScreen, type Feature } from '../../shared/feature';

const ConfigurationItemScreen = lazyScreen('configuration item', () => import('./ConfigurationItemScreen'), (m) => m.ConfigurationItemScreen);
const ImpactScreen = lazyScreen('impact', () => import('./impact/ImpactScreen'), (m) => m.ImpactScreen);

export const feature: Feature = {
  name: 'cmdb',
  routes: [
    { path: '/cis/:id', screen: ConfigurationItemScreen },
    { path: '/cis/:id/impact', screen: ImpactScreen },
  ],
};
