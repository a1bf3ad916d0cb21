import { describe, expect, it } from 'vitest';
import { IdSchema } from '../domain/ids';
import { expectedFilter, expectedOf, expectedRowId, scopeDrift, snapshotOf, type AuditScope, type ScopedAsset } from './expected';

const HQ = '0190a000-0000-7000-8000-000000000001';
const DC = '0190a000-0000-7000-8000-000000000002';
const ROOM = '0190a000-0000-7000-8000-00000000000a';
const STORE = '0190a000-0000-7000-8000-00000000000b';

const asset = (over: Partial<ScopedAsset>): ScopedAsset => ({ id: '0190a000-0000-7000-8000-0000000000f1', tag: 'LAP-1', serial: null, kind: 'hardware', state: 'in_use', siteId: HQ, locationId: ROOM, category: 'Laptops', ...over });
const whole: AuditScope = { siteId: HQ, locationIds: [], kinds: [], categories: [] };

describe('expectedOf', () => {
  it.each([
    ['an asset at the site, whole-site scope', whole, {}, true],
    ['another site', whole, { siteId: DC }, false],
    ['no site', whole, { siteId: null }, false],
    ['ordered (not delivered)', whole, { state: 'ordered' }, false],
    ['retired', whole, { state: 'retired' }, false],
    ['disposed', whole, { state: 'disposed' }, false],
    ['missing: expected (an audit may find it)', whole, { state: 'missing' }, true],
    ['in maintenance', whole, { state: 'in_maintenance' }, true],
    ['in a scoped location', { ...whole, locationIds: [ROOM] }, {}, true],
    ['in another location', { ...whole, locationIds: [STORE] }, {}, false],
    ['with no location, locations scoped', { ...whole, locationIds: [ROOM] }, { locationId: null }, false],
    ['with no location, whole site', whole, { locationId: null }, true],
    ['of a scoped kind', { ...whole, kinds: ['hardware'] }, {}, true],
    ['of another kind', { ...whole, kinds: ['non_it'] }, {}, false],
    ['of a scoped category, case aside', { ...whole, categories: [' laptops'] }, {}, true],
    ['of another category', { ...whole, categories: ['Printers'] }, {}, false],
    ['with no model, categories scoped', { ...whole, categories: ['Laptops'] }, { category: null }, false],
  ] as const)('%s', (_name, scope, over, expected) => {
    expect(expectedOf(scope, asset(over))).toBe(expected);
    expect(expectedFilter(scope)(asset(over))).toBe(expected);
  });

  it('makes the snapshot rows of the assets expected, in order', () => {
    const rows = snapshotOf({ ...whole, categories: ['Laptops'] }, [asset({ id: 'a', tag: 'A' }), asset({ id: 'b', tag: 'B', category: 'Desks' }), asset({ id: 'c', tag: 'C', state: 'in_stock', serial: 'S' })]);
    expect(rows).toEqual([
      { assetId: 'a', tag: 'A', serial: null, state: 'in_use', locationId: ROOM },
      { assetId: 'c', tag: 'C', serial: 'S', state: 'in_stock', locationId: ROOM },
    ]);
  });
});

describe('expectedRowId', () => {
  it('is a valid UUID, the same for the same pair, different for different assets or audits', () => {
    const audit = '0193a9f2-5c1e-7b3a-9d4e-1f2a3b4c5d6e';
    const ids = Array.from({ length: 1000 }, (_, i) => `0193a9f2-6000-7000-8000-${String(i).padStart(12, '0')}`);
    const rows = ids.map((id) => expectedRowId(audit, id));
    for (const row of rows) expect(IdSchema.safeParse(row).success).toBe(true);
    expect(new Set(rows).size).toBe(ids.length);
    expect(expectedRowId(audit, ids[0]!)).toBe(rows[0]);
    expect(expectedRowId(audit.toUpperCase(), ids[0]!)).toBe(rows[0]);
    expect(expectedRowId('0193a9f2-5c1e-7b3a-9d4e-1f2a3b4c5d6f', ids[0]!)).not.toBe(rows[0]);
  });
});

describe('scopeDrift', () => {
  const scope = { siteId: 'hq', locationIds: [], kinds: [], categories: [] };
  const asset = (id: string, over: Partial<ScopedAsset> = {}): ScopedAsset => ({ id, tag: id.toUpperCase(), serial: null, kind: 'hardware', state: 'in_use', siteId: 'hq', locationId: 'room', category: null, ...over });
  const row = (a: ScopedAsset) => ({ assetId: a.id, tag: a.tag, serial: a.serial, state: a.state, locationId: a.locationId });

  it('names what entered the scope, what moved or changed state, and what left it; the unchanged are not listed', () => {
    const same = asset('a1');
    const moved = asset('a2');
    const retired = asset('a3');
    const gone = asset('a4');
    const drift = scopeDrift(scope, [same, moved, retired, gone].map(row), [
      same,
      { ...moved, locationId: 'store' },
      { ...retired, state: 'retired' },
      asset('a5'),
      asset('a6', { siteId: 'lab' }),
    ]);
    expect(drift.added.map((a) => a.id)).toEqual(['a5']);
    expect(drift.changed).toEqual([
      { assetId: 'a2', tag: 'A2', was: { locationId: 'room', state: 'in_use' }, now: { locationId: 'store', state: 'in_use' } },
      { assetId: 'a3', tag: 'A3', was: { locationId: 'room', state: 'in_use' }, now: { locationId: 'room', state: 'retired' } },
      { assetId: 'a4', tag: 'A4', was: { locationId: 'room', state: 'in_use' }, now: null },
    ]);
  });
});
