/**
 * Queues: the start screen (`/`, and whatever path no feature claims), in the start bundle.
 * Offers the dashboard the queue engine: the ticket index, filter contexts, predefined
 * queues and their URL form, the SLA memo.
 */
import { IconListDetails } from '@tabler/icons-react';
import type { Feature } from '../../shared/feature';
import { QueueScreen } from './QueueScreen';

export const feature: Feature = {
  name: 'queue',
  routes: [
    { path: '/', screen: QueueScreen },
    { path: '*', screen: QueueScreen },
  ],
  nav: { to: '/', label: 'Queues', icon: IconListDetails, order: 20, also: ['/tickets/', '/queue'] },
};

export type { FilterContext, RowPredicate } from './engine/compile';
export { toQueueItem, type QueueItem } from './engine/item';
export {
  parseQueueQuery,
  predefinedPredicate,
  queueHref,
  queueQuery,
  refinementPredicate,
  weekStart,
  type QueueQuery,
  type ScopeRefinement,
} from './engine/queues';
export { runQueue } from './engine/run';
export { levelOf, resolutionOf } from './engine/sla';
export { useFilterContext, useMinuteClock, useSlaWarmup, useSlicedCounts, useTicketIndex } from './useQueueData';
