/**
 * Saved views of the Assets list: a name, a filter, the columns and the sort, kept in the
 * replica's local `savedFilters` table like the queue's saved filters (never synced: a view is
 * personal, not service-desk data). They are stored under an owner key of their own
 * (`assets:<user id>`), so the ticket queue, which reads its owner's filters by user id, never
 * sees them, and the table's schema does not change.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import type { FieldDeskDb } from '../../../data/db';
import { COLUMN_IDS } from './columns';
import { AssetFilterSchema, type AssetFilter } from './filter';
import { AssetSortSchema, type AssetSort } from './sort';
import type { ColumnId } from './columns';

export const AssetViewSchema = z
  .object({
    list: z.literal('assets'),
    filter: AssetFilterSchema,
    columns: z.array(z.enum(COLUMN_IDS)).min(1).max(COLUMN_IDS.length),
    sort: AssetSortSchema,
  })
  .strict();
export type AssetViewDefinition = z.infer<typeof AssetViewSchema>;

export interface SavedAssetView {
  id: string;
  name: string;
  /** Null when the stored definition is unusable (then `error` says why). */
  definition: AssetViewDefinition | null;
  error: string | null;
}

const MAX_NAME = 80;

export function viewOwner(userId: string): string {
  return `assets:${userId}`;
}

export function parseView(raw: unknown): { ok: true; definition: AssetViewDefinition } | { ok: false; reason: string } {
  const parsed = AssetViewSchema.safeParse(raw);
  if (parsed.success) return { ok: true, definition: parsed.data };
  return { ok: false, reason: `This view cannot be used: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'view'}: ${i.message}`).join('; ')}.` };
}

export function viewDefinition(filter: AssetFilter, columns: readonly ColumnId[], sort: AssetSort): AssetViewDefinition {
  return { list: 'assets', filter, columns: [...columns], sort };
}

export function assetViewStore(db: FieldDeskDb, userId: string) {
  const ownerId = viewOwner(userId);
  return {
    async list(): Promise<SavedAssetView[]> {
      const rows = await db.savedFilters.where('ownerId').equals(ownerId).toArray();
      return rows
        .map((row) => {
          const parsed = parseView(row.definition);
          return { id: row.id, name: row.name, definition: parsed.ok ? parsed.definition : null, error: parsed.ok ? null : parsed.reason };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    /** Saves a view under a name; a view of the same name (any case) is replaced. */
    async save(name: string, definition: AssetViewDefinition): Promise<{ ok: true; id: string } | { ok: false; reason: string }> {
      const trimmed = name.trim();
      if (!trimmed) return { ok: false, reason: 'Give the view a name.' };
      if (trimmed.length > MAX_NAME) return { ok: false, reason: `A view name has at most ${MAX_NAME} characters (this one has ${trimmed.length}).` };
      const parsed = parseView(definition);
      if (!parsed.ok) return parsed;
      return db.transaction('rw', db.savedFilters, async () => {
        const mine = await db.savedFilters.where('ownerId').equals(ownerId).toArray();
        const same = mine.find((v) => v.name.trim().toLowerCase() === trimmed.toLowerCase());
        const id = same?.id ?? uuidv7();
        await db.savedFilters.put({ id, ownerId, name: trimmed, definition: parsed.definition, createdAt: same?.createdAt ?? new Date().toISOString() });
        return { ok: true as const, id };
      });
    },

    async remove(id: string): Promise<void> {
      const row = await db.savedFilters.get(id);
      if (row && row.ownerId === ownerId) await db.savedFilters.delete(id);
    },
  };
}
