/**
 * Saved filters: named filter definitions in the replica's `savedFilters` table, per user and
 * local to this device (they never sync: a saved filter is a personal view, not service-desk
 * data, so it needs no outbox op). Names are unique per user, ignoring case.
 */
import { v7 as uuidv7 } from 'uuid';
import type { FieldDeskDb } from '../../data/db';
import { parseDefinition, type FilterDefinition } from './engine/definition';

export type SaveResult = { ok: true; id: string } | { ok: false; reason: string };

const MAX_NAME = 80;

function checkName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the filter a name.';
  if (trimmed.length > MAX_NAME) return `A filter name has at most ${MAX_NAME} characters (this one has ${trimmed.length}).`;
  return null;
}

export function savedFilterStore(db: FieldDeskDb, ownerId: string) {
  async function nameTaken(name: string, exceptId: string | null): Promise<boolean> {
    const lower = name.trim().toLowerCase();
    const mine = await db.savedFilters.where('ownerId').equals(ownerId).toArray();
    return mine.some((f) => f.id !== exceptId && f.name.trim().toLowerCase() === lower);
  }

  return {
    /** Creates a filter, or replaces the conditions (and name) of an existing one. */
    async save(name: string, definition: FilterDefinition, id: string | null = null): Promise<SaveResult> {
      const nameProblem = checkName(name);
      if (nameProblem) return { ok: false, reason: nameProblem };
      const parsed = parseDefinition(definition);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      return db.transaction('rw', db.savedFilters, async (): Promise<SaveResult> => {
        if (await nameTaken(name, id)) return { ok: false, reason: `You already have a filter called "${name.trim()}".` };
        if (id) {
          const existing = await db.savedFilters.get(id);
          if (!existing || existing.ownerId !== ownerId) return { ok: false, reason: 'This filter no longer exists on this device.' };
          await db.savedFilters.put({ ...existing, name: name.trim(), definition: parsed.definition });
          return { ok: true, id };
        }
        const newId = uuidv7();
        await db.savedFilters.add({ id: newId, ownerId, name: name.trim(), definition: parsed.definition, createdAt: new Date().toISOString() });
        return { ok: true, id: newId };
      });
    },

    async rename(id: string, name: string): Promise<SaveResult> {
      const nameProblem = checkName(name);
      if (nameProblem) return { ok: false, reason: nameProblem };
      return db.transaction('rw', db.savedFilters, async (): Promise<SaveResult> => {
        const existing = await db.savedFilters.get(id);
        if (!existing || existing.ownerId !== ownerId) return { ok: false, reason: 'This filter no longer exists on this device.' };
        if (await nameTaken(name, id)) return { ok: false, reason: `You already have a filter called "${name.trim()}".` };
        await db.savedFilters.update(id, { name: name.trim() });
        return { ok: true, id };
      });
    },

    async remove(id: string): Promise<SaveResult> {
      const existing = await db.savedFilters.get(id);
      if (!existing || existing.ownerId !== ownerId) return { ok: false, reason: 'This filter no longer exists on this device.' };
      await db.savedFilters.delete(id);
      return { ok: true, id };
    },
  };
}

export type SavedFilterStore = ReturnType<typeof savedFilterStore>;
