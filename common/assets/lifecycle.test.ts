import { describe, expect, it } from 'vitest';
import { AssetStatusSchema } from '../domain/entities';
import {
  ASSET_MOVES,
  ASSET_STATES,
  AssetStateFieldsSchema,
  checkMove,
  checkSubstate,
  DEFAULT_ASSET_LIFECYCLE,
  OLD_STATUS_TO_STATE,
  orList,
  parseLifecycleConfig,
  stateLabel,
  type AssetLifecycleConfig,
  type AssetMoveFacts,
  type AssetState,
  type MoveContext,
} from './lifecycle';

const at = (state: AssetState, substate: string | null = null, checkedOut = false): AssetMoveFacts => ({ state, substate, checkedOut });
const why = { reason: 'End of lease' };

describe('checkMove', () => {
  const cases: [string, AssetMoveFacts, AssetState, string | null, MoveContext, string | null][] = [
    // Allowed moves.
    ['received from order', at('ordered'), 'in_stock', 'available', {}, null],
    ['checked out from stock', at('in_stock', 'available'), 'in_use', null, { checkingOut: true }, null],
    ['checked in', at('in_use', null, true), 'in_stock', 'available', { checkingIn: true }, null],
    ['to maintenance while checked out (repair for its holder)', at('in_use', null, true), 'in_maintenance', null, {}, null],
    ['back from maintenance to its holder', at('in_maintenance', null, true), 'in_use', null, {}, null],
    ['back from maintenance to stock', at('in_maintenance'), 'in_stock', 'defective', {}, null],
    ['retired from stock, with a reason', at('in_stock', 'pending_disposal'), 'retired', 'sold', why, null],
    ['retired without a substate', at('in_stock', 'available'), 'retired', null, why, null],
    ['disposed once retired', at('retired', 'sold'), 'disposed', null, { reason: 'Shredded by WEEE contractor' }, null],
    ['retired back to stock', at('retired', 'returned_to_vendor'), 'in_stock', 'available', {}, null],
    ['lost while checked out', at('in_use', null, true), 'missing', 'lost', { reason: 'Left on a train' }, null],
    ['found, back with its holder', at('missing', 'lost', true), 'in_use', null, {}, null],
    ['found, back in stock', at('missing', 'stolen'), 'in_stock', 'available', {}, null],
    ['missing, written off', at('missing', 'stolen'), 'retired', null, { reason: 'Police report 4411' }, null],
    ['a new substate in the same state', at('in_stock', 'available'), 'in_stock', 'reserved', {}, null],
    ['staying put', at('disposed'), 'disposed', null, {}, null],
    ['staying put in a state that needs a reason', at('retired', 'sold'), 'retired', 'sold', {}, null],
    ['a substate change in a state that needs a reason needs none', at('retired', 'sold'), 'retired', 'donated', {}, null],

    // Not an allowed move.
    ['ordered straight into use', at('ordered'), 'in_use', null, { checkingOut: true }, 'An asset cannot go from "On order" to "In use".'],
    ['retired straight into use', at('retired'), 'in_use', null, { checkingOut: true }, 'An asset cannot go from "Retired" to "In use".'],
    ['missing into maintenance', at('missing', 'lost'), 'in_maintenance', null, {}, 'An asset cannot go from "Missing" to "In maintenance".'],
    ['back to ordered', at('in_stock', 'available'), 'ordered', null, {}, 'An asset cannot go from "In stock" to "On order".'],
    ['out of disposed', at('disposed'), 'in_stock', 'available', {}, 'A disposed asset cannot change state (asked for "In stock").'],
    ['disposing one in stock', at('in_stock', 'available'), 'disposed', null, why, 'Only a retired asset can be disposed of, and this one is "In stock": retire it first.'],
    ['disposing one in use', at('in_use', null, true), 'disposed', null, why, 'Only a retired asset can be disposed of, and this one is "In use": retire it first.'],

    // Substates.
    ['a substate of another state', at('in_use', null, true), 'in_stock', 'sold', { checkingIn: true }, '"Sold" is not a substate of "In stock": choose Available, Reserved, Defective or Pending disposal.'],
    ['an unknown substate', at('in_stock', 'available'), 'missing', 'mislaid', why, '"mislaid" is not a substate of "Missing": choose Lost or Stolen.'],
    ['a substate for a state without any', at('in_stock', 'available'), 'in_maintenance', 'lost', {}, '"In maintenance" has no substates, so an asset cannot be "In maintenance: Lost".'],
    ['in stock without saying which kind', at('ordered'), 'in_stock', null, {}, '"In stock" needs a substate: choose Available, Reserved, Defective or Pending disposal.'],
    ['a substate for disposed, which has none', at('disposed'), 'disposed', 'sold', {}, '"Disposed" has no substates, so an asset cannot be "Disposed: Sold".'],
    ['a wrong substate within the same state', at('in_stock', 'available'), 'in_stock', 'stolen', {}, '"Stolen" is not a substate of "In stock": choose Available, Reserved, Defective or Pending disposal.'],

    // Checked out.
    ['retiring a checked-out asset', at('in_use', null, true), 'retired', 'sold', why, 'An asset that is checked out cannot be retired: check it in first.'],
    ['retiring a checked-out asset in maintenance', at('in_maintenance', null, true), 'retired', null, why, 'An asset that is checked out cannot be retired: check it in first.'],
    ['disposing a checked-out asset (a stray record)', at('retired', null, true), 'disposed', null, why, 'An asset that is checked out cannot be disposed of: check it in first.'],
    ['putting a checked-out asset in stock without checking it in', at('in_use', null, true), 'in_stock', 'available', {}, 'An asset that is checked out cannot be put in stock: check it in first.'],
    ['a found asset still checked out goes back through a check-in', at('missing', 'lost', true), 'in_stock', 'available', {}, 'An asset that is checked out cannot be put in stock: check it in first.'],

    // Into use.
    ['checking out an asset in maintenance', at('in_maintenance'), 'in_use', null, { checkingOut: true }, 'An asset in maintenance cannot be checked out: finish the maintenance and put it back in stock first.'],
    [
      'an asset in maintenance, checked out to no one, into use',
      at('in_maintenance'),
      'in_use',
      null,
      {},
      'An asset in maintenance can only go back into use with whoever it is checked out to, and it is checked out to no one: put it back in stock, then check it out.',
    ],
    ['into use without a check-out', at('in_stock', 'available'), 'in_use', null, {}, 'An asset goes into use by being checked out: check it out to a person, a location or another asset.'],
    ['found, into use, but nobody has it', at('missing', 'lost'), 'in_use', null, {}, 'An asset goes into use by being checked out: check it out to a person, a location or another asset.'],

    // Reasons.
    ['retiring without a reason', at('in_stock', 'available'), 'retired', 'donated', {}, 'Retiring an asset needs a reason.'],
    ['retiring with a blank reason', at('in_stock', 'available'), 'retired', 'donated', { reason: '   ' }, 'Retiring an asset needs a reason.'],
    ['disposing without a reason', at('retired', 'sold'), 'disposed', null, { reason: null }, 'Disposing of an asset needs a reason.'],
    ['reporting missing without a reason', at('in_use', null, true), 'missing', 'stolen', {}, 'Reporting an asset missing needs a reason.'],
  ];
  it.each(cases)('%s', (_, asset, to, substate, ctx, reason) => {
    expect(checkMove(asset, to, substate, ctx)).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });

  it('every move in the table is possible with the right facts, and every other move is refused', () => {
    for (const from of ASSET_STATES) {
      for (const to of ASSET_STATES) {
        if (from === to) continue;
        const substate = to === 'in_stock' ? 'available' : null;
        const verdict = checkMove(at(from, null, to === 'in_use' && from !== 'in_stock'), to, substate, { reason: 'r', checkingOut: from === 'in_stock' });
        expect(verdict.ok, `${from} -> ${to}`).toBe(ASSET_MOVES[from].includes(to));
      }
    }
  });

  it('disposed is final and every other state has a way out', () => {
    for (const s of ASSET_STATES) expect(ASSET_MOVES[s].length > 0).toBe(s !== 'disposed');
  });

  it('reads the substates from the config it is given', () => {
    const config: AssetLifecycleConfig = { substates: { ...DEFAULT_ASSET_LIFECYCLE.substates, in_maintenance: [{ key: 'at_vendor', label: 'At the vendor' }] } };
    expect(checkMove(at('in_use', null, true), 'in_maintenance', 'at_vendor', { config })).toEqual({ ok: true });
    expect(checkMove(at('in_use', null, true), 'in_maintenance', 'at_vendor')).toEqual({ ok: false, reason: '"In maintenance" has no substates, so an asset cannot be "In maintenance: at_vendor".' });
  });
});

