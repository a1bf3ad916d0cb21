/**
 * session.json in userData: who is signed in, to which server, until when, and the
 * bearer token encrypted with the OS keychain (Electron's safeStorage).
 *
 * The token stays in main: nothing here is ever sent to the renderer except through
 * toSessionInfo(), which leaves it out. When the OS offers no real encryption, the
 * token is kept in memory only (the user signs in again after a restart) and the
 * log says so; it is never written in plain text.
 */
import path from 'node:path';
import { z } from 'zod';
import { SessionUserSchema, type SessionUser } from '@fielddesk/common/api/http';
import type { SessionInfo } from '@fielddesk/common/ipc/contract';
import type { Logger } from '../log';
import { readJsonFile, removeFile, writeJsonFile } from './json-file';

/** The part of Electron's safeStorage the store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

export interface StoredSession {
  user: SessionUser;
  serverUrl: string;
  expiresAt: string;
}

export interface SessionStore {
  /** The signed-in session (also when its token was dropped or not persisted), or null. */
  get(): Promise<StoredSession | null>;
  /** The bearer token, or null when there is none (signed out, expired, not persisted). */
  getToken(): Promise<string | null>;
  save(session: StoredSession, token: string): Promise<void>;
  /** Updates who the user is / until when, keeping the token. */
  update(session: StoredSession): Promise<void>;
  /** Forgets the token but keeps the user, so the app keeps working offline (after a 401). */
  dropToken(): Promise<void>;
  clear(): Promise<void>;
}

const SessionFileSchema = z.object({
  version: z.literal(1),
  session: z.object({ user: SessionUserSchema, serverUrl: z.string(), expiresAt: z.string() }),
  token: z.object({ encoding: z.literal('safeStorage'), data: z.string() }).nullable(),
});

export function toSessionInfo(session: StoredSession): SessionInfo {
  return { user: session.user, serverUrl: session.serverUrl, expiresAt: session.expiresAt };
}

/** Why tokens cannot be stored encrypted on this machine, or null when they can. */
export function encryptionUnavailableReason(safeStorage: SafeStorageLike): string | null {
  let available = false;
  try {
    available = safeStorage.isEncryptionAvailable();
  } catch (e) {
    return `the OS keychain could not be asked (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!available) return 'the operating system offers no encryption for app secrets';
  if (safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'no keychain (such as GNOME Keyring or KWallet) is running, so secrets would only be obfuscated';
  return null;
}

export function createSessionStore(userDataDir: string, safeStorage: SafeStorageLike, log: Logger): SessionStore {
  const file = path.join(userDataDir, 'session.json');
  let loaded = false;
  let session: StoredSession | null = null;
  let token: string | null = null;

  async function load(): Promise<void> {
    if (loaded) return;
    loaded = true;
    const raw = await readJsonFile(file, log);
    if (raw === null) return;
    const parsed = SessionFileSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn('session.json has an unexpected shape; starting signed out.');
      return;
    }
    session = parsed.data.session;
    if (parsed.data.token) {
      try {
        token = safeStorage.decryptString(Buffer.from(parsed.data.token.data, 'base64'));
      } catch (e) {
        log.warn(`The saved sign-in could not be decrypted (${e instanceof Error ? e.message : String(e)}); please sign in again.`);
        token = null;
      }
    }
  }

  async function persist(): Promise<void> {
    if (!session) {
      await removeFile(file);
      return;
    }
    let stored: { encoding: 'safeStorage'; data: string } | null = null;
    if (token !== null) {
      const reason = encryptionUnavailableReason(safeStorage);
      if (reason === null) stored = { encoding: 'safeStorage', data: safeStorage.encryptString(token).toString('base64') };
      else log.warn(`The sign-in token is kept in memory only, not saved: ${reason}. You will need to sign in again after restarting FieldDesk.`);
    }
    await writeJsonFile(file, { version: 1, session, token: stored });
  }

  return {
    async get() {
      await load();
      return session ? { ...session } : null;
    },
    async getToken() {
      await load();
      return token;
    },
    async save(next, nextToken) {
      await load();
      session = { ...next };
      token = nextToken;
      await persist();
    },
    async update(next) {
      await load();
      session = { ...next };
      await persist();
    },
    async dropToken() {
      await load();
      token = null;
      await persist();
    },
    async clear() {
      await load();
      session = null;
      token = null;
      await persist();
    },
  };
}
