/**
 * Who was signed in last on this device, kept in localStorage so the app can open the
 * right replica when it starts without the server (offline start). Holds no secret: the
 * token stays in main (desktop) or in an HttpOnly cookie (web).
 */
import { SessionUserSchema, type SessionUser } from '@fielddesk/common/api/http';
import { normalizeServerUrl } from '../data/db';

const KEY = 'fielddesk:last-session';
/** Set when a sign-out could not reach the server; the next start retries it. */
const PENDING_LOGOUT_KEY = 'fielddesk:pending-logout';

export interface LastSession {
  serverUrl: string;
  user: SessionUser;
}

function parseLastSession(value: unknown): LastSession | null {
  if (!value || typeof value !== 'object') return null;
  const { serverUrl, user } = value as Record<string, unknown>;
  if (typeof serverUrl !== 'string' || !serverUrl) return null;
  const parsed = SessionUserSchema.safeParse(user);
  return parsed.success ? { serverUrl, user: parsed.data } : null;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readLastSession(): LastSession | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    return parseLastSession(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function writeLastSession(serverUrl: string, user: SessionUser): void {
  storage()?.setItem(KEY, JSON.stringify({ serverUrl, user } satisfies LastSession));
  storage()?.removeItem(PENDING_LOGOUT_KEY);
}

export function clearLastSession(): void {
  storage()?.removeItem(KEY);
}

/** The last session, if it is this user's on this server (for "Continue offline"). */
export function lastSessionFor(serverUrl: string, username: string): LastSession | null {
  const last = readLastSession();
  if (!last) return null;
  if (normalizeServerUrl(last.serverUrl) !== normalizeServerUrl(serverUrl)) return null;
  return last.user.username.toLowerCase() === username.trim().toLowerCase() ? last : null;
}

export function markPendingLogout(pending: boolean): void {
  if (pending) storage()?.setItem(PENDING_LOGOUT_KEY, '1');
  else storage()?.removeItem(PENDING_LOGOUT_KEY);
}

export function hasPendingLogout(): boolean {
  return storage()?.getItem(PENDING_LOGOUT_KEY) === '1';
}
