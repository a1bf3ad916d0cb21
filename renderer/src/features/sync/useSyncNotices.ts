/** Shows a notification when the server refuses a change or a conflict is kept for review. */
import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import { useWorkspace } from '../../app/workspaceContext';
import { describeRecord } from './describeRecord';
import { fieldLabel } from '../conflicts';

export function useSyncNotices(): void {
  const { db, engine } = useWorkspace();
  useEffect(
    () =>
      engine.onNotice((notice) => {
        void describeRecord(db, notice).then((name) => {
          if (notice.kind === 'rejected') {
            notifications.show({ color: 'red', title: `${name} was refused by the server`, message: notice.reason, autoClose: false });
          } else {
            notifications.show({
              color: 'yellow',
              title: `${name} conflicts with a colleague's change`,
              message: `The server's version of ${notice.fields.map(fieldLabel).join(', ') || 'the record'} is shown; your values are kept under Conflicts, where you decide.`,
              autoClose: 15_000,
            });
          }
        });
      }),
    [db, engine],
  );
}
