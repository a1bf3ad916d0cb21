/**
 * One simulated day: several replicas (the renderer's real Dexie database, repositories
 * and SyncEngine, on fake-indexeddb) of technicians and desk staff sharing tickets on one
 * real FieldDesk server, through a FaultyNetwork. A scenario is a list of commands (local
 * edits, sync, going offline/online, delivering held or late pushes); `finish` brings
 * everyone online without faults and syncs until nothing changes; `verify` then checks
 * that every replica equals the server and that every op is accounted for.
 */
import { expect } from 'vitest';
import type { Ticket, Worklog } from '@fielddesk/common/domain/entities';
import { TICKET_STATUSES, type TicketStatus } from '@fielddesk/common/itsm/lifecycle';
import { TicketCreateDataSchema, type Change, type Op, type OpInput, type OpResult } from '@fielddesk/common/sync/protocol';
import { FieldDeskDb } from '../../renderer/src/data/db';
import { getMeta } from '../../renderer/src/data/meta';
import { createConflictRepository, type ConflictRepository } from '../../renderer/src/data/repositories/conflicts';
import { createTicketRepository, type TicketRepository } from '../../renderer/src/data/repositories/tickets';
import { SyncEngine } from '../../renderer/src/data/sync/engine';
import type { FieldDeskServer } from '../../server/src/app';
import { InjectServerClient, loginDesktop, type Login } from './injectPlatform';
import { patchTicketLocally } from './localEdits';
import { FaultyNetwork, NO_FAULTS, type FaultRates, type NetClient } from './network';
import { createRng } from './rng';

export type Command =
  | { t: 'status'; c: number; k: number; to: TicketStatus }
  | { t: 'rawStatus'; c: number; k: number; to: TicketStatus }
  | { t: 'text'; c: number; k: number; field: 'title' | 'description'; value: string }
  | { t: 'worklog'; c: number; k: number; body: string; minutes: number }
  | { t: 'create'; c: number; title: string }
  /** The desk (admin, straight to the server) moves a ticket to the other support group: it leaves or enters technicians' scope. */
  | { t: 'move'; k: number }
  | { t: 'resolve'; c: number; pick: number; choice: 'mine' | 'server' | 'edited'; value: string }
  | { t: 'sync'; c: number }
  | { t: 'offline'; c: number }
  | { t: 'online'; c: number }
  | { t: 'deliver'; pick: number }
  | { t: 'stale'; pick: number };

export interface Scenario {
  /** The username of each replica (3 to 5; the same user may appear twice: two devices). */
  users: string[];
  tickets: number;
  faultSeed: number;
  pushBatchSize: number;
  pullLimit: number;
  commands: Command[];
}

/** Who the replicas belong to: tech1 on two devices, two more technicians, a desk agent. */
export const CLIENT_USERS = ['tech1', 'tech1', 'tech2', 'tech4', 'desk1'] as const;

export interface SimClient {
  index: number;
  login: Login;
  net: NetClient;
  db: FieldDeskDb;
  engine: SyncEngine;
  repo: TicketRepository;
  conflicts: ConflictRepository;
  clientId: string;
  run: Promise<unknown> | null;
  /** opIds of every op this replica put in its outbox. */
  created: Set<string>;
}

let dbCounter = 0;

export class Simulation {
  readonly network: FaultyNetwork;
  readonly clients: SimClient[] = [];
  ticketIds: string[] = [];
  private groupId = '';
  /** tech4: a member of both support groups, who can hold a ticket of either. */
  private bothGroupsId = '';
  private otherGroupId = '';
  private tech1Id = '';
  private admin!: InjectServerClient;
  private adminSeq = 0;
  private readonly adminClientId = crypto.randomUUID();
  readonly stats = { commands: 0, localOps: 0, refusedLocally: 0, conflictsSettled: 0, moves: 0 };

  constructor(
    readonly server: FieldDeskServer,
    readonly scenario: Scenario,
    private readonly faults: FaultRates,
  ) {
    this.network = new FaultyNetwork(createRng(scenario.faultSeed), NO_FAULTS);
  }

