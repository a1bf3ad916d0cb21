/**
 * Helpers for HTTP-level server tests (app.inject): signing in, building ops, and reading
 * a few rows directly.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { API, CSRF_HEADER, SESSION_COOKIE, type LoginResponse } from '@fielddesk/common/api/http';
import type { Ticket } from '@fielddesk/common/domain/entities';
import {
  ArticleCreateDataSchema,
  TaskCreateDataSchema,
  TicketCreateDataSchema,
  type ArticlePatchFields,
  type Op,
  type PushResponse,
  type TaskPatchFields,
  type TicketLinkCreateData,
  type TicketPatchFields,
} from '@fielddesk/common/sync/protocol';
import type { z } from 'zod';
import type { FieldDeskServer } from '../src/app';
import { ticketFromRow } from '../src/db/records';

export const DEMO_PASSWORD = 'fielddesk-demo';

export async function loginDesktop(app: FastifyInstance, username: string): Promise<{ token: string; body: LoginResponse }> {
  const res = await app.inject({ method: 'POST', url: API.login, payload: { username, password: DEMO_PASSWORD, client: 'desktop' } });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json<LoginResponse>();
  if (!body.token) throw new Error('desktop login returned no token');
  return { token: body.token, body };
}

export async function loginWeb(app: FastifyInstance, username: string): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await app.inject({ method: 'POST', url: API.login, payload: { username, password: DEMO_PASSWORD, client: 'web' } });
  expect(res.statusCode, res.body).toBe(200);
  const setCookie = String(res.headers['set-cookie']);
  const match = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie);
  const csrf = res.json<LoginResponse>().csrfToken;
  if (!match?.[1] || !csrf) throw new Error('web login returned no cookie or CSRF token');
  return { cookie: `${SESSION_COOKIE}=${match[1]}`, csrf, setCookie };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const webHeaders = (web: { cookie: string; csrf: string }) => ({ cookie: web.cookie, [CSRF_HEADER]: web.csrf });

export async function push(app: FastifyInstance, token: string, clientId: string, ops: Op[]) {
  const res = await app.inject({ method: 'POST', url: API.push, headers: bearer(token), payload: { clientId, ops } });
  return { res, body: res.statusCode === 200 ? res.json<PushResponse>() : null };
}

/** What a test passes to OpFactory.createTicket: the create data as a client writes it (title required). */
export type TicketCreateInput = Partial<z.input<typeof TicketCreateDataSchema>> & { title: string };

export class OpFactory {
  readonly clientId = randomUUID();
  private seq = 0;

  private base(id: string) {
    return { opId: randomUUID(), seq: ++this.seq, id, clientTime: new Date().toISOString() };
  }

  patch(id: string, baseRev: number, fields: TicketPatchFields): Op {
    return { ...this.base(id), entity: 'ticket', kind: 'patch', baseRev, fields };
  }

  /** A ticket create; fields not given take the protocol's defaults (priority 3 unless `priority: undefined` asks for the matrix). */
  createTicket(data: TicketCreateInput, id: string = randomUUID()): Op {
    return {
      ...this.base(id),
      entity: 'ticket',
      kind: 'create',
      data: TicketCreateDataSchema.parse({ kind: 'incident', priority: 3, ...data }),
    };
  }

  worklog(ticketId: string, body: string, minutes = 15, id: string = randomUUID(), visibility: 'internal' | 'public' = 'internal'): Op {
    return { ...this.base(id), entity: 'worklog', kind: 'create', data: { ticketId, body, minutes, visibility } };
  }

  /** A task create; fields not given take the protocol's defaults. */
  createTask(data: z.input<typeof TaskCreateDataSchema>, id: string = randomUUID()): Op {
    return { ...this.base(id), entity: 'task', kind: 'create', data: TaskCreateDataSchema.parse(data) };
  }

  patchTask(id: string, baseRev: number, fields: TaskPatchFields): Op {
    return { ...this.base(id), entity: 'task', kind: 'patch', baseRev, fields };
  }

  link(data: TicketLinkCreateData, id: string = randomUUID()): Op {
    return { ...this.base(id), entity: 'ticket_link', kind: 'create', data };
  }

  unlink(id: string): Op {
    return { ...this.base(id), entity: 'ticket_link', kind: 'delete' };
  }

  createArticle(data: z.input<typeof ArticleCreateDataSchema>, id: string = randomUUID()): Op {
    return { ...this.base(id), entity: 'knowledge_article', kind: 'create', data: ArticleCreateDataSchema.parse(data) };
  }

  patchArticle(id: string, baseRev: number, fields: ArticlePatchFields): Op {
    return { ...this.base(id), entity: 'knowledge_article', kind: 'patch', baseRev, fields };
  }

  /** The next op made at another time by the technician's clock (e.g. long after the fact, or in the future). */
  at<O extends Op>(op: O, clientTime: string): O {
    return { ...op, clientTime };
  }
}

export async function getTicket(server: FieldDeskServer, id: string): Promise<Ticket> {
  return ticketFromRow(await server.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

export async function personId(server: FieldDeskServer, username: string): Promise<string> {
  return (await server.db.selectFrom('persons').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
}

export async function count(server: FieldDeskServer, table: 'tickets' | 'worklogs' | 'sync_ops' | 'sync_clients' | 'sessions' | 'assets' | 'persons'): Promise<number> {
  const row = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
