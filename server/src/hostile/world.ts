/**
 * The world the hostile-input suite attacks (see hostile.test.ts): a demo-seeded server on
 * one store with agent intake on and a small web app, signed-in users of two sites, records
 * of another site (ticket, asset, an uploaded attachment), and what every check needs:
 *
 * - fingerprint(): a cheap picture of everything a request could write (the change sequence,
 *   row counts of the main tables, live sessions, the attachment files on disk). A refused
 *   request must leave it unchanged. login_attempts is left out on purpose: counting a wrong
 *   password is what the throttle is for.
 * - messageOf(): the human-readable message of an error answer, whatever the route answers
 *   in (JSON {error, message}; the agent route's JSON or XML, possibly compressed like the
 *   request).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { uploadPath } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import { createSession } from '../auth/sessions';
import type { ServerConfig } from '../config';
import { bearer, loginDesktop, loginWeb } from '../../test/http';
import { tableNames, type StoreHarness } from '../../test/stores';

export const AGENT_PASSWORD = 'hostile-agent-password-1234';
/** A file next to the web app's directory: no request may ever serve it. */
export const SECRET_MARKER = 'FIELDDESK-HOSTILE-SECRET-7f3a';

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** What every pushed op carries besides its entity and contents: fresh ids, a sequence number, now. */
export const opBase = (seq = 1) => ({ opId: randomUUID(), seq, id: randomUUID(), clientTime: new Date().toISOString() });

/** A push op creating a file attachment record on a ticket. */
export function attachmentOp(ticketId: string, file: { sha256: string; size: number; fileName: string; mimeType: string }, seq = 1) {
  return { ...opBase(seq), entity: 'attachment', kind: 'create', data: { ticketId, ...file, kind: 'file' } };
}

export interface Session {
  token: string;
  id: string;
}

export interface World {
  s: FieldDeskServer;
  kind: 'sqlite' | 'postgres';
  filesDir: string;
  webDir: string;
  /** tech1: a technician of one site. */
  tech: Session & { siteId: string };
  /** A technician of another site than tech1's (who may see foreignTicket: it may be their site's). */
  otherTech: Session;
  desk: Session;
  admin: Session;
  /** tech1 signed in on the web: the session cookie and its CSRF token. */
  web: { cookie: string; csrf: string };
  /** A ticket tech1 may see, and one of another site and group that tech1 may not. */
  ownTicket: { id: string; rev: number };
  foreignTicket: { id: string; rev: number };
  ownAsset: string;
  foreignAsset: string;
  /** An uploaded file attached only to foreignTicket. */
  foreignFile: { sha256: string; bytes: Buffer };
  /** A bearer token whose session has expired (a fresh one per call: the first use deletes it). */
  expiredToken(): Promise<string>;
  /** A bearer token of a session that was signed out. */
  signedOutToken: string;
  fingerprint(): Promise<Fingerprint>;
  close(): Promise<void>;
}

export type Fingerprint = Record<string, number | string>;

/**
 * Tables a request may write without taking a rev of the change sequence (every write to a
 * synced record takes one, so the sequence's last rev stands for those): a refused request
 * must change none of their counts. attachment_uploads is counted when the store has it.
 */
const COUNTED_TABLES = [
  'sync_ops',
  'sync_clients',
  'sync_conflicts',
  'asset_macs',
  'asset_inventories',
  'inventory_documents',
  'software_installs',
  'credentials',
  'person_groups',
  'scope_moves',
  'tombstones',
  'attachment_uploads',
] as const;