  private async adminPush(ops: OpInput[]): Promise<OpResult[]> {
    const response = await this.admin.push({ clientId: this.adminClientId, ops: ops.map((op) => ({ ...op, seq: ++this.adminSeq }) as Op) });
    return response.results;
  }

  /** Creates the shared tickets (Field Support, assigned to tech1) and the replicas, and syncs each once. */
  async setup(): Promise<void> {
    const { server, scenario } = this;
    this.admin = new InjectServerClient(server.app, (await loginDesktop(server.app, 'admin')).token);
    const group = await server.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow();
    const tech1 = await server.db.selectFrom('persons').select('id').where('username', '=', 'tech1').executeTakeFirstOrThrow();
    this.groupId = group.id;
    this.otherGroupId = (await server.db.selectFrom('groups').select('id').where('name', '=', 'Service Desk').executeTakeFirstOrThrow()).id;
    this.tech1Id = tech1.id;
    this.bothGroupsId = (await server.db.selectFrom('persons').select('id').where('username', '=', 'tech4').executeTakeFirstOrThrow()).id;
    const now = new Date().toISOString();
    for (let k = 0; k < scenario.tickets; k++) {
      const id = crypto.randomUUID();
      const [created, assigned] = await this.adminPush([
        {
          opId: crypto.randomUUID(),
          entity: 'ticket',
          kind: 'create',
          id,
          clientTime: now,
          data: TicketCreateDataSchema.parse({
            kind: 'incident',
            title: `Shared ticket ${k}`,
            description: `Printer ${k} jams`,
            priority: 3,
            category: 'hardware',
            assigneeId: tech1.id,
            groupId: group.id,
          }),
        },
        { opId: crypto.randomUUID(), entity: 'ticket', kind: 'patch', id, baseRev: 0, clientTime: now, fields: { status: 'assigned' } },
      ]);
      expect(created?.status, JSON.stringify(created)).toBe('applied');
      expect(assigned?.status, JSON.stringify(assigned)).toBe('applied');
      this.ticketIds.push(id);
    }

    for (const [index, username] of scenario.users.entries()) {
      const login = await loginDesktop(server.app, username);
      const net: NetClient = { name: `${username}#${index}`, server: new InjectServerClient(server.app, login.token), online: true };
      const db = new FieldDeskDb(`fielddesk-it-${process.pid}-${++dbCounter}`);
      const engine = new SyncEngine({
        db,
        platform: this.network.platformFor(net),
        userId: login.user.id,
        pushBatchSize: scenario.pushBatchSize,
        pullLimit: scenario.pullLimit,
        periodicMs: 0,
        retryMinMs: 3_600_000,
        debounceMs: 1,
        random: () => 0.5,
      });
      const client: SimClient = {
        index,
        login,
        net,
        db,
        engine,
        repo: createTicketRepository({ db, userId: login.user.id }),
        conflicts: createConflictRepository({ db, userId: login.user.id }),
        clientId: '',
        run: null,
        created: new Set(),
      };
      // The first download in big pages, by a fault-free engine on the same replica; the run's
      // engine then pulls in the scenario's (small) pages.
      const first = new SyncEngine({ db, platform: this.network.platformFor(net), userId: login.user.id, pullLimit: 5000, periodicMs: 0, retryMinMs: 3_600_000 });
      const status = await first.syncNow();
      first.stop();
      expect(status.state, `${net.name}: ${status.message}`).toBe('idle');
      this.clients.push(client);
    }
    this.network.rates = this.faults;
  }

  private kick(client: SimClient): void {
    const p = client.engine.syncNow();
    if (client.run !== p) {
      client.run = p;
      void p.then(() => {
        if (client.run === p) client.run = null;
      });
    }
  }

  /** Waits until the client's engine is idle or waiting for a push held on the wire. */
  private async settle(client: SimClient): Promise<void> {
    if (!client.run || this.network.hasHeld(client.net)) return;
    await Promise.race([client.run, this.network.nextHeld(client.net)]);
  }

  private record(client: SimClient, result: { ok: true; opId: string } | { ok: false } | string | null): void {
    const opId = typeof result === 'string' ? result : result && result.ok ? result.opId : null;
    if (opId) {
      client.created.add(opId);
      this.stats.localOps++;
    } else {
      this.stats.refusedLocally++;
    }
  }

