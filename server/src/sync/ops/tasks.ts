/**
 * Task create and patch. A task of a ticket needs a ticket the viewer can see and takes its
 * group and site unless the op names them; a standalone task without either belongs to the
 * creator's site. The assignee must be in the task's group, a due date may not be in the
 * past when it is set (at the op's clamped time), status moves by checkTaskTransition, and
 * completedAt is stamped when a task is done (cleared when it leaves done). Patches merge
 * three-way with TASK_FIELD_POLICIES, like tickets (sync/field-state.ts). Numbered TASK-nnnn.
 */
import type { Task } from '@fielddesk/common/domain/entities';
import { checkDueDate, checkTaskTransition } from '@fielddesk/common/itsm/lifecycle';
import { TASK_FIELD_POLICIES, type FieldConflict } from '@fielddesk/common/sync/merge';
import type { OpResult, TaskCreateOp, TaskPatchOp } from '@fielddesk/common/sync/protocol';
import type { BatchContext } from './context';
import { createdFieldState, planPatch } from '../field-state';
import { canSeeTask } from '../scope';
import { applyPlan, checkBaseRev, finishPatch, setField } from './patch';
import { clampTime, definedFields, enforce, reject } from './shared';

export const TASK_NOT_VISIBLE = 'Task not found or not visible to you.';

/** A new task's ticket: the batch reads it up front. */
export const taskRefs = (op: TaskCreateOp | TaskPatchOp) => (op.kind === 'create' ? ([['ticket', op.data.ticketId]] as const) : []);

export async function taskCreate(b: BatchContext, op: TaskCreateOp): Promise<OpResult> {
  if (await b.task(op.id)) reject('A task with this id already exists.');
  const { viewer, info } = b;
  const at = clampTime(op.clientTime, info.nowIso);
  const data = { ...op.data };
  if (data.ticketId) {
    const parent = (await b.requireVisibleTicket(data.ticketId)).record;
    data.groupId ??= parent.groupId;
    data.siteId ??= parent.siteId;
  } else if (!data.groupId && !data.siteId) {
    data.siteId = viewer.siteId;
  }
  await b.checkReferences({ groupId: data.groupId, siteId: data.siteId });
  await b.checkAssignee(data.assigneeId, data.groupId);
  enforce(checkDueDate(data.dueAt, at));
  if (!canSeeTask(viewer, data)) reject('You can only create tasks for your own site or support groups, or assigned to yourself.');

  const rev = await b.nextRev();
  const task: Task = {
    id: op.id,
    number: await b.nextNumber('task'),
    ticketId: data.ticketId,
    title: data.title,
    description: data.description,
    status: 'open',
    assigneeId: data.assigneeId,
    groupId: data.groupId,
    siteId: data.siteId,
    dueAt: data.dueAt,
    createdById: viewer.id,
    createdAt: at,
    updatedAt: info.nowIso,
    completedAt: null,
    rev,
  };
  b.putTask({ record: task, ...createdFieldState(task, rev, info.clientId, TASK_FIELD_POLICIES) });
  return { opId: op.opId, status: 'applied', rev, record: { ...task } };
}

export async function taskPatch(b: BatchContext, op: TaskPatchOp): Promise<OpResult> {
  const state = await b.task(op.id);
  if (!state || !canSeeTask(b.viewer, state.record)) return reject(TASK_NOT_VISIBLE);
  const current = state.record;
  checkBaseRev(op.baseRev, current, 'task');
  const at = clampTime(op.clientTime, b.info.nowIso);

  const plan = planPatch(state, definedFields(op.fields), op.baseRev, TASK_FIELD_POLICIES, b.info.clientId);
  const { next, changed } = applyPlan(current, plan);
  const conflicts: FieldConflict[] = [...plan.conflicts];
  let reason: string | undefined;
  if (next.status !== current.status) {
    enforce(checkTaskTransition(current.status, next.status));
  } else if (plan.lifecycle.status !== undefined && plan.lifecycle.status !== current.status) {
    const check = checkTaskTransition(current.status, plan.lifecycle.status);
    if (check.ok) setField(next, changed, 'status', plan.lifecycle.status);
    else {
      conflicts.unshift({ field: 'status', local: plan.lifecycle.status, server: current.status });
      reason = check.reason;
    }
  }
  if (next.status !== current.status) setField(next, changed, 'completedAt', next.status === 'done' ? at : null);
  if (changed.includes('dueAt')) enforce(checkDueDate(next.dueAt, at));
  if (changed.includes('groupId')) await b.checkReferences({ groupId: next.groupId });
  if (changed.includes('assigneeId') || changed.includes('groupId')) await b.checkAssignee(next.assigneeId, next.groupId);
  return finishPatch(b, op, 'task', state, { next, changed, conflicts, reason }, TASK_FIELD_POLICIES, (s) => b.putTask(s));
}
