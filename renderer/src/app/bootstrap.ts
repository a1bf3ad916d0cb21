/**
 * What to show when the app starts: the workspace of the signed-in user, the workspace of
 * the last user when the server cannot be reached (offline start), or the sign-in screen.
 */
import { isApiError, type Platform } from '@fielddesk/common/ipc/contract';
import { clearLastSession, hasPendingLogout, markPendingLogout, readLastSession } from './lastSession';
import type { ActiveSession } from './sessionStore';

export type Boot = { kind: 'signed-in'; session: ActiveSession } | { kind: 'signed-out'; notice: string | null };

export async function bootstrap(platform: Platform): Promise<Boot> {
  if (hasPendingLogout()) {
    // A sign-out that could not reach the server: finish it before anything else.
    try {
      await platform.logout();
      markPendingLogout(false);
    } catch {
      return { kind: 'signed-out', notice: null };
    }
  }
  try {
    const session = await platform.getSession();
    if (session) return { kind: 'signed-in', session: { user: session.user, serverUrl: session.serverUrl, startedOffline: false } };
    return { kind: 'signed-out', notice: null };
  } catch (e) {
    const last = readLastSession();
    const reason = e instanceof Error ? e.message : String(e);
    if (last && (!isApiError(e) || e.code !== 'unauthorized')) {
      return { kind: 'signed-in', session: { user: last.user, serverUrl: last.serverUrl, startedOffline: true } };
    }
    if (isApiError(e) && e.code === 'unauthorized') clearLastSession();
    return { kind: 'signed-out', notice: reason };
  }
}