  async run(command: Command): Promise<void> {
    this.stats.commands++;
    const client = 'c' in command ? this.clients[command.c % this.clients.length] : undefined;
    const ticketId = 'k' in command ? this.ticketIds[command.k % this.ticketIds.length] : undefined;
    switch (command.t) {
      case 'status': {
        if (!client || !ticketId) return;
        const details = { onHoldReason: 'Waiting for a spare part', resolutionNotes: 'Replaced the fuser unit', resolutionCode: 'fixed' };
        this.record(client, await client.repo.changeTicketStatus(ticketId, command.to, details));
        return;
      }
      case 'rawStatus': {
        if (!client || !ticketId) return;
        this.record(client, await patchTicketLocally(client.db, client.login.user.id, ticketId, { status: command.to }, new Date()));
        return;
      }
      case 'text': {
        if (!client || !ticketId) return;
        this.record(client, await patchTicketLocally(client.db, client.login.user.id, ticketId, { [command.field]: command.value }, new Date()));
        return;
      }
      case 'worklog': {
        if (!client || !ticketId) return;
        this.record(client, await client.repo.addWorklog(ticketId, command.body, command.minutes));
        return;
      }
      case 'create': {
        if (!client) return;
        const result = await client.repo.createTicket({ kind: 'incident', title: command.title, groupId: this.groupId, assigneeId: this.tech1Id });
        this.record(client, result);
        // Other replicas find it once they pulled it; until then their edits of it are refused locally.
        if (result.ok) this.ticketIds.push(result.id);
        return;
      }
      case 'resolve': {
        if (!client) return;
        const open = (await client.db.fieldConflicts.toArray()).filter((f) => !f.resolved).sort((a, b) => a.id.localeCompare(b.id));
        const conflict = open[Math.floor(command.pick * open.length)];
        if (!conflict) return;
        const result =
          command.choice === 'mine'
            ? await client.conflicts.keepMine(conflict.id)
            : command.choice === 'server'
              ? await client.conflicts.takeServer(conflict.id)
              : await client.conflicts.saveEdited(conflict.id, command.value);
        if (result.ok && result.opId) this.record(client, result.opId);
        this.stats.conflictsSettled += result.ok ? 1 : 0;
        return;
      }
      case 'move': {
        if (!ticketId) return;
        const row = await this.server.db.selectFrom('tickets').select(['rev', 'group_id']).where('id', '=', ticketId).executeTakeFirst();
        if (!row) return; // raised offline, not on the server yet
        const groupId = row.group_id === this.groupId ? this.otherGroupId : this.groupId;
        // An assignee must be a member of the ticket's group (checkAssignee), so the desk hands the
        // ticket to tech4, who is in both groups, as it moves it.
        const fields = { groupId, assigneeId: this.bothGroupsId };
        const [result] = await this.adminPush([
          { opId: crypto.randomUUID(), entity: 'ticket', kind: 'patch', id: ticketId, baseRev: Number(row.rev), clientTime: new Date().toISOString(), fields },
        ]);
        expect(result?.status, JSON.stringify(result)).toBe('applied');
        this.stats.moves++;
        return;
      }
      case 'sync':
        if (!client) return;
        this.kick(client);
        await this.settle(client);
        return;
      case 'offline':
        if (client) client.net.online = false;
        return;
      case 'online':
        if (client) client.net.online = true;
        return;
      case 'deliver': {
        const target = await this.network.deliverHeld(command.pick);
        const sim = this.clients.find((c) => c.net === target);
        if (sim) await this.settle(sim);
        return;
      }
      case 'stale':
        await this.network.flushStale(command.pick);
        return;
    }
  }

  private async serverRev(): Promise<number> {
    return this.server.store.currentRev();
  }

