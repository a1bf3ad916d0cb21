import { describe, expect, it } from 'vitest';
import { AuditIndex, type ExpectedAsset } from './classify';
import { planClose, type CloseDecisions } from './close';
import { mergeScans, type ScanFacts } from './merge';

const A = 'room-a';
const B = 'room-b';
const expected: ExpectedAsset[] = [
  { assetId: 'a1', tag: 'FD-1', serial: null, state: 'in_use', locationId: A },
  { assetId: 'a2', tag: 'FD-2', serial: null, state: 'in_use', locationId: B },
  { assetId: 'a3', tag: 'FD-3', serial: null, state: 'in_stock', locationId: A },
  { assetId: 'a4', tag: 'FD-4', serial: null, state: 'in_maintenance', locationId: A },
  { assetId: 'a5', tag: 'FD-5', serial: null, state: 'missing', locationId: A },
  { assetId: 'a6', tag: 'FD-6', serial: null, state: 'retired', locationId: A },
];
const index = new AuditIndex(expected);

let n = 0;
function scan(over: Partial<ScanFacts>): ScanFacts {
  n++;
  return { id: `s${n}`, auditorId: 'ann', locationId: A, code: 'FD-1', key: 'FD-1', assetId: 'a1', verdict: 'found', move: null, scannedAt: `2026-12-07T10:00:0${n % 10}.000Z`, ...over };
}

const none: CloseDecisions = { stillSearching: new Set(), reviews: new Map(), unknown: new Map() };

describe('planClose', () => {
  it('makes what was not found missing (not what is already missing or retired), and applies agreed moves', () => {
    const merged = mergeScans(index, [scan({}), scan({ assetId: 'a2', code: 'FD-2', key: 'FD-2', locationId: A, verdict: 'found_elsewhere', move: 'move' })]);
    const result = planClose(index, merged, { ...none, stillSearching: new Set(['a4']) });
    expect(result).toEqual({
      ok: true,
      plan: { missing: ['a3'], stillSearching: ['a4'], moves: [{ assetId: 'a2', from: B, to: A }], register: [], dismissed: [], audited: ['a1', 'a2'] },
    });
  });

  it('will not close while a review, an unknown tag or a shared serial is undecided, and says which', () => {
    const merged = mergeScans(index, [
      scan({ assetId: 'a2', code: 'FD-2', key: 'FD-2', locationId: A, verdict: 'found_elsewhere', move: 'move' }),
      scan({ assetId: 'a2', code: 'FD-2', key: 'FD-2', locationId: A, verdict: 'duplicate', move: 'leave', auditorId: 'bob' }),
      scan({ assetId: null, code: 'ZZ-9', key: 'ZZ-9', verdict: 'unknown' }),
      scan({ assetId: null, code: 'SHARED', key: 'SHARED', verdict: 'ambiguous' }),
    ]);
    expect(planClose(index, merged, none)).toEqual({
      ok: false,
      reasons: [
        '1 asset waits for a decision on where it is (move it or leave it): FD-2.',
        '1 unknown tag needs a decision (register it or dismiss it with a reason): ZZ-9.',
        '1 scan names a serial number several assets share: pick the asset for SHARED.',
      ],
    });
  });

  it('follows the closer: a reviewed asset left, an unknown tag dismissed with a reason, another registered', () => {
    const merged = mergeScans(index, [
      scan({ assetId: 'a2', code: 'FD-2', key: 'FD-2', locationId: A, verdict: 'found_elsewhere', move: 'move' }),
      scan({ assetId: 'a2', code: 'FD-2', key: 'FD-2', locationId: A, verdict: 'duplicate', move: 'leave', auditorId: 'bob' }),
      scan({ assetId: null, code: 'ZZ-9', key: 'ZZ-9', verdict: 'unknown' }),
      scan({ assetId: null, code: 'new-1', key: 'NEW-1', verdict: 'unknown', locationId: B }),
    ]);
    const decisions: CloseDecisions = {
      stillSearching: new Set(),
      reviews: new Map([['a2', { kind: 'leave' }]]),
      unknown: new Map([
        ['ZZ-9', { kind: 'dismiss', reason: ' a visitor’s laptop ' }],
        ['NEW-1', { kind: 'register' }],
      ]),
    };
    const result = planClose(index, merged, decisions);
    expect(result.ok && result.plan).toMatchObject({ moves: [], register: [{ key: 'NEW-1', code: 'new-1', locationId: B }], dismissed: [{ key: 'ZZ-9', reason: 'a visitor’s laptop' }] });
  });

  it('asks for a reason to dismiss an unknown tag', () => {
    const merged = mergeScans(index, [scan({ assetId: null, code: 'ZZ-9', key: 'ZZ-9', verdict: 'unknown' })]);
    expect(planClose(index, merged, { ...none, unknown: new Map([['ZZ-9', { kind: 'dismiss', reason: '  ' }]]) })).toMatchObject({ ok: false, reasons: ['Dismissing the unknown tag ZZ-9 needs a reason.'] });
  });
});
