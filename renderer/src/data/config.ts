/** The ITSM configuration for screens: live from the replica (see itsmConfig.ts). */
import { useLiveQuery } from 'dexie-react-hooks';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import { readItsmConfig } from './itsmConfig';
import { useWorkspace } from '../app/workspaceContext';

export { readItsmConfig };

/** The configuration, live: a pull that brings a new one re-renders its readers. */
export function useItsmConfig(): ItsmConfig {
  const { db } = useWorkspace();
  return useLiveQuery(() => readItsmConfig(db), [db], DEFAULT_ITSM_CONFIG);
}
