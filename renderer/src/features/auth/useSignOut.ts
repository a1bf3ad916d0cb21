/**
 * Signing out: ends the session on the server when it can be reached, forgets the last
 * session on this device, and leaves the replica (with any unsynced changes) in place.
 * Nothing pending is ever discarded: it is sent the next time this user signs in.
 */
import { useCallback } from 'react';
import { notifications } from '@mantine/notifications';
import { isApiError } from '@fielddesk/common/ipc/contract';
import { usePlatform } from '../../app/platformContext';
import { clearLastSession, markPendingLogout } from '../../app/lastSession';
import { useSessionStore } from '../../app/sessionStore';
import { useWorkspace } from '../../app/workspaceContext';

export function useSignOut() {
  const platform = usePlatform();
  const { engine } = useWorkspace();
  const signOut = useSessionStore((s) => s.signOut);

  return useCallback(async () => {
    engine.stop();
    let notice: string | null = null;
    try {
      await platform.logout();
      markPendingLogout(false);
    } catch (e) {
      if (isApiError(e) && e.code === 'unauthorized') {
        markPendingLogout(false);
      } else {
        markPendingLogout(true);
        notice = 'You are signed out on this device. The server could not be told yet; that happens the next time FieldDesk starts with the server reachable.';
        notifications.show({ color: 'yellow', title: 'Signed out on this device', message: notice });
      }
    }
    clearLastSession();
    signOut(notice);
  }, [engine, platform, signOut]);
}