  /** Everyone online, no more faults, everything on the wire delivered; sync until nothing changes. */
  async finish(): Promise<void> {
    this.network.rates = NO_FAULTS;
    for (const c of this.clients) c.net.online = true;
    await this.network.drain();
    for (const c of this.clients) await c.run;
    for (let round = 0; ; round++) {
      if (round >= 10) throw new Error('the replicas did not become quiescent within 10 sync rounds');
      const before = await this.serverRev();
      for (const c of this.clients) {
        const status = await c.engine.syncNow();
        expect(status.state, `${c.net.name}: ${status.message}`).toBe('idle');
      }
      const pending = await Promise.all(this.clients.map((c) => c.db.outbox.count()));
      if ((await this.serverRev()) === before && pending.every((n) => n === 0)) return;
    }
  }

  /**
   * The technicians settle every conflict their devices recorded (keep mine, edit, take the
   * server's, in turn; the server's when the other choice is refused), then everyone syncs
   * to quiescence again: the choices travel like any other change. Two people settling the
   * same clash differently at once clash again; in the next round they take the server's.
   */
  async settleConflictsAndFinish(): Promise<void> {
    const choices = ['mine', 'edited', 'server'] as const;
    for (let round = 0; round < 3; round++) {
      let settled = 0;
      for (const c of this.clients) {
        const open = (await c.db.fieldConflicts.toArray()).filter((f) => !f.resolved).sort((a, b) => a.id.localeCompare(b.id));
        for (const [i, conflict] of open.entries()) {
          const choice = round === 0 ? choices[i % choices.length] : 'server';
          let result =
            choice === 'mine'
              ? await c.conflicts.keepMine(conflict.id)
              : choice === 'edited'
                ? await c.conflicts.saveEdited(conflict.id, typeof conflict.local === 'string' ? `${conflict.local} (settled)` : conflict.local)
                : await c.conflicts.takeServer(conflict.id);
          if (!result.ok) result = await c.conflicts.takeServer(conflict.id);
          expect(result.ok, `${c.net.name}: settling conflict ${conflict.id}: ${result.ok ? '' : result.reason}`).toBe(true);
          if (result.ok && result.opId) this.record(c, result.opId);
          this.stats.conflictsSettled++;
          settled++;
        }
      }
      await this.finish();
      if (settled === 0) break;
    }
    for (const c of this.clients) {
      const open = (await c.db.fieldConflicts.toArray()).filter((f) => !f.resolved);
      expect(open, `${c.net.name}: conflicts still open after settling them`).toEqual([]);
    }
  }

  async close(): Promise<void> {
    for (const c of this.clients) {
      c.engine.stop();
      c.db.close();
      await c.db.delete().catch(() => undefined);
    }
  }
}

