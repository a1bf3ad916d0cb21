/**
 * A ticket's screen (`/tickets/:id`). From the start, the queue return tracker remembers the
 * last queue location for the screen's Esc. Offers the ticket picker (search by number or words)
 * that Create New uses too.
 */
import { lazyScreen, type Feature } from '../../shared/feature';
import { QueueReturnTracker } from './queueReturn';

const TicketDetailScreen = lazyScreen('ticket', () => import('./TicketDetailScreen'), (m) => m.TicketDetailScreen);

export const feature: Feature = {
  name: 'ticket',
  routes: [{ path: '/tickets/:id', screen: TicketDetailScreen }],
  background: QueueReturnTracker,
};

export { TicketSearchPicker } from './problem/TicketSearchPicker';
