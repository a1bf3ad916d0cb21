/**
 * Consumables: the catalog (create, patch merged per field) and its stock movements (create
 * only). The rules are common/assets/stock.ts's and consumables.ts's, which the app applies
 * offline before queuing, so a refusal reads the same in both places.
 *
 * - A movement is never refused for taking the stock below zero: stock is the sum of the
 *   movements, and two technicians who each issued the last toner offline are both recorded
 *   (the stock shows -1, flagged). Only bad input is refused: a quantity or reason stock.ts
 *   refuses, an unknown item, a location, person or asset that does not exist or that the
 *   viewer may not see, a technician acting at another site's location.
 * - The server sets a movement's sites from its locations (the scope reads them), its author
 *   and its time (the technician's clock, never later than the server's).
 * - Reorder rules are checked like movements: a technician sets them for their site's locations.
 */
import { checkMovementFor, checkRuleChange, mayEditCatalog, type MovementFacts } from '@fielddesk/common/assets/consumables';
import type { Consumable } from '@fielddesk/common/entities/consumable';
import { movementOfCreate, recordOfMovement } from '@fielddesk/common/entities/consumable-movement';
import { entities } from '@fielddesk/common/entities/registry';
import type { OpOf, OpResult } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { afterWrite, createdFieldState, planPatch } from '../field-state';
import { checkBaseRev } from './patch';
import { clampTime, enforce, reject } from './shared';

type ConsumableCreateOp = OpOf<'consumable', 'create'>;
type ConsumablePatchOp = OpOf<'consumable', 'patch'>;
type MovementCreateOp = OpOf<'consumable_movement', 'create'>;

const POLICIES = entities.consumable.ops.patch.policies;
export const CONSUMABLE_NOT_FOUND = 'Consumable not found.';

/** The locations of an item's reorder rules: the batch reads them up front. */
export const consumableRefs = (op: ConsumableCreateOp | ConsumablePatchOp) =>
  ((op.kind === 'create' ? op.data.reorderRules : op.fields.reorderRules) ?? []).map((r) => ['location', r.locationId] as const);

/** The item, the location(s) and whom an issue goes to: the batch reads them up front. */
export const movementRefs = (op: MovementCreateOp) => {
  const d = op.data;
  return [
    ['consumable', d.itemId] as const,
    ...(d.kind === 'transferred' ? ([['location', d.fromLocationId], ['location', d.toLocationId]] as const) : ([['location', d.locationId]] as const)),
    ...(d.kind === 'issued' ? ([[d.to.kind, d.to.id]] as const) : []),
  ];
};

/** A location as the rules need it (every location is visible to everyone). */
async function locationFacts(b: BatchContext, id: string): Promise<{ name: string; siteId: string } | null> {
  const location = (await b.record('location', id))?.record;
  return location ? { name: location.name, siteId: location.siteId } : null;
}

export async function consumableCreate(b: BatchContext, op: ConsumableCreateOp): Promise<OpResult> {
  enforce(mayEditCatalog(b.viewer));
  if (await b.record('consumable', op.id)) reject('A consumable with this id already exists.');
  const { data } = op;
  enforce(await checkRuleChange(b.viewer, [], data.reorderRules, (id) => locationFacts(b, id)));
  const rev = await b.nextRev();
  const at = clampTime(op.clientTime, b.info.nowIso);
  const item: Consumable = { id: op.id, ...data, createdAt: at, updatedAt: b.info.nowIso, rev };
  b.put('consumable', { record: item, ...createdFieldState(item, rev, b.info.clientId, POLICIES) });
  return { opId: op.opId, status: 'applied', rev, record: { ...item } };
}

export async function consumablePatch(b: BatchContext, op: ConsumablePatchOp): Promise<OpResult> {
  enforce(mayEditCatalog(b.viewer));
  const state = await b.record('consumable', op.id);
  if (!state) return reject(CONSUMABLE_NOT_FOUND);
  checkBaseRev(op.baseRev, state.record, 'consumable');
  const plan = planPatch(state, op.fields, op.baseRev, POLICIES, b.info.clientId);
  if (plan.apply.reorderRules) enforce(await checkRuleChange(b.viewer, state.record.reorderRules, plan.apply.reorderRules, (id) => locationFacts(b, id)));
  const next: Consumable = { ...state.record };
  const changed: string[] = [];
  for (const [field, value] of Object.entries(plan.apply) as [keyof Consumable, unknown][]) {
    if (JSON.stringify(next[field]) === JSON.stringify(value)) continue;
    (next as Record<string, unknown>)[field] = value;
    changed.push(field);
  }
  if (changed.length > 0) {
    next.rev = await b.nextRev();
    next.updatedAt = b.info.nowIso;
    b.put('consumable', { record: next, ...afterWrite(state, changed, next.rev, b.info.clientId, POLICIES) });
  }
  if (plan.conflicts.length > 0) {
    b.recordConflicts(op.opId, 'consumable', next.id, plan.conflicts);
    return { opId: op.opId, status: 'conflict', fields: plan.conflicts.map((c) => c.field), server: { ...next } };
  }
  return { opId: op.opId, status: 'applied', rev: next.rev, record: { ...next } };
}

export async function consumableMovementCreate(b: BatchContext, op: MovementCreateOp): Promise<OpResult> {
  if (await b.record('consumable_movement', op.id)) reject('A stock movement with this id already exists.');
  const movement = movementOfCreate(op.id, op.data, clampTime(op.clientTime, b.info.nowIso));
  const facts: MovementFacts = {
    consumable: async (id) => (await b.record('consumable', id))?.record ?? null,
    location: (id) => locationFacts(b, id),
    person: async (id) => (await b.record('person', id))?.record ?? null,
    asset: async (id) => ((await b.visible('asset', id)) ? ((await b.record('asset', id))?.record ?? null) : null),
  };
  enforce(await checkMovementFor(movement, b.viewer, facts));
  const from = (await locationFacts(b, movement.kind === 'transferred' ? movement.fromLocationId : movement.locationId)) ?? reject('The location does not exist.');
  const to = movement.kind === 'transferred' ? await locationFacts(b, movement.toLocationId) : null;
  const record = recordOfMovement(movement, { siteId: from.siteId, toSiteId: to?.siteId ?? null, authorId: b.viewer.id, rev: await b.nextRev() });
  b.add('consumable_movement', record);
  return { opId: op.opId, status: 'applied', rev: record.rev, record: { ...record } };
}
