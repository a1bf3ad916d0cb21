/** Task changes through the tasks repository, keeping its refusal reason for the screen. */
import type { TaskPatchFields } from '@fielddesk/common/sync/protocol';
import { useWorkspace } from '../../app/workspaceContext';
import { useIntent } from '../../app/useIntent';

export function useTaskUpdate(taskId: string) {
  const { tasks } = useWorkspace();
  const { run, error, busy } = useIntent((fields: TaskPatchFields) => tasks.updateTask(taskId, fields));
  return { save: async (fields: TaskPatchFields) => (await run(fields)) !== null, error, busy };
}