/** Everything the user may see, pulled from cursor 0 with the user's own token. */
export async function pullAll(client: InjectServerClient): Promise<Change[]> {
  const changes: Change[] = [];
  let cursor = '0';
  for (;;) {
    const page = await client.pull({ cursor, limit: 5000 });
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return changes;
  }
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

export interface Accounting {
  opsCreated: number;
  applied: number;
  conflicts: number;
  rejected: number;
  /** Ops whose first answer was a conflict or rejection, but whose client only ever heard "duplicate". */
  verdictsNotHeard: { opId: string; status: string; client: string }[];
}

/** Checks the end state; throws (via expect) with a message naming what differs. */
export async function verify(sim: Simulation): Promise<Accounting> {
  const { server, network } = sim;
  const acc: Accounting = { opsCreated: 0, applied: 0, conflicts: 0, rejected: 0, verdictsNotHeard: [] };

  for (const c of sim.clients) {
    const name = c.net.name;
    // 1. Nothing left behind on the device.
    expect(await c.db.outbox.count(), `${name}: outbox not empty`).toBe(0);
    expect(await c.db.shadows.count(), `${name}: shadows left without pending ops`).toBe(0);

    // 2. The replica equals what the server holds for this user.
    const serverSide = await pullAll(c.net.server);
    const puts = serverSide.filter((ch): ch is Extract<Change, { op: 'put' }> => ch.op === 'put');
    const serverTickets = puts.filter((ch) => ch.entity === 'ticket').map((ch) => ch.data as Ticket).sort(byId);
    const serverWorklogs = puts.filter((ch) => ch.entity === 'worklog').map((ch) => ch.data as Worklog).sort(byId);
    expect((await c.db.tickets.toArray()).sort(byId), `${name}: tickets differ from the server's`).toEqual(serverTickets);
    expect((await c.db.worklogs.toArray()).sort(byId), `${name}: worklogs differ from the server's`).toEqual(serverWorklogs);

    // 3. Every op this replica made is accounted for, exactly once on the server.
    c.clientId = (await getMeta(c.db, 'clientId')) ?? '(no client id: never pushed)';
    const rows = await server.db.selectFrom('sync_ops').select(['op_id', 'status', 'result']).where('client_id', '=', c.clientId).execute();
    const rowsByOp = new Map<string, (typeof rows)[number][]>();
    for (const row of rows) rowsByOp.set(row.op_id, [...(rowsByOp.get(row.op_id) ?? []), row]);
    expect(new Set(rowsByOp.keys()), `${name}: the server holds ops this replica never made, or misses some`).toEqual(c.created);
    const conflictOps = new Set((await c.db.fieldConflicts.toArray()).map((e) => e.opId));
    const rejectionOps = new Set((await c.db.rejections.toArray()).map((e) => e.opId));

    for (const opId of c.created) {
      acc.opsCreated++;
      const stored = rowsByOp.get(opId) ?? [];
      expect(stored.length, `${name}: op ${opId} is stored ${stored.length} times on the server`).toBe(1);
      const row = stored[0]!;
      const answers = network.serverAnswers.get(opId) ?? [];
      const [first, ...later] = answers;
      expect(first, `${name}: op ${opId} was never answered by the server`).toBeDefined();
      expect(first!.status, `${name}: op ${opId}'s first answer`).not.toBe('duplicate');
      expect(
        later.map((a) => a.status),
        `${name}: op ${opId} was applied more than once`,
      ).toEqual(later.map(() => 'duplicate'));
      expect(row.status, `${name}: op ${opId}'s stored status`).toBe(first!.status);
      if (first!.status === 'rejected') {
        expect(first!.reason.trim(), `${name}: op ${opId} rejected without a reason`).not.toBe('');
        acc.rejected++;
      } else if (first!.status === 'conflict') {
        expect(first!.fields.length, `${name}: conflict on op ${opId} names no field`).toBeGreaterThan(0);
        acc.conflicts++;
      } else {
        acc.applied++;
      }

      const heard = network.clientAnswers.get(opId) ?? [];
      expect(heard.length, `${name}: the replica never received an answer for op ${opId}`).toBeGreaterThan(0);
      if (heard.some((a) => a.status === 'conflict')) expect(conflictOps.has(opId), `${name}: conflict on ${opId} not recorded`).toBe(true);
      if (heard.some((a) => a.status === 'rejected')) expect(rejectionOps.has(opId), `${name}: rejection of ${opId} not recorded`).toBe(true);
      if ((first!.status === 'conflict' || first!.status === 'rejected') && heard.every((a) => a.status === 'duplicate')) {
        acc.verdictsNotHeard.push({ opId, status: first!.status, client: name });
      }
    }
  }

  // 4. The server's worklogs are exactly the applied worklog ops (nothing applied twice).
  const worklogs = await server.db.selectFrom('worklogs').select(['id', 'ticket_id']).where('ticket_id', 'in', sim.ticketIds).execute();
  const appliedWorklogOps = await server.db
    .selectFrom('sync_ops')
    .select('op_id')
    .where('client_id', 'in', sim.clients.map((c) => c.clientId))
    .where('status', '=', 'applied')
    .execute();
  const worklogIds = new Set(worklogs.map((w) => w.id));
  expect(worklogIds.size, 'worklog ids are unique').toBe(worklogs.length);
  const appliedWorklogs = [...network.serverAnswers.values()]
    .map((answers) => answers[0])
    .filter((a): a is Extract<OpResult, { status: 'applied' }> => a?.status === 'applied' && 'ticketId' in a.record && !('status' in a.record));
  expect(new Set(appliedWorklogs.map((a) => a.record.id)), 'server worklogs = applied worklog ops').toEqual(worklogIds);
  expect(appliedWorklogOps.length).toBeGreaterThanOrEqual(appliedWorklogs.length);
  return acc;
}

export { TICKET_STATUSES };
