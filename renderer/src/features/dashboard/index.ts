/** The dashboard: the day's figures, each a queue view (figures.ts). */
import { IconLayoutDashboard } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const DashboardScreen = lazyScreen('dashboard', () => import('./DashboardScreen'), (m) => m.DashboardScreen);

export const feature: Feature = {
  name: 'dashboard',
  routes: [{ path: '/dashboard', screen: DashboardScreen }],
  nav: { to: '/dashboard', label: 'Dashboard', icon: IconLayoutDashboard, order: 10 },
};
