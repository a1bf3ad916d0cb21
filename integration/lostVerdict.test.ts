/**
 * A lost answer must not lose the verdict. When the server refuses an op (or records a
 * conflict on it) and that answer is lost on the way back, the client sends the op again
 * and is answered "duplicate". These tests pin what the device must still end up with: a
 * replica equal to the server (renderer/src/data/sync/reconcile.ts: a duplicate settles on
 * the last server copy, not on the local value), and the refusal recorded for the
 * technician (the duplicate answer carries the first verdict).
 */
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { TicketCreateDataSchema } from '@fielddesk/common/sync/protocol';
import { ApiError } from '@fielddesk/common/ipc/contract';
import { FieldDeskDb } from '../renderer/src/data/db';
import { SyncEngine, type SyncPlatform } from '../renderer/src/data/sync/engine';
import { InjectServerClient, injectPlatform, loginDesktop } from './support/injectPlatform';
import { patchTicketLocally } from './support/localEdits';
import { removeTempDirs, startWorld } from './support/world';

afterAll(() => removeTempDirs());

async function setup() {
  const world = await startWorld('sqlite');
  const { app } = world.server;
  const admin = new InjectServerClient(app, (await loginDesktop(app, 'admin')).token);
  const login = await loginDesktop(app, 'tech1');
  const server = new InjectServerClient(app, login.token);
  const group = await world.server.db.selectFrom('groups').select('id').where('name', '=', 'Field Support').executeTakeFirstOrThrow();
  const ticketId = crypto.randomUUID();
  const now = new Date().toISOString();
  const created = await admin.push({
    clientId: crypto.randomUUID(),
    ops: [
      {
        opId: crypto.randomUUID(),
        seq: 1,
        id: ticketId,
        clientTime: now,
        entity: 'ticket',
        kind: 'create',
        data: TicketCreateDataSchema.parse({ kind: 'incident', title: 'Label printer', description: '', priority: 3, category: '', requesterId: null, assigneeId: login.user.id, groupId: group.id, siteId: null, locationId: null }),
      },
      { opId: crypto.randomUUID(), seq: 2, id: ticketId, clientTime: now, entity: 'ticket', kind: 'patch', baseRev: 0, fields: { status: 'assigned' } },
    ],
  });
  expect(created.results.map((r) => r.status)).toEqual(['applied', 'applied']);

  let dropNextAnswer = false;
  const answers: string[] = [];
  const platform: SyncPlatform = {
    ...injectPlatform(server),
    push: async (request) => {
      const response = await server.push(request);
      answers.push(...response.results.map((r) => r.status));
      if (dropNextAnswer) {
        dropNextAnswer = false;
        throw new ApiError('offline', 'Simulated network fault: the answer was lost.');
      }
      return response;
    },
  };
  const db = new FieldDeskDb(`fielddesk-it-verdict-${crypto.randomUUID()}`);
  const engine = new SyncEngine({ db, platform, userId: login.user.id, periodicMs: 0, retryMinMs: 3_600_000 });
  expect((await engine.syncNow()).state).toBe('idle');
  return {
    world,
    admin,
    db,
    engine,
    ticketId,
    userId: login.user.id,
    answers,
    dropNextAnswer: () => {
      dropNextAnswer = true;
    },
    async close() {
      engine.stop();
      db.close();
      await db.delete();
      await world.close();
    },
  };
}

describe('a verdict whose answer was lost', () => {
  it('a refused change whose answer was lost is rolled back: the replica shows the server value', async () => {
    const t = await setup();
    try {
      // From "Assigned", "Closed" is not allowed: the server refuses this.
      await patchTicketLocally(t.db, t.userId, t.ticketId, { status: 'closed' }, new Date());
      t.dropNextAnswer();
      expect((await t.engine.syncNow()).state).toBe('offline');
      expect((await t.engine.syncNow()).state).toBe('idle');
      expect(t.answers).toEqual(['rejected', 'duplicate']);

      const server = await t.world.server.db.selectFrom('tickets').select('status').where('id', '=', t.ticketId).executeTakeFirstOrThrow();
      expect(server.status).toBe('assigned');
      expect((await t.db.tickets.get(t.ticketId))?.status, 'the replica still shows the refused status').toBe('assigned');
      expect(await t.db.shadows.count()).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('an applied change whose answer was lost stays on screen after the sync', async () => {
    const t = await setup();
    try {
      await patchTicketLocally(t.db, t.userId, t.ticketId, { title: 'Label printer at the dock' }, new Date());
      t.dropNextAnswer();
      expect((await t.engine.syncNow()).state).toBe('offline');
      expect((await t.engine.syncNow()).state).toBe('idle');
      expect(t.answers).toEqual(['applied', 'duplicate']);
      expect((await t.db.tickets.get(t.ticketId))?.title).toBe('Label printer at the dock');
    } finally {
      await t.close();
    }
  });

  // The server answers a replayed op "duplicate" with its original verdict
  // (server/src/sync/push.ts, from sync_ops.result), so when the answer carrying a refusal is
  // lost, the device still records it and the technician is told.
  it('a refusal whose answer was lost is still recorded on the device', async () => {
    const t = await setup();
    try {
      const opId = await patchTicketLocally(t.db, t.userId, t.ticketId, { status: 'closed' }, new Date());
      t.dropNextAnswer();
      await t.engine.syncNow();
      expect((await t.engine.syncNow()).state).toBe('idle');
      expect((await t.db.rejections.toArray()).map((r) => r.opId), 'the refusal is recorded on the device').toEqual([opId]);
    } finally {
      await t.close();
    }
  });

  it('control: the same refusal, answered normally, is recorded and rolled back', async () => {
    const t = await setup();
    try {
      const opId = await patchTicketLocally(t.db, t.userId, t.ticketId, { status: 'closed' }, new Date());
      expect((await t.engine.syncNow()).state).toBe('idle');
      expect(t.answers).toEqual(['rejected']);
      expect((await t.db.tickets.get(t.ticketId))?.status).toBe('assigned');
      expect((await t.db.rejections.toArray()).map((r) => r.opId)).toEqual([opId]);
    } finally {
      await t.close();
    }
  });
});
