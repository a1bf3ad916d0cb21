import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditIndex, type ExpectedAsset } from './classify';
import { mergeScans, type ScanFacts } from './merge';

const A = 'room-a';
const B = 'room-b';
const C = 'room-c';
const expected: ExpectedAsset[] = [
  { assetId: 'a1', tag: 'FD-1', serial: null, state: 'in_use', locationId: A },
  { assetId: 'a2', tag: 'FD-2', serial: null, state: 'in_use', locationId: B },
  { assetId: 'a3', tag: 'FD-3', serial: null, state: 'in_stock', locationId: A },
  { assetId: 'a4', tag: 'FD-4', serial: null, state: 'retired', locationId: A },
];
const index = new AuditIndex(expected);

let n = 0;
function scan(over: Partial<ScanFacts>): ScanFacts {
  n++;
  return { id: `s${String(n).padStart(3, '0')}`, auditorId: 'ann', locationId: A, code: 'FD-1', key: 'FD-1', assetId: 'a1', verdict: 'found', move: null, scannedAt: `2026-12-07T10:00:${String(n % 60).padStart(2, '0')}.000Z`, ...over };
}

describe('mergeScans', () => {
  it('counts an asset two auditors scanned once, found where the earliest scan was', () => {
    const merged = mergeScans(index, [scan({ auditorId: 'ann' }), scan({ auditorId: 'bob' })]);
    expect(merged.assets.get('a1')).toMatchObject({ verdict: 'found', foundIn: A, auditorIds: ['ann', 'bob'], review: null });
    expect(merged.counts).toMatchObject({ expected: 4, found: 1, notFound: 3, repeats: 1, scans: 2 });
  });

  it.each([
    ['one auditor moves it: the move stands', [{ move: 'move' }], C, null],
    ['two auditors both move it to the same room', [{ move: 'move' }, { move: 'move', auditorId: 'bob' }], C, null],
    ['nobody chose: flagged, not moved', [{ move: null }], null, null],
    ['one leaves it: left', [{ move: 'leave' }], null, null],
    ['one moves, one leaves: review', [{ move: 'move' }, { move: 'leave', auditorId: 'bob' }], null, ['Auditors chose differently whether to move it.']],
    ['moved to two rooms: review', [{ move: 'move' }, { move: 'move', auditorId: 'bob', locationId: A }], null, ['Scanned in 2 places.', 'Auditors chose differently whether to move it.']],
  ] as const)('found elsewhere — %s', (_name, overs, moveTo, reasons) => {
    const merged = mergeScans(index, overs.map((o) => scan({ code: 'FD-2', key: 'FD-2', assetId: 'a2', verdict: 'found_elsewhere', locationId: C, ...o })));
    const outcome = merged.assets.get('a2')!;
    expect(outcome.verdict).toBe('found_elsewhere');
    expect(outcome.moveTo).toBe(moveTo);
    expect(outcome.review?.reasons ?? null).toEqual(reasons);
    expect(merged.counts.foundElsewhere).toBe(1);
  });

  it('keeps each unknown code once with every scan of it, and unresolved serials apart', () => {
    const merged = mergeScans(index, [
      scan({ code: 'zz-9', key: 'ZZ-9', assetId: null, verdict: 'unknown', note: ' Grey monitor, no record ' }),
      scan({ code: 'ZZ-9', key: 'ZZ-9', assetId: null, verdict: 'duplicate', auditorId: 'bob', note: '', photoSha256: 'ab'.repeat(32) }),
      scan({ code: 'ZZ-9', key: 'ZZ-9', assetId: null, verdict: 'duplicate', auditorId: 'bob', note: 'Landlord’s tag?' }),
      scan({ code: 'SHARED', key: 'SHARED', assetId: null, verdict: 'ambiguous' }),
    ]);
    expect(merged.unknown).toEqual([{ key: 'ZZ-9', code: 'zz-9', locationId: A, scanIds: [expect.any(String), expect.any(String), expect.any(String)], auditorIds: ['ann', 'bob'], notes: ['Grey monitor, no record', 'Landlord’s tag?'], photos: ['ab'.repeat(32)] }]);
    expect(merged.unresolved.map((s) => s.key)).toEqual(['SHARED']);
    expect(merged.counts).toMatchObject({ unknown: 1, repeats: 2, notFound: 4 });
  });

  it('works the verdict out again from the snapshot, and keeps the device verdict outside it', () => {
    const merged = mergeScans(index, [
      scan({ assetId: 'a3', code: 'FD-3', key: 'FD-3', verdict: 'found_elsewhere', locationId: A }),
      scan({ assetId: 'a4', code: 'FD-4', key: 'FD-4', verdict: 'found' }),
      scan({ assetId: 'o1', code: 'FD-100', key: 'FD-100', verdict: 'outside_audit' }),
      scan({ assetId: 'o2', code: 'FD-101', key: 'FD-101', verdict: 'retired_found' }),
    ]);
    expect([...merged.assets.values()].map((o) => [o.assetId, o.verdict])).toEqual([
      ['a3', 'found'],
      ['a4', 'retired_found'],
      ['o1', 'outside_audit'],
      ['o2', 'retired_found'],
    ]);
    expect(merged.counts).toMatchObject({ found: 1, outside: 1, retiredFound: 2, notFound: 2 });
  });

  it('gives the same account whatever order the scans arrive in', () => {
    const auditors = ['ann', 'bob', 'cat'];
    const scanArb = fc.record({
      auditorId: fc.constantFrom(...auditors),
      locationId: fc.constantFrom(A, B, C),
      asset: fc.constantFrom('a1', 'a2', 'a3', 'a4', null),
      move: fc.constantFrom('move' as const, 'leave' as const, null),
      second: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(
        fc.array(scanArb, { maxLength: 30 }).chain((raw) => fc.tuple(fc.constant(raw), fc.shuffledSubarray([...raw.keys()], { minLength: raw.length, maxLength: raw.length }))),
        ([raw, order]) => {
        const scans = raw.map((r, i): ScanFacts => {
          const tag = r.asset ? `FD-${r.asset.slice(1)}` : 'UNKNOWN-1';
          return { id: `s${i}`, auditorId: r.auditorId, locationId: r.locationId, code: tag, key: tag, assetId: r.asset, verdict: r.asset ? 'found' : 'unknown', move: r.move, scannedAt: `2026-12-07T10:00:${String(r.second).padStart(2, '0')}.000Z` };
        });
        const shuffled = order.map((i) => scans[i]!);
        const one = mergeScans(index, scans);
        const two = mergeScans(index, shuffled);
        expect([...two.assets.entries()].sort()).toEqual([...one.assets.entries()].sort());
        expect(two.unknown).toEqual(one.unknown);
        expect(two.counts).toEqual(one.counts);
        // Nothing is lost: every scan is in exactly one outcome.
        const ids = [...one.assets.values()].flatMap((o) => o.scanIds).concat(one.unknown.flatMap((u) => u.scanIds));
        expect(ids.sort()).toEqual(scans.map((s) => s.id).sort());
        },
      ),
    );
  });
});
