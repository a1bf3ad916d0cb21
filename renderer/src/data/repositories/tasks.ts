/**
 * Task intents: create, assign, reschedule and complete tasks, each ONE Dexie transaction
 * (record + outbox op) after the same checks the server makes (due date not in the past,
 * assignee in the group, the task lifecycle).
 */
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { checkDueDate, checkTaskTransition } from '@fielddesk/common/itsm/lifecycle';
import { TaskCreateDataSchema, TaskPatchFieldsSchema, type TaskPatchFields } from '@fielddesk/common/sync/protocol';
import { recordKey } from '../db';
import { serverBaseOf, writeLocal } from './write';
import { checkAssigneeOnDevice, firstIssue } from './rules';
import type { IntentResult, RepositoryContext } from './tickets';

export type NewTask = z.input<typeof TaskCreateDataSchema>;

export interface TaskRepository {
  /** A task of a ticket (its group and site by default) or, with no ticketId, a standalone task. */
  createTask(data: NewTask): Promise<IntentResult>;
  updateTask(taskId: string, fields: TaskPatchFields): Promise<IntentResult>;
}

export function createTaskRepository(ctx: RepositoryContext): TaskRepository {
  const { db } = ctx;
  const now = ctx.now ?? (() => new Date());
  const tables = () => [db.tasks, db.tickets, db.persons, db.groups, db.outbox, db.shadows];

  return {
    async createTask(input) {
      const parsed = TaskCreateDataSchema.safeParse(input);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'task') };
      return db.transaction('rw', tables(), async (): Promise<IntentResult> => {
        const data = { ...parsed.data };
        const at = now().toISOString();
        if (data.ticketId) {
          const parent = await db.tickets.get(data.ticketId);
          if (!parent) return { ok: false, reason: 'The ticket of this task is not on this device.' };
          data.groupId ??= parent.groupId;
          data.siteId ??= parent.siteId;
        }
        if (!data.groupId && !data.siteId) {
          const me = await db.persons.get(ctx.userId);
          data.siteId = me?.siteId ?? null;
        }
        const due = checkDueDate(data.dueAt, at);
        if (!due.ok) return { ok: false, reason: due.reason };
        const assignee = await checkAssigneeOnDevice(db, data.assigneeId, data.groupId);
        if (assignee) return { ok: false, reason: assignee.reason };
        const id = uuidv7();
        const entry = await writeLocal(db, ctx.userId, undefined, { entity: 'task', kind: 'create', id, data, clientTime: at });
        return { ok: true, id, opId: entry.opId };
      });
    },

    async updateTask(taskId, requested) {
      const parsed = TaskPatchFieldsSchema.safeParse(requested);
      if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error, 'task') };
      return db.transaction('rw', tables(), async (): Promise<IntentResult> => {
        const task = await db.tasks.get(taskId);
        if (!task) return { ok: false, reason: 'This task is not on this device.' };
        const at = now().toISOString();
        const fields = Object.fromEntries(
          Object.entries(parsed.data).filter(([k, v]) => (task[k as keyof typeof task] ?? null) !== (v ?? null)),
        ) as TaskPatchFields;
        if (Object.keys(fields).length === 0) return { ok: false, reason: 'Nothing changed.' };
        if (fields.status) {
          const check = checkTaskTransition(task.status, fields.status);
          if (!check.ok) return { ok: false, reason: check.reason };
        }
        if (fields.dueAt !== undefined) {
          const due = checkDueDate(fields.dueAt, at);
          if (!due.ok) return { ok: false, reason: due.reason };
        }
        if (fields.assigneeId !== undefined || fields.groupId !== undefined) {
          const refused = await checkAssigneeOnDevice(db, fields.assigneeId ?? task.assigneeId, fields.groupId ?? task.groupId);
          if (refused) return { ok: false, reason: refused.reason };
        }
        const { baseRev, known } = await serverBaseOf(db, recordKey('task', taskId), task);
        const entry = await writeLocal(db, ctx.userId, task, { entity: 'task', kind: 'patch', id: taskId, baseRev, fields, clientTime: at }, known);
        return { ok: true, id: taskId, opId: entry.opId };
      });
    },
  };
}
