/**
 * No op blocks a client's outbox (issue 11), with the renderer's real replica and sync engine
 * against the real server, on SQLite and PostgreSQL: an outbox holding an op the server
 * refuses (a NUL in a worklog, a lone surrogate in a title) and an op the server fails on
 * (the database itself refuses it: server/test/faults.ts) between good ops is emptied in one
 * sync; every good op, before and after the bad ones, is applied on the server; the bad ones
 * are recorded on the device as rejections with their reasons and leave no trace on either side.
 */
import 'fake-indexeddb/auto';
import { beforeAll, expect, it } from 'vitest';
import { FieldDeskDb } from '../renderer/src/data/db';
import { SyncEngine } from '../renderer/src/data/sync/engine';
import { createTicketRepository } from '../renderer/src/data/repositories/tickets';
import type { FieldDeskServer } from '../server/src/app';
import { OP_FAILED } from '../server/src/sync/push';
import { describeStores } from '../server/test/stores';
import { EXPLODING_TEXT, installExplodingWorklogTrigger } from '../server/test/faults';
import { InjectServerClient, injectPlatform, loginDesktop } from './support/injectPlatform';
import { patchTicketLocally } from './support/localEdits';

describeStores('integration: no op blocks the outbox', (h) => {
  let s: FieldDeskServer;
  let tech1: { token: string; id: string };

  beforeAll(async () => {
    s = await h.start(process.env.FIELDDESK_IT_LOG ? { logLevel: process.env.FIELDDESK_IT_LOG as 'error' } : {});
    await installExplodingWorklogTrigger(s);
    const login = await loginDesktop(s.app, 'tech1');
    tech1 = { token: login.token, id: login.user.id };
  });

  for (const batchSize of [undefined, 2] as const) {
    it(`a refused op and a failing op between good ones: the outbox empties and every good op is applied${batchSize ? ` (batches of ${batchSize})` : ''}`, async () => {
      const db = new FieldDeskDb(`fielddesk-it-stuck-${crypto.randomUUID()}`);
      const server = new InjectServerClient(s.app, tech1.token);
      const engine = new SyncEngine({
        db,
        platform: injectPlatform(server),
        userId: tech1.id,
        periodicMs: 0,
        retryMinMs: 3_600_000,
        debounceMs: 1,
        ...(batchSize ? { pushBatchSize: batchSize } : {}),
      });
      try {
        expect((await engine.syncNow()).state).toBe('idle');
        const ticket = (await db.tickets.toArray()).find((t) => t.status === 'in_progress' || t.status === 'assigned');
        expect(ticket, 'tech1 sees a ticket to work on').toBeDefined();
        const ticketId = ticket!.id;
        const repo = createTicketRepository({ db, userId: tech1.id });
        const tag = crypto.randomUUID().slice(0, 8);

        // Offline: good, refused (NUL), good, failing (the database refuses it), good, refused (lone surrogate), good.
        const made = [
          await repo.addWorklog(ticketId, `${tag} good 1`, 5),
          await repo.addWorklog(ticketId, `${tag} has a NUL \u0000 here`, 5),
          await repo.addWorklog(ticketId, `${tag} good 2`, 5),
          await repo.addWorklog(ticketId, EXPLODING_TEXT, 5),
          await repo.addWorklog(ticketId, `${tag} good 3`, 5),
        ];
        const badTitle = await patchTicketLocally(db, tech1.id, ticketId, { title: `Broken \ud800 title ${tag}` }, new Date());
        const last = await repo.addWorklog(ticketId, `${tag} good 4`, 5);
        const opIds = [...made, last].map((r) => (r.ok ? r.opId : ''));
        expect(opIds.every(Boolean) && badTitle).toBeTruthy();
        expect(await db.outbox.count()).toBe(7);

        const status = await engine.syncNow();

        expect(status.state, String(status.message)).toBe('idle');
        expect(await db.outbox.count()).toBe(0);
        // Every good op reached the server, in order, once.
        const serverBodies = (await s.db.selectFrom('worklogs').select('body').where('ticket_id', '=', ticketId).where('body', 'like', `${tag}%`).execute()).map((r) => r.body).sort();
        expect(serverBodies).toEqual([`${tag} good 1`, `${tag} good 2`, `${tag} good 3`, `${tag} good 4`]);
        expect(await s.db.selectFrom('worklogs').select('id').where('body', '=', EXPLODING_TEXT).execute()).toEqual([]);
        const serverTicket = await s.db.selectFrom('tickets').select('title').where('id', '=', ticketId).executeTakeFirstOrThrow();
        expect(serverTicket.title).toBe(ticket!.title);
        // The device recorded the three refusals with their reasons, and holds none of the bad records.
        const rejections = await db.rejections.toArray();
        const reasonOf = (opId: string) => rejections.find((r) => r.opId === opId)?.reason ?? '';
        expect(rejections.map((r) => r.opId).sort()).toEqual([opIds[1]!, opIds[3]!, badTitle!].sort());
        expect(reasonOf(opIds[1]!)).toMatch(/data\.body contains a NUL character/);
        expect(reasonOf(opIds[3]!)).toBe(OP_FAILED);
        expect(reasonOf(badTitle!)).toMatch(/fields\.title contains an unpaired UTF-16 surrogate/);
        const localBodies = (await db.worklogs.where('ticketId').equals(ticketId).toArray()).map((w) => w.body);
        expect(localBodies.filter((b) => b.startsWith(tag)).sort()).toEqual(serverBodies);
        expect(localBodies).not.toContain(EXPLODING_TEXT);
        expect((await db.tickets.get(ticketId))?.title).toBe(ticket!.title);
        // Nothing left to send: the next sync is quiet.
        expect((await engine.syncNow()).state).toBe('idle');
      } finally {
        engine.stop();
        db.close();
        await db.delete();
      }
    });
  }
});
