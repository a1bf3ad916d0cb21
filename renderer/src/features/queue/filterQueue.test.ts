import { describe, expect, it } from 'vitest';
import { buildQueue } from './filterQueue';
import { group, makeTicket, tech } from '../../../test/fixtures';

const ctx = { user: { id: tech.id, groupIds: [group.id] }, personName: (id: string | null) => (id === tech.id ? 'Alex Morgan' : 'Unassigned'), siteName: () => 'HQ' };

describe('queue filter', () => {
  const mine = makeTicket({ number: 'INC-0001', status: 'in_progress', updatedAt: '2026-03-01T10:00:00.000Z' });
  const mineClosed = makeTicket({ number: 'INC-0002', status: 'closed', updatedAt: '2026-03-01T11:00:00.000Z' });
  const groupOnly = makeTicket({ number: 'INC-0003', assigneeId: null, status: 'new', title: 'VPN drops', updatedAt: '2026-03-01T12:00:00.000Z' });
  const other = makeTicket({ number: 'REQ-0004', kind: 'service_request', assigneeId: null, groupId: null, status: 'new', updatedAt: '2026-03-01T09:00:00.000Z' });
  const all = [mine, mineClosed, groupOnly, other];
  const numbers = (f: Parameters<typeof buildQueue>[1], text = '') => buildQueue(all, f, text, ctx).map((r) => r.number);

  it('filters by scope and sorts by last update, newest first', () => {
    expect(numbers('mine-open')).toEqual(['INC-0001']);
    expect(numbers('my-groups')).toEqual(['INC-0003', 'INC-0001']);
    expect(numbers('all-open')).toEqual(['INC-0003', 'INC-0001', 'REQ-0004']);
    expect(numbers('all')).toEqual(['INC-0003', 'INC-0002', 'INC-0001', 'REQ-0004']);
  });

  it('matches the text filter against number, title, assignee and status', () => {
    expect(numbers('all', 'vpn')).toEqual(['INC-0003']);
    expect(numbers('all', 'req-0004')).toEqual(['REQ-0004']);
    expect(numbers('all', 'alex')).toEqual(['INC-0002', 'INC-0001']);
    expect(numbers('all', 'in progress')).toEqual(['INC-0001']);
  });

  it('shows a provisional number for a ticket the server has not numbered yet', () => {
    const fresh = makeTicket({ number: null, kind: 'incident' });
    expect(buildQueue([fresh], 'all', '', ctx)[0]?.number).toMatch(/^INC-new-[0-9a-f]{6}$/);
  });
});