describe('checkSubstate', () => {
  it.each<[AssetState, string | null, boolean]>([
    ['in_stock', 'available', true],
    ['in_stock', null, false],
    ['retired', null, true],
    ['missing', 'lost', true],
    ['in_use', null, true],
    ['in_use', 'available', false],
  ])('%s / %s is %s', (state, substate, ok) => {
    expect(checkSubstate(state, substate).ok).toBe(ok);
  });

  it('in stock always offers a substate to choose: the validator keeps "available"', () => {
    const verdict = parseLifecycleConfig({ substates: { ...DEFAULT_ASSET_LIFECYCLE.substates, in_stock: [] } });
    expect(verdict.ok).toBe(false);
  });
});

describe('the lifecycle config', () => {
  const edit = (state: AssetState, options: unknown) => ({ substates: { ...DEFAULT_ASSET_LIFECYCLE.substates, [state]: options } });
  const cases: [string, unknown, string | null][] = [
    ['the defaults', DEFAULT_ASSET_LIFECYCLE, null],
    ['a renamed label', edit('in_stock', [{ key: 'available', label: 'Ready to deploy' }]), null],
    ['a new substate', edit('in_maintenance', [{ key: 'at_vendor', label: 'At the vendor' }]), null],
    ['a key listed twice', edit('missing', [{ key: 'lost', label: 'Lost' }, { key: 'lost', label: 'Mislaid' }]), 'substates.missing.1.key: "lost" is listed twice'],
    ['a label listed twice (any case)', edit('missing', [{ key: 'lost', label: 'Lost' }, { key: 'mislaid', label: 'LOST' }]), 'substates.missing.1.label: "LOST" is listed twice'],
    ['available removed', edit('in_stock', [{ key: 'reserved', label: 'Reserved' }]), 'substates.in_stock: must keep the substate "available"'],
    ['a key with spaces', edit('retired', [{ key: 'Sold off', label: 'Sold' }]), 'substates.retired.0.key: must be lower case letters'],
    ['a blank label', edit('retired', [{ key: 'sold', label: '  ' }]), 'substates.retired.0.label:'],
    ['a state left out', { substates: { ...DEFAULT_ASSET_LIFECYCLE.substates, ordered: undefined } }, 'substates.ordered:'],
    ['an unknown state', { substates: { ...DEFAULT_ASSET_LIFECYCLE.substates, on_loan: [] } }, 'substates'],
  ];
  it.each(cases)('%s', (_, value, problem) => {
    const verdict = parseLifecycleConfig(value);
    if (problem === null) expect(verdict).toEqual({ ok: true, config: value });
    else {
      expect(verdict.ok).toBe(false);
      if (!verdict.ok) {
        expect(verdict.reason).toMatch(/^The asset lifecycle settings are not valid: /);
        expect(verdict.reason).toContain(problem);
      }
    }
  });

  it('trims labels', () => {
    const verdict = parseLifecycleConfig(edit('retired', [{ key: 'sold', label: ' Sold ' }]));
    expect(verdict.ok && verdict.config.substates.retired).toEqual([{ key: 'sold', label: 'Sold' }]);
  });
});

