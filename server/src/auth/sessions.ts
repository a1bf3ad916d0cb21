/**
 * Sessions: created at sign-in, found by the sha256 of the presented token, expired after
 * `ttl` without use (sliding: each use moves the expiry, written at most once a minute).
 */
import type { Kysely } from 'kysely';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { Database } from '../db/types';
import { groupIdsByPerson } from '../db/records';
import { hashToken, newToken } from './tokens';

/** How often a session's last-seen time and sliding expiry are written back. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionInfo {
  tokenHash: string;
  csrfToken: string;
  client: 'desktop' | 'web';
  expiresAt: number;
}

export type SessionLookup = { status: 'ok'; user: SessionUser; session: SessionInfo } | { status: 'expired' } | { status: 'unknown' };

/** The signed-in user as the API shows it, or null if the person is gone. */
export async function loadSessionUser(db: Kysely<Database>, personId: string): Promise<SessionUser | null> {
  const person = await db.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!person) return null;
  const groups = await groupIdsByPerson(db, [person.id]);
  return {
    id: person.id,
    username: person.username,
    displayName: person.display_name,
    role: person.role,
    siteId: person.site_id,
    groupIds: groups.get(person.id) ?? [],
  };
}

export async function createSession(
  db: Kysely<Database>,
  personId: string,
  client: 'desktop' | 'web',
  now: number,
  ttlMs: number,
): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = now + ttlMs;
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), person_id: personId, csrf_token: csrfToken, client, created_at: now, last_seen_at: now, expires_at: expiresAt })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function lookupSession(db: Kysely<Database>, token: string, now: number, ttlMs: number): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (Number(row.expires_at) <= now) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return { status: 'expired' };
  }
  const user = await loadSessionUser(db, row.person_id);
  if (!user || user.role === 'requester') return { status: 'unknown' };
  let expiresAt = Number(row.expires_at);
  if (now - Number(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    expiresAt = now + ttlMs;
    await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
  }
  return { status: 'ok', user, session: { tokenHash, csrfToken: row.csrf_token, client: row.client, expiresAt } };
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Drops expired sessions (run now and then; lookups also drop the ones they meet). */
export async function pruneSessions(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
