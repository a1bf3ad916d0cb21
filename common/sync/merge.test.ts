import { describe, expect, it } from 'vitest';
import { planMerge, TICKET_FIELD_POLICIES } from './merge';
import type { TicketPatchFields } from './protocol';

const server = { title: 'Printer jams', priority: 3, status: 'assigned', description: 'Tray 2' };
const plan = (fields: TicketPatchFields, fieldRevs: Record<string, number>, baseRev = 10) =>
  planMerge({ fields, baseRev, server, fieldRevs, policies: TICKET_FIELD_POLICIES });

describe('three-way field merge', () => {
  it('applies fields the server has not touched since baseRev', () => {
    expect(plan({ title: 'Printer jams on tray 2', priority: 2 }, { title: 5, priority: 10 })).toEqual({
      apply: { title: 'Printer jams on tray 2', priority: 2 },
      lifecycle: {},
      conflicts: [],
    });
  });

  it('keeps the server value of a clashing free-text field and records the local one', () => {
    expect(plan({ title: 'Mine' }, { title: 11 })).toEqual({
      apply: {},
      lifecycle: {},
      conflicts: [{ field: 'title', local: 'Mine', server: 'Printer jams' }],
    });
  });

  it('sees no clash when both sides made the same change', () => {
    expect(plan({ priority: 3 }, { priority: 12 })).toEqual({ apply: {}, lifecycle: {}, conflicts: [] });
  });

  it('sends a clashing status through the lifecycle', () => {
    expect(plan({ status: 'in_progress' }, { status: 11 }).lifecycle).toEqual({ status: 'in_progress' });
  });

  it('treats fields never changed since creation as unchanged', () => {
    expect(plan({ description: 'Tray 3' }, {}).apply).toEqual({ description: 'Tray 3' });
  });
});
