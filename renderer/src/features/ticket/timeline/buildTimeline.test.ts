import { describe, expect, it } from 'vitest';
import type { Attachment, TicketEvent, Worklog } from '@fielddesk/common/domain/entities';
import type { OpInput } from '@fielddesk/common/sync/protocol';
import { buildTimeline, describeEvent, describeOp, type TimelineNames } from './buildTimeline';

const TICKET = '0195f0c8-0000-7000-8000-000000000001';
const ALEX = '0195f0c8-0000-7000-8000-0000000000a1';
const SAM = '0195f0c8-0000-7000-8000-0000000000a2';
const GONE = '0195f0c8-0000-7000-8000-0000000000ff';
const names: TimelineNames = {
  person: (id) => ({ [ALEX]: 'Alex Morgan', [SAM]: 'Sam Lee' })[id],
  group: (id) => (id === 'g1' ? 'Field Support' : undefined),
  ticket: (id) => (id === 'p1' ? 'PRB-0003' : undefined),
};

function event(overrides: Partial<TicketEvent>): TicketEvent {
  return { id: 'e1', ticketId: TICKET, type: 'status', from: 'assigned', to: 'in_progress', actorId: ALEX, at: '2026-03-02T09:00:00.000Z', recordedAt: '2026-03-02T09:00:01.000Z', rev: 5, ...overrides };
}
const worklog: Worklog = { id: 'w1', ticketId: TICKET, authorId: SAM, body: 'Checked <b>cables</b>', minutes: 20, visibility: 'public', createdAt: '2026-03-02T10:00:00.000Z', rev: 6 };
const attachment: Attachment = {
  id: 'a1',
  ticketId: TICKET,
  sha256: 'a'.repeat(64),
  fileName: 'fuser.png',
  mimeType: 'image/png',
  size: 10,
  kind: 'photo',
  authorId: GONE,
  createdAt: '2026-03-02T11:00:00.000Z',
  uploaded: true,
  rev: 7,
};

describe('buildTimeline', () => {
  it('merges history, worklogs, attachments and sync events, newest first', () => {
    const pendingPatch: OpInput = { opId: 'o1', entity: 'ticket', kind: 'patch', id: TICKET, baseRev: 7, fields: { status: 'resolved', resolutionNotes: 'x' }, clientTime: '2026-03-02T12:00:00.000Z' };
    const pendingWorklog: OpInput = { opId: 'o2', entity: 'worklog', kind: 'create', id: 'w2', data: { ticketId: TICKET, body: 'b', minutes: 1, visibility: 'internal' }, clientTime: '2026-03-02T12:01:00.000Z' };
    const items = buildTimeline({
      events: [event({})],
      worklogs: [worklog],
      attachments: [attachment],
      tasks: [],
      sync: {
        pending: [
          { opId: 'o1', op: pendingPatch, createdAt: '2026-03-02T12:00:00.000Z' },
          { opId: 'o2', op: pendingWorklog, createdAt: '2026-03-02T12:01:00.000Z' },
        ],
        conflicts: [{ id: 'o0:priority', field: 'priority', local: 2, server: 1, detectedAt: '2026-03-02T11:30:00.000Z', resolved: 0 }],
        rejections: [],
      },
      names,
    });
    expect(items.map((i) => i.type)).toEqual(['pending', 'conflict', 'attachment', 'worklog', 'event']);
    const [pending, conflict, att, wl, ev] = items;
    expect(pending).toMatchObject({ text: 'State change to Resolved; resolution notes changed' });
    expect(conflict).toMatchObject({ text: 'The server kept its priority "1"; this device had "2"' });
    expect(att).toMatchObject({ author: 'Someone not on this device' });
    expect(wl).toMatchObject({ author: 'Sam Lee' });
    expect(ev).toMatchObject({ actor: 'Alex Morgan', text: 'Changed the state from Assigned to In progress', syncedLater: false });
  });

  it('marks an event the server received much later than it was made as "synced later"', () => {
    const [late] = buildTimeline({
      events: [event({ at: '2026-03-02T09:00:00.000Z', recordedAt: '2026-03-02T13:00:00.000Z' })],
      worklogs: [],
      attachments: [],
      tasks: [],
      sync: { pending: [], conflicts: [], rejections: [] },
      names,
    });
    expect(late).toMatchObject({ type: 'event', syncedLater: true });
  });

  it('shows a refused change with the server reason', () => {
    const op: OpInput = { opId: 'o9', entity: 'task', kind: 'create', id: 't1', data: { ticketId: TICKET, title: 'Order part', description: '', assigneeId: null, groupId: null, siteId: null, dueAt: '2020-01-01T00:00:00.000Z' }, clientTime: '2026-03-02T12:00:00.000Z' };
    const [item] = buildTimeline({
      events: [],
      worklogs: [],
      attachments: [],
      tasks: [],
      sync: { pending: [], conflicts: [], rejections: [{ opId: 'o9', op, reason: 'The due date is in the past.', rejectedAt: '2026-03-02T12:05:00.000Z' }] },
      names,
    });
    expect(item).toMatchObject({ type: 'rejection', text: 'New task "Order part"', reason: 'The due date is in the past.' });
  });
});

describe('describeEvent', () => {
  it('names people, groups and problems, and says when they are not on this device', () => {
    expect(describeEvent(event({ type: 'assignee', from: null, to: SAM }), names)).toBe('Assigned to Sam Lee');
    expect(describeEvent(event({ type: 'assignee', from: SAM, to: GONE }), names)).toBe('Reassigned from Sam Lee to Someone not on this device');
    expect(describeEvent(event({ type: 'assignee', from: SAM, to: null }), names)).toBe('Unassigned Sam Lee');
    expect(describeEvent(event({ type: 'group', from: null, to: 'g1' }), names)).toBe('Moved from no group to Field Support');
    expect(describeEvent(event({ type: 'priority', from: '3', to: '1' }), names)).toBe('Changed the priority from P3 Medium to P1 Critical');
    expect(describeEvent(event({ type: 'problem', from: null, to: 'p1' }), names)).toBe('Linked to problem PRB-0003');
    expect(describeEvent(event({ type: 'problem', from: null, to: 'p2' }), names)).toBe('Linked to problem a problem not on this device');
    expect(describeEvent(event({ type: 'created', from: null, to: null }), names)).toBe('Created the ticket');
  });
});

describe('describeOp', () => {
  it('names a task change by the task title', () => {
    const op: OpInput = { opId: 'o', entity: 'task', kind: 'patch', id: 't1', baseRev: 1, fields: { status: 'done' }, clientTime: '2026-03-02T12:00:00.000Z' };
    expect(describeOp(op, [{ id: 't1', title: 'Order part' }])).toBe('Task "Order part" marked Done');
  });
});
