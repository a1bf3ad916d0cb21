import { describe, expect, it } from 'vitest';
import type { Asset } from '@fielddesk/common/domain/entities';
import { makeAsset } from '../../../../test/fixtures';
import { bulkActions, bulkProblem, bulkSummary } from './bulk';
import { DEFAULT_COLUMNS, fitColumns, gridTemplate } from './columns';
import { addDays, compileFilter, EMPTY_FILTER, filterRows, isEmptyFilter, MODEL_TEXT, NO_HOLDER, type AssetFilter } from './filter';
import { buildRows, type Lookups } from './rows';
import { actionFor } from './shortcuts';
import { nextSort, sortRows } from './sort';
import { parseView, viewDefinition } from './views';

const ID = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const ALICE = ID(100);
const BOB = ID(101);
const HQ = ID(200);
const ROOM = ID(300);
const STORE = ID(301);
const LATITUDE = ID(400);
const CHAIR = ID(401);

/** An asset in stock and available at HQ's IT store, numbered n (tag FD-00000n). */
function asset(n: number, over: Partial<Asset> = {}): Asset {
  return makeAsset({ id: ID(n), tag: `FD-${String(n).padStart(6, '0')}`, serial: `SN${n}`, name: `Asset ${n}`, model: null, state: 'in_stock', substate: 'available', siteId: HQ, locationId: STORE, ...over });
}

const lookups: Lookups = {
  models: new Map([
    [LATITUDE, 'Latitude 5440'],
    [CHAIR, 'Aeron chair'],
  ]),
  sites: new Map([[HQ, 'Headquarters']]),
  locations: new Map([
    [ROOM, 'Room 2.14'],
    [STORE, 'IT store'],
  ]),
  persons: new Map([
    [ALICE, 'Alice Martin'],
    [BOB, 'Bob Stone'],
  ]),
  assetTags: new Map([[ID(1), 'FD-000001']]),
};

const TODAY = '2026-12-07';
const ASSETS = [
  asset(1, { modelId: LATITUDE, state: 'in_use', substate: null, checkedOutTo: { kind: 'person', id: ALICE }, assignedToId: ALICE, warrantyEndsOn: '2026-12-20' }),
  asset(2, { modelId: LATITUDE, warrantyEndsOn: '2026-11-30', serial: 'ABC-77' }),
  asset(3, { modelId: CHAIR, kind: 'non_it', type: 'chair', name: 'Meeting chair', locationId: ROOM, warrantyEndsOn: '2027-02-20' }),
  asset(4, { state: 'in_stock', substate: 'defective', model: 'ThinkPad X1', checkedOutTo: { kind: 'asset', id: ID(1) } }),
  asset(5, { state: 'retired', substate: 'sold', siteId: null, locationId: null, checkedOutTo: { kind: 'person', id: BOB }, assignedToId: BOB }),
];
const ROWS = buildRows(ASSETS, lookups);
const tags = (f: Partial<AssetFilter>) => filterRows(ROWS, compileFilter({ ...EMPTY_FILTER, ...f }, TODAY)).map((r) => r.tag.slice(-1));

describe('asset rows', () => {
  it('joins the names each row shows', () => {
    expect(ROWS[0]).toMatchObject({ model: 'Latitude 5440', site: 'Headquarters', location: 'IT store', holder: 'Alice Martin', holderPersonId: ALICE, stateText: 'In use', stateKey: 'in_use' });
    expect(ROWS[3]).toMatchObject({ model: 'ThinkPad X1', holder: 'FD-000001', holderPersonId: null, stateText: 'In stock: Defective', stateKey: 'in_stock:defective' });
    expect(ROWS[4]).toMatchObject({ site: '', location: '', stateText: 'Retired: Sold' });
  });
});

