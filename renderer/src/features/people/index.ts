/** People: a person's screen (`/people/:id`) with their groups and the tickets they raised. */
import { lazyScreen, type Feature } from '../../shared/feature';

const PersonScreen = lazyScreen('person', () => import('./PersonScreen'), (m) => m.PersonScreen);

export const feature: Feature = {
  name: 'people',
  routes: [{ path: '/people/:id', screen: PersonScreen }],
};
