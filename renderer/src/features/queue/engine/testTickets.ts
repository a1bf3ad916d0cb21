/** Complete tickets for the queue's unit tests (valid per common/domain/entities.ts). */
import { v7 as uuidv7 } from 'uuid';
import type { Ticket } from '@fielddesk/common/domain/entities';

export const ME_ID = '01900000-0000-7000-8000-000000000001';
export const OTHER_ID = '01900000-0000-7000-8000-000000000002';
export const MY_GROUP = '01900000-0000-7000-8000-0000000000a1';
export const OTHER_GROUP = '01900000-0000-7000-8000-0000000000a2';
export const SITE_ID = '01900000-0000-7000-8000-0000000000b1';

export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const at = overrides.createdAt ?? '2026-03-02T09:00:00.000Z';
  return {
    id: uuidv7(),
    number: 'INC-1001',
    kind: 'incident',
    title: 'Printer on floor 2 jams',
    description: 'It jams on every second page.',
    status: 'assigned',
    priority: 3,
    impact: 2,
    urgency: 2,
    category: 'Printing',
    subcategory: 'Printer',
    requesterId: null,
    assigneeId: ME_ID,
    groupId: MY_GROUP,
    siteId: SITE_ID,
    locationId: null,
    onHoldReason: null,
    resolutionCode: null,
    resolutionNotes: null,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    respondedAt: at,
    slaHolds: [],
    catalogItemId: null,
    problemId: null,
    rootCause: null,
    workaround: null,
    knownError: false,
    rev: 10,
    ...overrides,
  };
}
