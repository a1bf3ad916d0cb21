/**
 * Contracts and vendors: the list with "ending within N days" (`/contracts?ending=30`), the
 * Vendors tab (`/contracts?tab=vendors`), a contract's screen (`/contracts/:id`) with the assets
 * it covers; a navbar place. Offers the dashboard the contracts ending soon (useContractEndings).
 */
import { IconFileCertificate } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const ContractsScreen = lazyScreen('contracts', () => import('./ContractsScreen'), (m) => m.ContractsScreen);
const ContractScreen = lazyScreen('contract', () => import('./ContractScreen'), (m) => m.ContractScreen);

export const feature: Feature = {
  name: 'contracts',
  routes: [
    { path: '/contracts', screen: ContractsScreen },
    { path: '/contracts/:id', screen: ContractScreen },
  ],
  nav: { to: '/contracts', label: 'Contracts', icon: IconFileCertificate, order: 62, description: 'Contracts and vendors; what ends soon' },
};

export { useContractEndings } from './useContractEndings';
export { DEFAULT_ENDING_DAYS } from './model';