describe('asset filter', () => {
  it.each<[string, Partial<AssetFilter>, string[]]>([
    ['nothing', {}, ['1', '2', '3', '4', '5']],
    ['text in the tag', { text: 'fd-000003' }, ['3']],
    ['text in the serial', { text: 'abc-77' }, ['2']],
    ['text in the model', { text: 'latitude' }, ['1', '2']],
    ['every word', { text: 'chair meeting' }, ['3']],
    ['kind', { kinds: ['non_it'] }, ['3']],
    ['both kinds', { kinds: ['non_it', 'hardware'] }, ['1', '2', '3', '4', '5']],
    ['a state, any substate', { states: ['in_stock'] }, ['2', '3', '4']],
    ['a state and substate', { states: ['in_stock:defective'] }, ['4']],
    ['two states', { states: ['in_use', 'retired'] }, ['1', '5']],
    ['site', { siteIds: [HQ] }, ['1', '2', '3', '4']],
    ['location', { locationIds: [ROOM] }, ['3']],
    ['model', { modelIds: [LATITUDE] }, ['1', '2']],
    ['an inventoried model text', { modelIds: [`${MODEL_TEXT}ThinkPad X1`] }, ['4']],
    ['a model or a model text', { modelIds: [CHAIR, `${MODEL_TEXT}ThinkPad X1`] }, ['3', '4']],
    ['holder', { holder: BOB }, ['5']],
    ['not checked out', { holder: NO_HOLDER }, ['2', '3']],
    ['warranty expired', { warranty: 'expired' }, ['2']],
    ['warranty within 30 days', { warranty: 'within_30' }, ['1']],
    ['warranty within 90 days', { warranty: 'within_90' }, ['1', '3']],
    ['warranty within 7 days', { warranty: 'within_7' }, []],
    ['no warranty recorded', { warranty: 'none' }, ['4', '5']],
    ['several conditions at once', { modelIds: [LATITUDE], holder: NO_HOLDER }, ['2']],
  ])('%s', (_, filter, expected) => {
    expect(tags(filter)).toEqual(expected);
  });

  it('counts days in the calendar', () => {
    expect(addDays('2026-12-07', 30)).toBe('2027-01-06');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('knows an empty filter', () => {
    expect(isEmptyFilter(EMPTY_FILTER)).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, text: '  ' })).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, warranty: 'none' })).toBe(false);
  });
});

describe('asset sort', () => {
  it.each<[Parameters<typeof sortRows>[1], string[]]>([
    [{ column: 'tag', desc: false }, ['1', '2', '3', '4', '5']],
    [{ column: 'tag', desc: true }, ['5', '4', '3', '2', '1']],
    // Empty values last either way, ties by tag.
    [{ column: 'holder', desc: false }, ['1', '5', '4', '2', '3']],
    [{ column: 'holder', desc: true }, ['4', '5', '1', '2', '3']],
    [{ column: 'warranty', desc: false }, ['2', '1', '3', '4', '5']],
    [{ column: 'model', desc: false }, ['3', '1', '2', '4', '5']],
  ])('%j', (sort, expected) => {
    expect(sortRows(ROWS, sort).map((r) => r.tag.slice(-1))).toEqual(expected);
  });

  it('sorts numbers in tags as numbers', () => {
    const rows = buildRows([asset(10), asset(9, { tag: 'FD-9' }), asset(11, { tag: 'FD-10' })].map((a, i) => ({ ...a, tag: ['FD-2', 'FD-9', 'FD-10'][i]! })), lookups);
    expect(sortRows(rows, { column: 'tag', desc: false }).map((r) => r.tag)).toEqual(['FD-2', 'FD-9', 'FD-10']);
  });

  it('a header click sorts by it, then the other way', () => {
    expect(nextSort({ column: 'tag', desc: false }, 'name')).toEqual({ column: 'name', desc: false });
    expect(nextSort({ column: 'name', desc: false }, 'name')).toEqual({ column: 'name', desc: true });
  });
});

describe('asset columns', () => {
  it.each<[number, string[]]>([
    [1440, ['tag', 'name', 'state', 'model', 'location', 'holder', 'warranty']],
    [1000, ['tag', 'name', 'state', 'location', 'holder']],
    [800, ['tag', 'name', 'state', 'holder']],
    [400, ['tag', 'name']],
    [100, ['tag']],
  ])('at %i px', (width, expected) => {
    expect(fitColumns(DEFAULT_COLUMNS, width)).toEqual(expected);
  });

  it('keeps the chosen ones in their order, the name flexible', () => {
    expect(fitColumns(['serial', 'tag'], 1440)).toEqual(['tag', 'serial']);
    expect(gridTemplate(['tag', 'name'])).toBe('44px minmax(120px, 156px) minmax(200px, 1fr)');
  });
});

