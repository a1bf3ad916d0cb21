import { describe, expect, it } from 'vitest';
import type { AssetEvent } from '@fielddesk/common/assets/actions';
import { timelineOf, type TimelineNames } from './timeline';

const names: TimelineNames = {
  person: (id) => ({ p1: 'Alex Morgan', p2: 'Sam Rivera' })[id],
  location: (id) => ({ l1: 'Shelf A', l2: 'Shelf B' })[id],
  asset: (id) => ({ a2: 'DCK-HQ-004' })[id],
};

const event = (over: Partial<AssetEvent>): AssetEvent => ({
  id: 'e', assetId: 'a1', kind: 'state', actorId: 'p1', at: '2026-12-01T10:00:00.000Z', fromState: 'in_stock', fromSubstate: 'available', toState: 'in_stock', toSubstate: 'available',
  fromLocationId: 'l1', toLocationId: 'l1', target: null, checkoutId: null, reason: '', rev: 5, ...over,
});

describe('asset timeline', () => {
  it('words each event, newest first, with tickets and the last inventory among them', () => {
    const entries = timelineOf(
      [
        event({ id: 'e1', kind: 'created', fromState: null, fromSubstate: null, at: '2026-11-01T08:00:00.000Z' }),
        event({ id: 'e2', kind: 'check_out', toState: 'in_use', toSubstate: null, target: { kind: 'person', id: 'p2' }, at: '2026-11-02T08:00:00.000Z' }),
        event({ id: 'e3', kind: 'check_in', fromState: 'in_use', fromSubstate: null, toSubstate: 'defective', target: { kind: 'person', id: 'p2' }, toLocationId: 'l2', reason: 'Cracked hinge', at: '2026-11-20T08:00:00.000Z' }),
        event({ id: 'e4', kind: 'state', toState: 'retired', toSubstate: 'donated', reason: 'Donated to school', at: '2026-12-01T08:00:00.000Z', rev: 0, actorId: 'p9' }),
        event({ id: 'e5', kind: 'move', fromLocationId: 'l2', toLocationId: 'l9', at: '2026-11-21T08:00:00.000Z' }),
      ],
      [{ id: 't1', number: 'INC-0042', title: 'Hinge cracked', createdAt: '2026-11-19T08:00:00.000Z' }],
      '2026-11-10T08:00:00.000Z',
      names,
    );
    expect(entries.map((e) => [e.title, e.detail, e.actor, e.pending])).toEqual([
      ['In stock: Available → Retired: Donated', 'Donated to school', 'someone not on this device', true],
      ['Moved from Shelf B to a location not on this device', '', 'Alex Morgan', false],
      ['Checked in from Sam Rivera, In stock: Defective', 'Put away at Shelf B · Cracked hinge', 'Alex Morgan', false],
      ['Ticket INC-0042 raised', 'Hinge cracked', null, false],
      ['Last inventory recorded', '', null, false],
      ['Checked out to Sam Rivera', '', 'Alex Morgan', false],
      ['Created, In stock: Available', 'At Shelf A', 'Alex Morgan', false],
    ]);
  });

  it('places the changes that affect its CI at the start of their window, one to come at the top', () => {
    const entries = timelineOf(
      [event({ id: 'e1', kind: 'created', fromState: null, fromSubstate: null, at: '2026-11-01T08:00:00.000Z' })],
      [{ id: 't1', number: 'INC-0042', title: 'Hinge cracked', createdAt: '2026-11-19T08:00:00.000Z' }],
      null,
      names,
      undefined,
      [
        { id: 'c1', number: 'CHG-0007', title: 'Monthly Windows server patching at Headquarters', status: 'scheduled', windowStart: '2026-12-10T19:00:00.000Z', windowEnd: '2026-12-10T22:00:00.000Z' },
        { id: 'c2', number: 'CHG-0003', title: 'Replace UPS batteries', status: 'closed', windowStart: '2026-11-05T19:00:00.000Z', windowEnd: '2026-11-05T21:00:00.000Z' },
        { id: 'c3', number: null, title: 'Firewall rule review <b>now</b>', status: 'cancelled', windowStart: '2026-11-20T19:00:00.000Z', windowEnd: '2026-11-20T21:00:00.000Z' },
      ],
    );
    expect(entries.map((e) => [e.kind, e.title, e.detail, e.at, e.until ?? null])).toEqual([
      ['change', 'Change CHG-0007 scheduled', 'Monthly Windows server patching at Headquarters', '2026-12-10T19:00:00.000Z', '2026-12-10T22:00:00.000Z'],
      ['change', 'Change Firewall rule review <b>now</b> cancelled', '', '2026-11-20T19:00:00.000Z', '2026-11-20T21:00:00.000Z'],
      ['ticket', 'Ticket INC-0042 raised', 'Hinge cracked', '2026-11-19T08:00:00.000Z', null],
      ['change', 'Change CHG-0003 completed', 'Replace UPS batteries', '2026-11-05T19:00:00.000Z', '2026-11-05T21:00:00.000Z'],
      ['created', 'Created, In stock: Available', 'At Shelf A', '2026-11-01T08:00:00.000Z', null],
    ]);
  });
});
