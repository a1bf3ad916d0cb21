/**
 * Consumables on this device: the catalog (new items, edits of an item and its reorder rules)
 * and stock movements (receive, issue, adjust, transfer). Each is ONE Dexie transaction (record
 * + outbox op). Before writing, the rules the server applies (common/assets/consumables.ts and
 * stock.ts) are checked over the replica, in the same words: a quantity that is not a whole
 * number above zero, an adjustment without a reason, an unknown item, a location at another
 * site (for a technician), an unknown person or an asset not on this device. Never refused:
 * a movement that takes the stock below zero (stock is the sum of the movements; see stock.ts).
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionUser } from '@fielddesk/common/api/http';
import { checkMovementFor, checkRuleChange, mayEditCatalog, type MovementFacts } from '@fielddesk/common/assets/consumables';
import { ConsumableCreateDataSchema, type Consumable } from '@fielddesk/common/entities/consumable';
import { ConsumableMovementCreateDataSchema, movementOfCreate, type ConsumableMovement, type ConsumableMovementCreateData } from '@fielddesk/common/entities/consumable-movement';
import { entities } from '@fielddesk/common/entities/registry';
import { recordKey, type FieldDeskDb } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal } from './write';

export type NewConsumable = z.input<typeof ConsumableCreateDataSchema>;
export type ConsumableFields = z.input<typeof entities.consumable.ops.patch.fields>;

/** The replica's consumables tables, typed (db.ts reaches every entity table by name). */
export function consumableTables(db: FieldDeskDb): { items: Table<Consumable, string>; movements: Table<ConsumableMovement, string> } {
  return {
    items: db.tableFor('consumable') as unknown as Table<Consumable, string>,
    movements: db.tableFor('consumable_movement') as unknown as Table<ConsumableMovement, string>,
  };
}

export interface ConsumableRepository {
  /** A new catalog item. */
  createItem(data: NewConsumable): Promise<IntentResult>;
  /** Edits an item (its facts, its reorder rules); only the fields that changed are sent. */
  updateItem(itemId: string, fields: ConsumableFields): Promise<IntentResult>;
  /** Records a stock movement as it happened now; refuses bad input in the server's words. */
  recordMovement(data: ConsumableMovementCreateData): Promise<IntentResult>;
}

export function createConsumableRepository(ctx: RepositoryContext & { user: Pick<SessionUser, 'role' | 'siteId'> }): ConsumableRepository {
  const { db, user } = ctx;
  const now = ctx.now ?? (() => new Date());
  const { items, movements } = consumableTables(db);
  const location = async (id: string) => (await db.locations.get(id)) ?? null;

  return {
    async createItem(input) {
      const allowed = mayEditCatalog(user);
      if (!allowed.ok) return allowed;
      const parsed = ConsumableCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'consumable') };
      return db.transaction('rw', [items, db.locations, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const rules = await checkRuleChange(user, [], parsed.data.reorderRules, location);
        if (!rules.ok) return rules;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'consumable', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateItem(itemId, requested) {
      const allowed = mayEditCatalog(user);
      if (!allowed.ok) return allowed;
      const parsed = entities.consumable.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'consumable') };
      return db.transaction('rw', [items, db.locations, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const item = await items.get(itemId);
        if (!item) return { ok: false, reason: 'This consumable is not on this device.' };
        const fields = Object.fromEntries(Object.entries(parsed.data).filter(([k, v]) => JSON.stringify(item[k as keyof Consumable]) !== JSON.stringify(v)));
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        if (fields.reorderRules) {
          const rules = await checkRuleChange(user, item.reorderRules, parsed.data.reorderRules ?? [], location);
          if (!rules.ok) return rules;
        }
        const { baseRev, known } = await serverBaseOf(db, recordKey('consumable', itemId), item);
        const entry = await writeLocal(db, ctx.userId, item, { entity: 'consumable', kind: 'patch', id: itemId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: itemId, opId: entry.opId };
      });
    },

    async recordMovement(data) {
      const id = uuidv7();
      const clientTime = now().toISOString();
      return db.transaction('rw', [items, movements, db.locations, db.persons, db.assets, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        // The shared rules first, so a quantity or a reason is refused in the server's words.
        const facts: MovementFacts = {
          consumable: async (itemId) => (await items.get(itemId)) ?? null,
          location,
          person: async (personId) => (await db.persons.get(personId)) ?? null,
          // The replica holds exactly the assets this user may see.
          asset: async (assetId) => (await db.assets.get(assetId)) ?? null,
        };
        const verdict = await checkMovementFor(movementOfCreate(id, data, clientTime), user, facts);
        if (!verdict.ok) return verdict;
        const parsed = ConsumableMovementCreateDataSchema.safeParse(data);
        if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'stock movement') };
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'consumable_movement', kind: 'create', id, data: parsed.data, clientTime });
        return { ok: true, id, opId: entry.opId };
      });
    },
  };
}