describe('saved asset views', () => {
  it('keeps a filter, the columns and the sort', () => {
    const def = viewDefinition({ ...EMPTY_FILTER, states: ['in_stock:available'] }, ['tag', 'name'], { column: 'name', desc: true });
    expect(parseView(JSON.parse(JSON.stringify(def)))).toEqual({ ok: true, definition: def });
  });

  it.each<[string, unknown]>([
    ['a ticket filter', { statuses: ['new'] }],
    ['an unknown state', { ...viewDefinition({ ...EMPTY_FILTER, states: ['lost'] }, ['tag'], { column: 'tag', desc: false }) }],
    ['no columns', { ...viewDefinition(EMPTY_FILTER, [], { column: 'tag', desc: false }) }],
    ['an unknown column', { ...viewDefinition(EMPTY_FILTER, ['tag'], { column: 'tag', desc: false }), columns: ['colour'] }],
  ])('refuses %s', (_, raw) => {
    expect(parseView(raw).ok).toBe(false);
  });
});

describe('bulk actions', () => {
  const ids = [ID(1), ID(2)];
  it('makes one action per asset', () => {
    expect(bulkActions({ kind: 'retire', substate: 'sold', reason: ' end of lease ' }, ids)).toEqual(
      ids.map((assetId) => ({ action: 'state', assetId, to: 'retired', substate: 'sold', reason: 'end of lease' })),
    );
    expect(bulkActions({ kind: 'move', locationId: ROOM, reason: '' }, [ID(1)])).toEqual([{ action: 'move', assetId: ID(1), locationId: ROOM, reason: '' }]);
    expect(bulkActions({ kind: 'assign', personId: ALICE, today: TODAY, expectedReturnOn: null, reason: '' }, [ID(2)])).toEqual([
      { action: 'check_out', assetId: ID(2), target: { kind: 'person', id: ALICE }, checkedOutOn: TODAY, expectedReturnOn: null, acceptanceRequired: false, reason: '' },
    ]);
    expect(bulkActions({ kind: 'state', to: 'in_maintenance', substate: null, reason: 'fan' }, [ID(2)])[0]).toMatchObject({ action: 'state', to: 'in_maintenance', reason: 'fan' });
  });

  it('asks for what is missing', () => {
    expect(bulkProblem({ kind: 'retire', substate: null, reason: ' ' })).toBe('Say why these assets are retired.');
    expect(bulkProblem({ kind: 'assign', personId: ALICE, today: TODAY, expectedReturnOn: '2026-01-01', reason: '' })).toBe('The expected return date is before today.');
    expect(bulkProblem({ kind: 'retire', substate: null, reason: 'broken' })).toBeNull();
  });

  it('says what was done and shows each refusal in the rule’s words', () => {
    const reason = 'An asset that is checked out cannot be retired: check it in first.';
    expect(bulkSummary('retire', { done: ['a', 'b', 'c', 'd'], refused: [{ assetId: 'e', tag: 'FD-000123', reason }] })).toEqual({
      text: `4 retired; 1 refused: FD-000123: ${reason}`,
      tone: 'partial',
      refused: [{ tag: 'FD-000123', reason }],
    });
    expect(bulkSummary('move', { done: ['a'], refused: [] })).toMatchObject({ text: '1 moved.', tone: 'ok' });
    expect(bulkSummary('assign', { done: [], refused: [{ assetId: 'e', tag: 'T', reason: 'No.' }] }).tone).toBe('refused');
  });
});

describe('asset list keys', () => {
  const key = (k: string, over: Partial<Parameters<typeof actionFor>[0]> = {}) => actionFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, typing: false, ...over });
  it.each<[string, ReturnType<typeof actionFor>]>([
    ['j', { type: 'move', by: 1 }],
    ['ArrowUp', { type: 'move', by: -1 }],
    ['Enter', { type: 'open' }],
    ['x', { type: 'toggle' }],
    ['/', { type: 'focusFilter' }],
    ['r', { type: 'bulk', kind: 'retire' }],
    ['m', { type: 'bulk', kind: 'move' }],
    ['q', null],
  ])('%s', (k, expected) => {
    expect(key(k)).toEqual(expected);
  });

  it('leaves keys typed into a field alone, and Ctrl+A selects all', () => {
    expect(key('r', { typing: true })).toBeNull();
    expect(key('a', { ctrlKey: true })).toEqual({ type: 'checkAll' });
    expect(key('r', { altKey: true })).toBeNull();
  });
});
