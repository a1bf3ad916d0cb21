/**
 * Changes and their approvals on this device (issue 15). Each intent is ONE Dexie transaction
 * (record + outbox op), after the server's own rules are checked over the replica, in its words:
 * who may raise and edit changes, what an edit may touch in the change's state, the moves each
 * type allows (common/changes/lifecycle.ts, rules.ts), a blocking freeze over a booked change
 * (the same collision index the server runs, common/changes/schedule.ts), and who may vote
 * (common/approvals/quorum.ts).
 *
 * A vote cast here waits in the outbox and is shown as not counted: only the server counts votes
 * and moves the change on. The risk is computed by the server from the answers the change carries.
 */
import type { Table } from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { SessionUser } from '@fielddesk/common/api/http';
import { checkVote, NOT_WAITING, type ApprovalFacts } from '@fielddesk/common/approvals/quorum';
import type { Approval, ApprovalVote } from '@fielddesk/common/approvals/records';
import { collisionCheck } from '@fielddesk/common/changes/collisions';
import { BOOKED_CHANGE_STATES, checkChangeMove, checkChangeWindow, type ChangeOutcome, type ChangeState } from '@fielddesk/common/changes/lifecycle';
import { ChangeCreateDataSchema, type ChangeRequest, type ChangeWindow } from '@fielddesk/common/changes/records';
import { CHANGE_NOT_VISIBLE, checkChangeActor, checkChangePatch } from '@fielddesk/common/changes/rules';
import { buildCollisionIndex, candidateOf } from '@fielddesk/common/changes/schedule';
import type { ConfigurationItem } from '@fielddesk/common/domain/entities';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import { entities } from '@fielddesk/common/entities/registry';
import type { TransitionCheck } from '@fielddesk/common/itsm/lifecycle';
import { recordKey, type FieldDeskDb } from '../db';
import { firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';
import { serverBaseOf, writeLocal, writeRelated } from './write';

export type NewChange = z.input<typeof ChangeCreateDataSchema>;
export type ChangeFields = z.infer<typeof entities.change.ops.patch.fields>;

const DAY_MS = 86_400_000;
const NOT_ON_DEVICE = 'This approval is not on this device.';

/** The replica's tables of this module, typed (db.ts reaches every entity table by name). */
export function changeTables(db: FieldDeskDb) {
  return {
    changes: db.tableFor('change') as unknown as Table<ChangeRequest, string>,
    links: db.tableFor('change_ci') as unknown as Table<ChangeCi, string>,
    windows: db.tableFor('change_window') as unknown as Table<ChangeWindow, string>,
    cis: db.tableFor('configuration_item') as unknown as Table<ConfigurationItem, string>,
    approvals: db.tableFor('approval') as unknown as Table<Approval, string>,
    votes: db.tableFor('approval_vote') as unknown as Table<ApprovalVote, string>,
  };
}

export interface ChangeRepository {
  createChange(data: NewChange): Promise<IntentResult>;
  /** Edits a change; only the fields that changed are sent. */
  updateChange(changeId: string, fields: ChangeFields): Promise<IntentResult>;
  /** Moves a change to another state (a reason to cancel; the outcome into review or closed). */
  moveChange(changeId: string, to: ChangeState, details?: { reason?: string; outcome?: ChangeOutcome | null }): Promise<IntentResult>;
  /** Casts this user's vote on an approval; it counts once the server has it. */
  vote(approvalId: string, choice: ApprovalVote['choice'], comment?: string): Promise<IntentResult>;
}

/** The fields of `requested` whose value differs from the record's. */
function changedFields<F extends object>(record: object, requested: F): Partial<F> {
  const current = record as Record<string, unknown>;
  return Object.fromEntries(Object.entries(requested).filter(([k, v]) => v !== undefined && JSON.stringify(current[k] ?? null) !== JSON.stringify(v ?? null))) as Partial<F>;
}

export function createChangeRepository(ctx: RepositoryContext & { user: Pick<SessionUser, 'role'> }): ChangeRepository {
  const { db } = ctx;
  const t = changeTables(db);
  const now = ctx.now ?? (() => new Date());
  const actor = checkChangeActor(ctx.user);

  /** The refusal of a blocking freeze over the change where it would now sit, as the server words it. */
  async function freezeCheck(change: ChangeRequest): Promise<TransitionCheck> {
    const freezes = (await t.windows.where('kind').equals('freeze').toArray()).filter((w) => w.enforcement === 'block');
    if (freezes.length === 0) return { ok: true };
    const ciIds = (await t.links.where('changeId').equals(change.id).toArray()).map((l) => l.configurationItemId);
    const cis = (await t.cis.bulkGet(ciIds)).filter((c): c is ConfigurationItem => c !== undefined).map((c) => ({ id: c.id, name: c.name, siteId: c.siteId, ciType: c.ciType }));
    const start = Date.parse(change.windowStart);
    const end = Date.parse(change.windowEnd);
    const index = buildCollisionIndex({ changes: [], changeCis: [], windows: freezes, cis, relations: [], from: start - 32 * DAY_MS, to: end + DAY_MS });
    return collisionCheck(index.check(candidateOf(change, ciIds, new Map(cis.map((c) => [c.id, c.ciType])))));
  }

  const tables = [t.changes, t.links, t.windows, t.cis, db.tableFor('change_event'), db.outbox, db.shadows];

  return {
    async createChange(input) {
      if (!actor.ok) return actor;
      const parsed = ChangeCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'change') };
      const window = checkChangeWindow(parsed.data.windowStart, parsed.data.windowEnd);
      if (!window.ok) return window;
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'change', kind: 'create', id, data: parsed.data, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateChange(changeId, requested) {
      if (!actor.ok) return actor;
      const parsed = entities.change.ops.patch.fields.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'change') };
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const change = await t.changes.get(changeId);
        if (!change) return { ok: false, reason: CHANGE_NOT_VISIBLE };
        const fields = changedFields(change, parsed.data);
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        const next = { ...change, ...fields } as ChangeRequest;
        const verdict = checkChangePatch(change, next, Object.keys(fields));
        if (!verdict.ok) return verdict;
        if (BOOKED_CHANGE_STATES.includes(next.status) && ('windowStart' in fields || 'windowEnd' in fields)) {
          const freeze = await freezeCheck(next);
          if (!freeze.ok) return freeze;
        }
        const { baseRev, known } = await serverBaseOf(db, recordKey('change', changeId), change);
        const entry = await writeLocal(db, ctx.userId, change, { entity: 'change', kind: 'patch', id: changeId, baseRev, fields, clientTime: now().toISOString() }, known);
        return { ok: true, id: changeId, opId: entry.opId };
      });
    },

    async moveChange(changeId, to, details = {}) {
      if (!actor.ok) return actor;
      return db.transaction('rw', tables, async (): Promise<IntentResult> => {
        const change = await t.changes.get(changeId);
        if (!change) return { ok: false, reason: CHANGE_NOT_VISIBLE };
        const reason = details.reason ?? '';
        const outcome = details.outcome ?? null;
        const verdict = checkChangeMove(change.type, change.status, to, { windowStart: change.windowStart, windowEnd: change.windowEnd, outcome: outcome ?? change.outcome, reason });
        if (!verdict.ok) return verdict;
        if (BOOKED_CHANGE_STATES.includes(to) && !BOOKED_CHANGE_STATES.includes(change.status)) {
          const freeze = await freezeCheck(change);
          if (!freeze.ok) return freeze;
        }
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'change_event', kind: 'create', id, data: { changeId, action: 'move', to, reason, outcome }, clientTime: now().toISOString() });
        // The change in its new state, at once (the same applier rebases it after a pull).
        await writeRelated(db, ctx.userId, entry);
        return { ok: true, id, opId: entry.opId };
      });
    },

    async vote(approvalId, choice, comment = '') {
      return db.transaction('rw', [t.approvals, t.votes, db.outbox, db.shadows], async (): Promise<IntentResult> => {
        const approval = await t.approvals.get(approvalId);
        if (!approval) return { ok: false, reason: NOT_ON_DEVICE };
        if (approval.state === 'cancelled') return { ok: false, reason: NOT_WAITING };
        const facts: ApprovalFacts = { approverIds: approval.approverIds, managerIds: approval.managerIds, requesterId: approval.requesterId, allowSelfApproval: approval.allowSelfApproval };
        // A vote on an approval already decided is still recorded (the server marks it late), as on the server.
        const verdict = checkVote(facts, ctx.userId, { outcome: 'pending', waiting: true });
        if (!verdict.ok) return verdict;
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'approval_vote', kind: 'create', id, data: { approvalId, choice, comment }, clientTime: now().toISOString() });
        return { ok: true, id, opId: entry.opId };
      });
    },
  };
}
