/**
 * Change management (issue 15): the change calendar (`/changes/calendar`): month, week, day and
 * list views over the replica, offline; windows as background; drag to reschedule with the
 * collision check running during the drag; a navbar place.
 */
import { IconCalendarEvent } from '@tabler/icons-react';
import { lazyScreen, type Feature } from '../../shared/feature';

const ChangeCalendarScreen = lazyScreen('change-calendar', () => import('./ChangeCalendarScreen'), (m) => m.ChangeCalendarScreen);

export const feature: Feature = {
  name: 'changes',
  routes: [{ path: '/changes/calendar', screen: ChangeCalendarScreen }],
  nav: { to: '/changes/calendar', label: 'Change calendar', icon: IconCalendarEvent, order: 45, description: 'Changes, maintenance windows and freezes on a calendar' },
};
