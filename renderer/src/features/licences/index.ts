/**
 * Licences and compliance: compliance per software title (`/licences`, counted on the device
 * from the replica) and a licence's screen (`/licences/:id`: details, seats, devices with the
 * title installed); a navbar place.
 */
import { IconLicense } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const LicencesScreen = lazyScreen('licences', () => import('./LicencesScreen'), (m) => m.LicencesScreen);
const LicenceScreen = lazyScreen('licence', () => import('./LicenceScreen'), (m) => m.LicenceScreen);

export const feature: Feature = {
  name: 'licences',
  routes: [
    { path: '/licences', screen: LicencesScreen },
    { path: '/licences/:id', screen: LicenceScreen },
  ],
  nav: { to: '/licences', label: 'Licences', icon: IconLicense, order: 61, description: 'Software licences and compliance per title' },
};
