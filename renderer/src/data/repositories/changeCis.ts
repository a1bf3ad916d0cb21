/**
 * Recording that a change affects a configuration item, and taking it back: a link per
 * (change, CI), created or deleted, never edited; each ONE Dexie transaction (record + outbox op).
 * Before writing, the rule of common/itsm/changes.ts is checked over this device's replica (the
 * change and the CI here, the CI not linked to the change yet), with the same words the server
 * answers with. The replica holds only the links it may see, so the server, which sees them all,
 * may still refuse a link someone else made meanwhile; that refusal comes back as a sync notice.
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import { checkChangeCi } from '@fielddesk/common/itsm/changes';
import type { FieldDeskDb } from '../db';
import type { IntentResult, RepositoryContext } from './tickets';
import { writeLocal } from './write';

/** The replica's table of change links, typed (db.ts reaches every entity table by name). */
export function changeCiTable(db: FieldDeskDb): Table<ChangeCi, string> {
  return db.tableFor('change_ci') as unknown as Table<ChangeCi, string>;
}

export interface ChangeCiRepository {
  /** Records that the change affects the CI; refuses, with the reason in words, what the rule forbids. */
  link(changeId: string, configurationItemId: string): Promise<IntentResult>;
  /** Removes a link (its delete op is sent at the next sync). */
  unlink(linkId: string): Promise<IntentResult>;
}

export function createChangeCiRepository(ctx: RepositoryContext): ChangeCiRepository {
  const db: FieldDeskDb = ctx.db;
  const links = changeCiTable(db);
  const now = ctx.now ?? (() => new Date());

  return {
    async link(changeId, configurationItemId) {
      return db.transaction('rw', [db.changes, db.configurationItems, links, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const [change, ci] = await Promise.all([db.changes.get(changeId), db.configurationItems.get(configurationItemId)]);
        const linked = (await links.where('configurationItemId').equals(configurationItemId).toArray()).filter((l) => l.changeId === changeId).map((l) => l.configurationItemId);
        const verdict = checkChangeCi(change ?? null, ci ? { id: ci.id, name: ci.name } : null, linked);
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'change_ci', kind: 'create', id, data: { changeId, configurationItemId }, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async unlink(linkId) {
      return db.transaction('rw', [links, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const link = await links.get(linkId);
        if (!link) return { ok: false, reason: 'This configuration item is no longer linked to the change on this device (it may already be removed).' };
        const entry = await writeLocal(db, ctx.userId, link, { entity: 'change_ci', kind: 'delete', id: linkId, clientTime: now().toISOString() });
        return { ok: true, id: linkId, opId: entry.opId };
      });
    },
  };
}
