/** Complete tickets for the queue's unit tests (valid per common/domain/entities.ts). */
import type { Ticket } from '@fielddesk/common/domain/entities';
import { makeTicket, T0 } from './fixtures';

export const ME_ID = '01900000-0000-7000-8000-000000000001';
export const OTHER_ID = '01900000-0000-7000-8000-000000000002';
export const MY_GROUP = '01900000-0000-7000-8000-0000000000a1';
export const OTHER_GROUP = '01900000-0000-7000-8000-0000000000a2';
export const SITE_ID = '01900000-0000-7000-8000-0000000000b1';

/** The shared test ticket (renderer/test/fixtures.ts), placed in this file's user, group and site. */
export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  const at = overrides.createdAt ?? T0;
  return makeTicket({
    category: 'Printing',
    subcategory: 'Printer',
    requesterId: null,
    assigneeId: ME_ID,
    groupId: MY_GROUP,
    siteId: SITE_ID,
    createdAt: at,
    updatedAt: at,
    respondedAt: at,
    ...overrides,
  });
}
