/**
 * The CMDB: a configuration item's screen (`/cis/:id`) with its asset, relationships and linked
 * tickets, its impact view (`/cis/:id/impact`: the graph is in that screen's chunk only), and the
 * CMDB checks (`/cmdb/reconcile`: stale CIs, assets without a CI, likely duplicates; a navbar place).
 */
import { IconDatabaseSearch } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const ConfigurationItemScreen = lazyScreen('configuration item', () => import('./ConfigurationItemScreen'), (m) => m.ConfigurationItemScreen);
const ImpactScreen = lazyScreen('impact', () => import('./impact/ImpactScreen'), (m) => m.ImpactScreen);
const ReconcileScreen = lazyScreen('CMDB checks', () => import('./reconcile/ReconcileScreen'), (m) => m.ReconcileScreen);

export const feature: Feature = {
  name: 'cmdb',
  routes: [
    { path: '/cis/:id', screen: ConfigurationItemScreen },
    { path: '/cis/:id/impact', screen: ImpactScreen },
    { path: '/cmdb/reconcile', screen: ReconcileScreen },
  ],
  nav: {
    to: '/cmdb/reconcile',
    label: 'CMDB checks',
    icon: IconDatabaseSearch,
    order: 65,
    description: 'Configuration items not inventoried lately, assets without a CI, likely duplicates',
  },
};
