/**
 * Which screen the app is on at the top level: starting, signed out (sign-in screen) or
 * signed in (the workspace of one user on one server). UI state only (zustand).
 */
import { create } from 'zustand';
import type { SessionUser } from '@fielddesk/common/api/http';

export interface ActiveSession {
  user: SessionUser;
  serverUrl: string;
  /** Opened from the last session because the server could not be reached. */
  startedOffline: boolean;
}

export type SessionPhase =
  | { phase: 'starting' }
  | { phase: 'signed-out'; notice: string | null }
  | { phase: 'signed-in'; session: ActiveSession };

interface SessionStore {
  state: SessionPhase;
  signIn(session: ActiveSession): void;
  signOut(notice?: string | null): void;
}

export const useSessionStore = create<SessionStore>((set) => ({
  state: { phase: 'starting' },
  signIn: (session) => set({ state: { phase: 'signed-in', session } }),
  signOut: (notice = null) => set({ state: { phase: 'signed-out', notice } }),
}));
