import { z } from 'zod';
import { TaskSchema } from '../domain/entities';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';
import { trimmedTitle } from './strings';

/** A new task; standalone when ticketId is null. The server checks the due date against the op's time. */
export const TaskCreateDataSchema = z
  .object({
    ticketId: IdSchema.nullable().default(null),
    title: z.string().trim().min(1, 'a task needs a title').max(300),
    description: z.string().max(20_000).default(''),
    assigneeId: IdSchema.nullable().default(null),
    groupId: IdSchema.nullable().default(null),
    siteId: IdSchema.nullable().default(null),
    dueAt: TimestampSchema.nullable().default(null),
  })
  .strict();

const taskPatch = patchOf(
  TaskSchema,
  { title: 'conflict', description: 'conflict', status: 'lifecycle', assigneeId: 'conflict', groupId: 'conflict', dueAt: 'conflict' },
  { title: trimmedTitle },
);

/** A task of a ticket (or standing alone), assigned to a technician or a group. */
export const task = defineEntity({
  name: 'task',
  schema: TaskSchema,
  table: 'tasks',
  scope: scope.anyOf(scope.inViewerGroups('groupId'), scope.atViewerSite('siteId'), scope.isViewer('assigneeId')),
  replica: { table: 'tasks', indexes: ['ticketId', 'assigneeId', 'status'] },
  ops: { create: TaskCreateDataSchema, patch: taskPatch },
  numbering: { prefixes: { task: 'TASK' } },
});