describe('OLD_STATUS_TO_STATE', () => {
  it('maps every current asset status to a valid state and substate', () => {
    for (const status of AssetStatusSchema.options) {
      const fields = OLD_STATUS_TO_STATE[status];
      expect(AssetStateFieldsSchema.parse(fields)).toEqual(fields);
      expect(checkSubstate(fields.state, fields.substate)).toEqual({ ok: true });
    }
  });

  it.each([
    ['in_stock', 'In stock: Available'],
    ['deployed', 'In use'],
    ['in_repair', 'In maintenance'],
    ['retired', 'Retired'],
    ['missing', 'Missing'],
  ] as const)('%s becomes %s', (status, label) => {
    expect(stateLabel(OLD_STATUS_TO_STATE[status])).toBe(label);
  });
});

describe('words', () => {
  it.each([
    [[], ''],
    [['Lost'], 'Lost'],
    [['Lost', 'Stolen'], 'Lost or Stolen'],
    [['A', 'B', 'C'], 'A, B or C'],
  ])('orList(%j) = %s', (words, text) => {
    expect(orList(words)).toBe(text);
  });

  it('shows an unknown substate by its key', () => {
    expect(stateLabel({ state: 'retired', substate: 'auctioned' })).toBe('Retired: auctioned');
  });

  it('the state fields schema refuses an unknown state', () => {
    expect(AssetStateFieldsSchema.safeParse({ state: 'deployed', substate: null }).success).toBe(false);
  });
});
