import { TaskSchema } from '../domain/entities';
import { defineEntity } from './define';
import { scope } from './scope';

/** A task of a ticket (or standing alone), assigned to a technician or a group. */
export const task = defineEntity({
  name: 'task',
  schema: TaskSchema,
  table: 'tasks',
  scope: scope.anyOf(scope.inViewerGroups('groupId'), scope.atViewerSite('siteId'), scope.isViewer('assigneeId')),
  replica: { table: 'tasks', indexes: ['ticketId', 'assigneeId', 'status'] },
});
