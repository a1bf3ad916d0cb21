/**
 * Sync conflicts (`/conflicts`): the screen, and the header's link with the open count.
 * Offers the sync notices the names of fields.
 */
import { lazyScreen, type Feature } from '../../shared/feature';

const ConflictsScreen = lazyScreen('conflicts', () => import('./ConflictsScreen'), (m) => m.ConflictsScreen);

export const feature: Feature = {
  name: 'conflicts',
  routes: [{ path: '/conflicts', screen: ConflictsScreen }],
};

export { ConflictsLink } from './ConflictsLink';
export { fieldLabel } from './conflictValues';
