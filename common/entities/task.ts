import { TaskSchema } from '../domain/entities';
import { defineEntity } from './define';

/** A task of a ticket (or standing alone), assigned to a technician or a group. */
export const task = defineEntity({ name: 'task', schema: TaskSchema, table: 'tasks', replica: { table: 'tasks', indexes: ['ticketId', 'assigneeId', 'status'] } });
