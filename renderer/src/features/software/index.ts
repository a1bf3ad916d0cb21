/** Software (`/software`): titles and compliance. Offers the installed-software table (this device, an asset). */
import { IconApps } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const SoftwareScreen = lazyScreen('software', () => import('./SoftwareScreen'), (m) => m.SoftwareScreen);

export const feature: Feature = {
  name: 'software',
  routes: [{ path: '/software', screen: SoftwareScreen }],
  nav: { to: '/software', label: 'Software', icon: IconApps, order: 60 },
};

export { InstalledSoftwareTable } from './InstalledSoftwareTable';
