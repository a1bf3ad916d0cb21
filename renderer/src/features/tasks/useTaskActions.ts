/** Task changes through the tasks repository, keeping its refusal reason for the screen. */
import { useCallback, useState } from 'react';
import type { TaskPatchFields } from '@fielddesk/common/sync/protocol';
import { useWorkspace } from '../../app/workspaceContext';

export function useTaskUpdate(taskId: string) {
  const { tasks, engine } = useWorkspace();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = useCallback(
    async (fields: TaskPatchFields): Promise<boolean> => {
      setError(null);
      setBusy(true);
      try {
        const result = await tasks.updateTask(taskId, fields);
        if (!result.ok) {
          setError(result.reason);
          return false;
        }
        engine.requestSync();
        return true;
      } catch (e) {
        setError(`The change could not be saved on this device: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [engine, taskId, tasks],
  );
  return { save, error, busy };
}
