/** Create New (`/new/:kind?`): the navbar's main button, and `n` / Alt+N from anywhere. */
import { IconPlus } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';
import { CreateHotkey } from './CreateHotkey';

const CreateScreen = lazyScreen('create', () => import('./CreateScreen'), (m) => m.CreateScreen);

export const feature: Feature = {
  name: 'create',
  routes: [{ path: '/new/:kind?', screen: CreateScreen }],
  nav: {
    to: '/new',
    label: 'New',
    icon: IconPlus,
    order: 0,
    primary: true,
    shortcut: 'N',
    description: 'Create a ticket, request, problem or task',
  },
  background: CreateHotkey,
};