/** The attachment files on disk: name and size of each, sorted. */
function filesOf(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${path.relative(dir, p)}:${fs.statSync(p, { throwIfNoEntry: false })?.size ?? -1}`);
    }
  };
  walk(dir);
  return out.sort().join(',');
}

export async function buildWorld(h: StoreHarness, overrides: Partial<ServerConfig> = {}): Promise<World> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-hostile-'));
  const webDir = path.join(root, 'web');
  const filesDir = path.join(root, 'files');
  fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>FieldDesk</title>');
  fs.writeFileSync(path.join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), SECRET_MARKER);
  fs.writeFileSync(path.join(webDir, '.env'), SECRET_MARKER);

  const s = await h.start({ agentPassword: AGENT_PASSWORD, webDir, files: { dir: filesDir, mayCreate: true }, ...overrides });
  const db = s.db;
  const person = (username: string) => db.selectFrom('persons').select(['id', 'site_id']).where('username', '=', username).executeTakeFirstOrThrow();

  const techRow = await person('tech1');
  if (!techRow.site_id) throw new Error('tech1 has no site in the demo data');
  const techGroups = (await db.selectFrom('person_groups').select('group_id').where('person_id', '=', techRow.id).execute()).map((r) => r.group_id);
  const tech = { token: (await loginDesktop(s.app, 'tech1')).token, id: techRow.id, siteId: techRow.site_id };

  const others = await db.selectFrom('persons').select(['id', 'username']).where('role', '=', 'technician').where('site_id', '!=', techRow.site_id).orderBy('username').execute();
  const other = others[0];
  if (!other) throw new Error('the demo data has no technician of another site');
  const otherTech = { token: (await loginDesktop(s.app, other.username)).token, id: other.id };
  const desk = { token: (await loginDesktop(s.app, 'desk1')).token, id: (await person('desk1')).id };
  const admin = { token: (await loginDesktop(s.app, 'admin')).token, id: (await person('admin')).id };
  const webLogin = await loginWeb(s.app, 'tech1');
  const web = { cookie: webLogin.cookie, csrf: webLogin.csrf };

  const ownTicket = await db
    .selectFrom('tickets')
    .select(['id', 'rev'])
    .where('site_id', '=', techRow.site_id)
    .orderBy('number')
    .executeTakeFirstOrThrow();
  let foreignQuery = db.selectFrom('tickets').select(['id', 'rev']).where('site_id', '!=', techRow.site_id);
  if (techGroups.length > 0) foreignQuery = foreignQuery.where((eb) => eb.or([eb('group_id', 'is', null), eb('group_id', 'not in', techGroups)]));
  const foreignTicket = await foreignQuery.orderBy('number').executeTakeFirstOrThrow();
  const ownAsset = (await db.selectFrom('assets').select('id').where('site_id', '=', techRow.site_id).orderBy('tag').executeTakeFirstOrThrow()).id;
  const foreignAsset = (await db.selectFrom('assets').select('id').where('site_id', '!=', techRow.site_id).orderBy('tag').executeTakeFirstOrThrow()).id;

  // A file of the other site: its record on the foreign ticket (pushed by the desk), its bytes uploaded.
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4 foreign site '), randomBytes(64)]);
  const foreignSha = sha256(bytes);
  const op = attachmentOp(foreignTicket.id, { sha256: foreignSha, size: bytes.length, fileName: 'payroll.pdf', mimeType: 'application/pdf' });
  const pushed = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: bearer(desk.token), payload: { clientId: randomUUID(), ops: [op] } });
  if (pushed.statusCode !== 200 || !pushed.body.includes('"applied"')) throw new Error(`could not attach the foreign file: ${pushed.body}`);
  const uploaded = await s.app.inject({
    method: 'PUT',
    url: `${uploadPath(foreignSha)}?offset=0&size=${bytes.length}`,
    headers: { ...bearer(desk.token), 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
  if (uploaded.statusCode !== 200) throw new Error(`could not upload the foreign file: ${uploaded.body}`);

  const signedOut = (await loginDesktop(s.app, 'tech2')).token;
  await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(signedOut) });

  const present = new Set(await tableNames(db, s.store.kind));
  const counts = sql.join(COUNTED_TABLES.filter((t) => present.has(t)).map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`));

  return {
    s,
    kind: s.store.kind,
    filesDir,
    webDir,
    tech,
    otherTech,
    desk,
    admin,
    web,
    ownTicket: { id: ownTicket.id, rev: Number(ownTicket.rev) },
    foreignTicket: { id: foreignTicket.id, rev: Number(foreignTicket.rev) },
    ownAsset,
    foreignAsset,
    foreignFile: { sha256: foreignSha, bytes },
    signedOutToken: signedOut,
    async expiredToken() {
      const session = await createSession(db, techRow.id, 'desktop', Date.now() - 48 * 3_600_000, 3_600_000);
      return session.token;
    },
    async fingerprint() {
      const now = Date.now();
      const { rows } = await sql<Record<string, number | string>>`select ${counts},
        (select last_rev from change_sequence where id = 1) as rev,
        (select count(*) from sessions where expires_at > ${now}) as live_sessions`.execute(db);
      const row = rows[0] ?? {};
      const out: Fingerprint = {};
      for (const [k, v] of Object.entries(row)) out[k] = Number(v);
      out.files = filesOf(filesDir);
      return out;
    },
    async close() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The message of an error answer: {message} of a JSON body, <ERROR> of the agent route's
 * XML, after undoing the compression the agent route mirrors. Null when there is none.
 */
export function messageOf(res: { headers: Record<string, unknown>; rawPayload: Buffer }): string | null {
  const type = String(res.headers['content-type'] ?? '').toLowerCase();
  let raw = res.rawPayload;
  try {
    if (type.includes('x-compress-zlib') || type.includes('zlib')) raw = zlib.inflateSync(raw);
    else if (type.includes('gzip')) raw = zlib.gunzipSync(raw);
    else if (type.includes('deflate')) raw = zlib.inflateRawSync(raw);
  } catch {
    return null;
  }
  const text = raw.toString('utf8');
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string' && body.message.trim().length > 0) return body.message;
  } catch {
    // not JSON: maybe the agent route's XML
  }
  const xml = /<ERROR>([^<]+)<\/ERROR>/.exec(text);
  return xml?.[1]?.trim() ? xml[1] : null;
}
