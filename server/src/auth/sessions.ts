/**
 * Sessions: created at sign-in, found by the sha256 of the presented token, expired after
 * `ttl` without use (sliding: each use moves the expiry, written at most once a minute).
 */
import { sql, type Kysely } from 'kysely';
import type { SessionUser } from '@fielddesk/common/api/http';
import type { StoreKind } from '../db/database';
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

export type SessionLookup =
  /** scopeVersion: persons.scope_version, read in the same statement as the user's scope. */
  | { status: 'ok'; user: SessionUser; session: SessionInfo; scopeVersion: number } | { status: 'expired' } | { status: 'unknown' };

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

interface SessionRow {
  person_id: string;
  csrf_token: string;
  client: 'desktop' | 'web';
  last_seen_at: number | string;
  expires_at: number | string;
  username: string | null;
  display_name: string | null;
  role: SessionUser['role'] | 'requester' | null;
  site_id: string | null;
  scope_version: number | string | null;
  /** JSON array of group ids, ascending (pg may hand it over parsed). */
  group_ids: string | string[] | null;
}

function parseGroupIds(value: SessionRow['group_ids']): string[] {
  if (value === null) return [];
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Finds the session of a token with its person, their groups and scope version, in ONE
 * indexed statement (every request runs this: it must stay one round trip). Writes only
 * when the session expired (deleted) or was last touched over a minute ago.
 */
export async function lookupSession(db: Kysely<Database>, kind: StoreKind, token: string, now: number, ttlMs: number): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const groups =
    kind === 'postgres'
      ? sql`(select json_agg(pg.group_id order by pg.group_id) from person_groups pg where pg.person_id = s.person_id)`
      : sql`(select json_group_array(pg.group_id order by pg.group_id) from person_groups pg where pg.person_id = s.person_id)`;
  const { rows } = await sql<SessionRow>`
    select s.person_id, s.csrf_token, s.client, s.last_seen_at, s.expires_at,
           p.username, p.display_name, p.role, p.site_id, p.scope_version, ${groups} as group_ids
    from sessions s left join persons p on p.id = s.person_id
    where s.token_hash = ${tokenHash}`.execute(db);
  const row = rows[0];
  if (!row) return { status: 'unknown' };
  if (Number(row.expires_at) <= now) {
    await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    return { status: 'expired' };
  }
  if (row.username === null || row.display_name === null || row.role === null || row.role === 'requester') return { status: 'unknown' };
  const user: SessionUser = {
    id: row.person_id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    siteId: row.site_id,
    groupIds: parseGroupIds(row.group_ids),
  };
  let expiresAt = Number(row.expires_at);
  if (now - Number(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    expiresAt = now + ttlMs;
    await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
  }
  return {
    status: 'ok',
    user,
    session: { tokenHash, csrfToken: row.csrf_token, client: row.client, expiresAt },
    scopeVersion: Number(row.scope_version),
  };
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Drops expired sessions (run now and then; lookups also drop the ones they meet). */
export async function pruneSessions(db: Kysely<Database>, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
