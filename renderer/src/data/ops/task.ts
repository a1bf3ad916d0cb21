/** How task ops (create, patch) change the local replica; a task may stand alone or belong to a ticket. */
import type { Task } from '@fielddesk/common/domain/entities';
import { maxTime, type LocalOpApplier, type OpOf } from './types';

export const taskOps: LocalOpApplier<OpOf<'task'>> = {
  ticketIdOf: (op) => (op.kind === 'create' ? op.data.ticketId : null),
  apply: (record, op, ctx) => {
    if (op.kind === 'create') {
      if (record) return record;
      const t: Task = {
        id: op.id,
        number: null,
        ticketId: op.data.ticketId ?? null,
        title: op.data.title,
        description: op.data.description ?? '',
        status: 'open',
        assigneeId: op.data.assigneeId ?? null,
        groupId: op.data.groupId ?? null,
        siteId: op.data.siteId ?? null,
        dueAt: op.data.dueAt ?? null,
        createdById: ctx.userId,
        createdAt: op.clientTime,
        updatedAt: op.clientTime,
        completedAt: null,
        rev: 0,
      };
      return t;
    }
    if (!record) return undefined;
    const task = record as Task;
    const next: Task = { ...task, ...op.fields, updatedAt: maxTime(task.updatedAt, op.clientTime) };
    if (op.fields.status && op.fields.status !== task.status) next.completedAt = op.fields.status === 'done' ? op.clientTime : null;
    return next;
  },
};
