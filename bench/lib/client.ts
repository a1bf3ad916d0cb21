/**
 * A minimal desktop-style sync client for Node: signs in with {client: 'desktop'} and
 * sends the bearer token, like main's transport does. Used over HTTP (fetch to 127.0.0.1)
 * by the 50-client load, and through app.inject for the server-side metrics.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { API, type LoginResponse } from '@fielddesk/common/api/http';
import type { Ticket } from '@fielddesk/common/domain/entities';
import type { Op, PullResponse, PushResponse, TicketPatchFields } from '@fielddesk/common/sync/protocol';

export const DEMO_PASSWORD = 'fielddesk-demo';

/** One request/answer exchange, over HTTP or app.inject. */
export interface Transport {
  request(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<{ status: number; text: string }>;
}

export function httpTransport(baseUrl: string): Transport {
  return {
    async request(method, url, token, body) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, text: await response.text() };
    },
  };
}

export function injectTransport(app: FastifyInstance): Transport {
  return {
    async request(method, url, token, body) {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.statusCode, text: response.body };
    },
  };
}

function answer<T>(what: string, r: { status: number; text: string }): T {
  if (r.status !== 200) throw new Error(`${what} answered HTTP ${r.status}: ${r.text.slice(0, 300)}`);
  return JSON.parse(r.text) as T;
}

export async function login(t: Transport, username: string): Promise<{ token: string; userId: string }> {
  const body = answer<LoginResponse>(
    `Sign-in of ${username}`,
    await t.request('POST', API.login, null, { username, password: DEMO_PASSWORD, client: 'desktop' }),
  );
  if (!body.token) throw new Error(`Sign-in of ${username} gave no token.`);
  return { token: body.token, userId: body.user.id };
}

export async function push(t: Transport, token: string, clientId: string, ops: Op[]): Promise<PushResponse> {
  return (await timedPush(t, token, clientId, ops)).body;
}

export async function pull(t: Transport, token: string, cursor: string, limit: number): Promise<PullResponse> {
  return (await timedPull(t, token, cursor, limit)).body;
}

/** A push, with the time until the answer arrived (the client's JSON.stringify/parse excluded). */
export async function timedPush(t: Transport, token: string, clientId: string, ops: Op[]): Promise<{ body: PushResponse; ms: number }> {
  const started = performance.now();
  const raw = await t.request('POST', API.push, token, { clientId, ops });
  const ms = performance.now() - started;
  return { body: answer<PushResponse>('The push', raw), ms };
}

/** A pull, with the time until the answer arrived (the client's JSON.parse excluded). */
export async function timedPull(t: Transport, token: string, cursor: string, limit: number): Promise<{ body: PullResponse; ms: number }> {
  const q = new URLSearchParams({ cursor, limit: String(limit) });
  const started = performance.now();
  const raw = await t.request('GET', `${API.pull}?${q.toString()}`, token);
  const ms = performance.now() - started;
  return { body: answer<PullResponse>('The pull', raw), ms };
}

/**
 * Makes valid ticket patches, keeping each ticket's last known rev and status so every
 * patch has the right baseRev and a permitted transition (assigned <-> in_progress, both
 * allowed for an assigned ticket), plus priority and title changes.
 */
export class PatchMaker {
  private seq = 0;
  private round = 0;
  readonly clientId = randomUUID();
  private readonly state = new Map<string, { rev: number; status: Ticket['status'] }>();

  constructor(tickets: { id: string; rev: number; status: Ticket['status'] }[]) {
    for (const t of tickets) this.state.set(t.id, { rev: t.rev, status: t.status });
  }

  get ticketIds(): string[] {
    return [...this.state.keys()];
  }

  /** `count` patches on distinct tickets starting at `offset` (wrapping around). */
  batch(count: number, offset: number): Op[] {
    const ids = this.ticketIds;
    if (count > ids.length) throw new Error(`A batch of ${count} patches needs ${count} tickets; only ${ids.length} were given.`);
    this.round++;
    const ops: Op[] = [];
    const clientTime = new Date().toISOString();
    for (let k = 0; k < count; k++) {
      const id = ids[(offset + k) % ids.length] as string;
      const s = this.state.get(id) as { rev: number; status: Ticket['status'] };
      let fields: TicketPatchFields;
      const kind = (this.round + k) % 3;
      if (kind === 0) fields = { status: s.status === 'assigned' ? 'in_progress' : 'assigned' };
      else if (kind === 1) fields = { priority: ((this.round + k) % 5) + 1 } as TicketPatchFields;
      else fields = { title: `Benchmark ticket ${k}: checked on round ${this.round}` };
      ops.push({ opId: randomUUID(), seq: ++this.seq, entity: 'ticket', kind: 'patch', id, baseRev: s.rev, fields, clientTime });
    }
    return ops;
  }

  /** Takes the server's answers into account (new revs and statuses). Returns counts by status. */
  settle(ops: Op[], response: PushResponse): Record<string, number> & { firstProblem?: string } {
    const counts: Record<string, number> & { firstProblem?: string } = {};
    response.results.forEach((result, i) => {
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      const op = ops[i];
      if (!op) return;
      if (result.status === 'applied' || result.status === 'conflict') {
        const record = (result.status === 'applied' ? result.record : result.server) as Ticket;
        this.state.set(op.id, { rev: record.rev, status: record.status });
      } else if (result.status === 'rejected' && !counts.firstProblem) {
        counts.firstProblem = result.reason;
      }
    });
    return counts;
  }
}
