/**
 * What the push tests (sync/push.test.ts, sync/ops/<entity>.test.ts) share: users signed in on
 * the desktop with a client each, the ids of the demo seed's people, groups and sites, one-op
 * pushes that answer with the result, the applied record or the refusal, and a few tickets.
 *
 *   let s: FieldDeskServer;
 *   let world: PushWorld<'tech1' | 'desk1', 'tech5'>;
 *   beforeAll(async () => {
 *     s = await h.start();
 *     world = await pushWorld(s, ['tech1', 'desk1'], { people: ['tech5'] });
 *   });
 *   it('…', async () => {
 *     const t = await world.fieldTicket();
 *     expect(await world.refused('tech1', (f) => f.patch(t.id, t.rev, { assigneeId: world.ids.tech5 }))).toBe('…');
 *   });
 */
import { expect } from 'vitest';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import type { Op, OpResult } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../src/app';
import { count, getTicket, loginDesktop, OpFactory, personId, push, type TicketCreateInput } from './http';

export type Applied = Extract<OpResult, { status: 'applied' }>;
export type Rejected = Extract<OpResult, { status: 'rejected' }>;

export const DAY_MS = 86_400_000;
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS).toISOString();

/** The demo seed's groups (by name) and sites (by code) the push tests use, by their short names. */
const GROUPS = { field: 'Field Support', desk: 'Service Desk' } as const;
const SITES = { hq: 'HQ', dc: 'DC', lab: 'LAB' } as const;
export type Place = keyof typeof GROUPS | keyof typeof SITES;

/** An op a user pushes: made by that user's client, or built by the test itself. */
export type MakeOp = Op | ((f: OpFactory) => Op);

export interface PushWorldOptions<P extends string> {
  /** People whose ids the tests need without signing them in (e.g. an assignee). */
  people?: readonly P[];
  /**
   * Every user pushes through one client (one clientId) instead of a client each, as the tests
   * that build their own ops (with their own seq) do.
   */
  sharedClient?: boolean;
}

export interface PushSnapshot {
  rev: number;
  tickets: number;
  worklogs: number;
  ops: number;
  clients: number;
}

export interface PushWorld<U extends string, P extends string = never> {
  /** Desktop session tokens of the signed-in users. */
  readonly tokens: Record<U, string>;
  /** Person ids of the users and people; group ids field, desk; site ids hq, dc, lab. */
  readonly ids: Record<U | P | Place, string>;
  /** The client each user pushes with. */
  readonly clients: Record<U, OpFactory>;
  /** Pushes one op as a user (with that user's client) and returns its answer. */
  one(user: U, make: MakeOp): Promise<OpResult>;
  /** Pushes one op that must be applied; returns the record the server answered with. */
  applied<R>(user: U, make: MakeOp): Promise<R>;
  /** Pushes one op that must be rejected; returns the reason. */
  refused(user: U, make: MakeOp): Promise<string>;
  /** A new Field Support ticket at HQ, created by desk1 (who must be signed in). */
  fieldTicket(extra?: TicketCreateInput): Promise<Ticket>;
  /** A seeded ticket tech1 may see (their group or their site), in the given state. */
  visibleTicket(status: TicketStatus, offset?: number): Promise<Ticket>;
  /** A seeded ticket tech1 may not see: another group at another site. */
  invisibleTicket(): Promise<Ticket>;
  /** The current rev and the counts a push may change. */
  snapshot(): Promise<PushSnapshot>;
}

/** Signs the users in (a client each, or one shared) and looks up the ids the tests use; call after h.start(). */
export async function pushWorld<U extends string, P extends string = never>(
  s: FieldDeskServer,
  users: readonly U[],
  options: PushWorldOptions<P> = {},
): Promise<PushWorld<U, P>> {
  const tokens = {} as Record<U, string>;
  const clients = {} as Record<U, OpFactory>;
  const ids = {} as Record<U | P | Place, string>;
  const shared = options.sharedClient ? new OpFactory() : null;
  for (const user of users) {
    tokens[user] = (await loginDesktop(s.app, user)).token;
    clients[user] = shared ?? new OpFactory();
  }
  for (const name of [...users, ...(options.people ?? [])]) ids[name] = await personId(s, name);
  for (const [key, name] of Object.entries(GROUPS)) {
    ids[key as Place] = (await s.db.selectFrom('groups').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  for (const [key, code] of Object.entries(SITES)) {
    ids[key as Place] = (await s.db.selectFrom('sites').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  }

  async function one(user: U, make: MakeOp): Promise<OpResult> {
    const f = clients[user];
    if (!f) throw new Error(`${user} is not signed in: name them in pushWorld(s, [...])`);
    const { res, body } = await push(s.app, tokens[user], f.clientId, [typeof make === 'function' ? make(f) : make]);
    expect(res.statusCode, res.body).toBe(200);
    return body?.results[0] as OpResult;
  }
  async function applied<R>(user: U, make: MakeOp): Promise<R> {
    const result = await one(user, make);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' });
    return (result as Applied).record as R;
  }
  async function refused(user: U, make: MakeOp): Promise<string> {
    const result = await one(user, make);
    expect(result, JSON.stringify(result)).toMatchObject({ status: 'rejected' });
    return (result as Rejected).reason;
  }
  const fieldTicket = (extra: TicketCreateInput = { title: 'Printer jams' }) =>
    applied<Ticket>('desk1' as U, (f) => f.createTicket({ groupId: ids.field, siteId: ids.hq, ...extra }));

  async function visibleTicket(status: TicketStatus, offset = 0): Promise<Ticket> {
    const row = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('status', '=', status)
      .where((eb) => eb.or([eb('group_id', '=', ids.field), eb('site_id', '=', ids.hq)]))
      .orderBy('number')
      .offset(offset)
      .limit(1)
      .executeTakeFirstOrThrow();
    return getTicket(s, row.id);
  }
  async function invisibleTicket(): Promise<Ticket> {
    const row = await s.db
      .selectFrom('tickets')
      .select('id')
      .where('group_id', '!=', ids.field)
      .where('site_id', '!=', ids.hq)
      .where('status', '=', 'in_progress')
      .orderBy('number')
      .limit(1)
      .executeTakeFirstOrThrow();
    return getTicket(s, row.id);
  }
  async function snapshot(): Promise<PushSnapshot> {
    return {
      rev: await s.store.currentRev(),
      tickets: await count(s, 'tickets'),
      worklogs: await count(s, 'worklogs'),
      ops: await count(s, 'sync_ops'),
      clients: await count(s, 'sync_clients'),
    };
  }

  return { tokens, ids, clients, one, applied, refused, fieldTicket, visibleTicket, invisibleTicket, snapshot };
}
