/**
 * The configuration items a change affects, through push and pull on SQLite and PostgreSQL: a
 * technician links a change of their horizon to a CI of their site, refused in the app's words
 * for a change or a CI they cannot see and for the same CI twice; a removal leaves a tombstone.
 * Pulled with both ends: a technician gets the links of the changes they get on the CIs they get
 * (not another site's), and loses a link when its CI leaves their site or its change drifts out of
 * the window; a CI that comes to their site brings its links to the changes they see only.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import type { ChangeCi } from '@fielddesk/common/entities/change-ci';
import type { Change, Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { bearer } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type User = 'tech1' | 'tech2' | 'desk1' | 'admin';
const DAY = 86_400_000;

/** A replica as a client keeps it: the records pulled, by entity, and the cursor. */
class Replica {
  readonly records = new Map<string, Map<string, unknown>>();
  cursor = '0';

  apply(page: PullResponse): void {
    if (page.reset) this.records.clear();
    for (const c of page.changes) {
      const table = this.records.get(c.entity) ?? new Map<string, unknown>();
      this.records.set(c.entity, table);
      if (c.op === 'put') table.set(c.id, c.data);
      else table.delete(c.id);
    }
    this.cursor = page.cursor;
  }

  has(entity: string, id: string): boolean {
    return this.records.get(entity)?.has(id) ?? false;
  }
}

describeStores('sync: change_ci', (h) => {
  let s: FieldDeskServer;
  let clock = Date.now();
  let world: PushWorld<User>;
  let seq = 0;
  /** CIs at tech1's site (HQ) and at DC (tech2's). */
  let hq: { id: string; name: string }[];
  let dc: { id: string; name: string }[];
  let hqSite: string;
  let dcSite: string;
  /** Changes whose window touches the next 90 days (every technician gets them), soonest first; one long past. */
  let upcoming: { id: string; number: string }[];
  let past: string;

  beforeAll(async () => {
    s = await h.start({ now: () => clock, sessionTtlHours: 24 * 365 });
    world = await pushWorld(s, ['tech1', 'tech2', 'desk1', 'admin'], { sharedClient: true });
    hqSite = world.ids.hq;
    dcSite = world.ids.dc;
    expect((await s.db.selectFrom('persons').select('site_id').where('username', '=', 'tech1').executeTakeFirstOrThrow()).site_id).toBe(hqSite);
    expect((await s.db.selectFrom('persons').select('site_id').where('username', '=', 'tech2').executeTakeFirstOrThrow()).site_id).toBe(dcSite);
    const cis = (siteId: string) => s.db.selectFrom('configuration_items').select(['id', 'name']).where('site_id', '=', siteId).orderBy('name').limit(3).execute();
    hq = await cis(hqSite);
    dc = await cis(dcSite);
    const now = new Date(clock).toISOString();
    const later = new Date(clock + 80 * DAY).toISOString();
    upcoming = (await s.db.selectFrom('changes').select(['id', 'number']).where('window_start', '>', now).where('window_start', '<', later).orderBy('window_start').execute()).map((c) => ({
      id: c.id,
      number: c.number!,
    }));
    expect(upcoming.length).toBeGreaterThan(3);
    past = (await s.db.selectFrom('changes').select('id').where('window_end', '<', new Date(clock - 5 * DAY).toISOString()).orderBy('window_end').executeTakeFirstOrThrow()).id;
    // The demo links every change to a CI or more (seed/demo-change-cis.ts); left out here: these tests count their own.
    const demo = await s.db.selectFrom('change_cis').select('change_id').execute();
    expect(new Set(demo.map((l) => l.change_id)).size).toBe(Number((await s.db.selectFrom('changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
    await s.store.write(async (tx) => {
      await tx.db.deleteFrom('change_cis').execute();
    });
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date(clock).toISOString() });
  const link = (changeId: string, configurationItemId: string, id: string = randomUUID()): Op => ({ ...base(id), entity: 'change_ci', kind: 'create', data: { changeId, configurationItemId } });
  const unlink = (id: string): Op => ({ ...base(id), entity: 'change_ci', kind: 'delete' });

  async function sync(replica: Replica, user: User): Promise<Change[]> {
    const changes: Change[] = [];
    for (let i = 0; i < 100; i++) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${replica.cursor}&limit=5000`, headers: bearer(world.tokens[user]) });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<PullResponse>();
      replica.apply(page);
      changes.push(...page.changes);
      if (!page.hasMore) return changes;
    }
    throw new Error('pull never finished');
  }
  async function moveCi(id: string, siteId: string): Promise<void> {
    await s.store.write(async (tx) => {
      await tx.db.updateTable('configuration_items').set({ site_id: siteId, rev: await tx.nextRev() }).where('id', '=', id).execute();
    });
  }

  it('links a change of the technician\'s horizon to a CI of their site, as the server records it', async () => {
    const made = await world.applied<ChangeCi>('tech1', link(upcoming[0]!.id, hq[0]!.id));
    expect(made).toMatchObject({ changeId: upcoming[0]!.id, configurationItemId: hq[0]!.id, addedById: world.ids.tech1 });
    expect(made.rev).toBeGreaterThan(0);
    const row = await s.db.selectFrom('change_cis').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ change_id: upcoming[0]!.id, configuration_item_id: hq[0]!.id, added_by_id: world.ids.tech1 });
    const tech1 = new Replica();
    await sync(tech1, 'tech1');
    expect(tech1.records.get('change_ci')?.get(made.id)).toEqual(made);
  });

  it('refuses a change or a CI the technician cannot see, and the same CI twice, in the app\'s words', async () => {
    expect(await world.refused('tech1', link(randomUUID(), hq[1]!.id))).toBe('The change does not exist or is not visible to you.');
    // A change long past is outside a technician's horizon: to them it is not there.
    expect(await world.refused('tech1', link(past, hq[1]!.id))).toBe('The change does not exist or is not visible to you.');
    expect(await world.refused('tech1', link(upcoming[0]!.id, dc[0]!.id))).toBe('The configuration item does not exist or is not visible to you.');
    expect(await world.refused('tech1', link(upcoming[0]!.id, randomUUID()))).toBe('The configuration item does not exist or is not visible to you.');
    expect(await world.refused('desk1', link(upcoming[0]!.id, hq[0]!.id))).toBe(`${upcoming[0]!.number} already affects ${hq[0]!.name}.`);
    // Desk staff see every change and every CI.
    await world.applied('desk1', link(past, dc[0]!.id));
    expect(await s.db.selectFrom('change_cis').select('id').where('change_id', '=', upcoming[0]!.id).where('configuration_item_id', '=', hq[0]!.id).execute()).toHaveLength(1);
  });

  it('a technician pulls the links of their changes on their site\'s CIs only; desk staff pull them all', async () => {
    const change = upcoming[1]!.id;
    const onHq = await world.applied<ChangeCi>('admin', link(change, hq[1]!.id));
    const onDc = await world.applied<ChangeCi>('admin', link(change, dc[1]!.id));
    const onPastHq = await world.applied<ChangeCi>('admin', link(past, hq[1]!.id));
    const tech1 = new Replica();
    const tech2 = new Replica();
    const desk1 = new Replica();
    await sync(tech1, 'tech1');
    await sync(tech2, 'tech2');
    await sync(desk1, 'desk1');
    // Both technicians get the change itself; each only the link on their own site's CI.
    expect(tech1.has('change', change) && tech2.has('change', change)).toBe(true);
    expect([tech1.has('change_ci', onHq.id), tech1.has('change_ci', onDc.id)]).toEqual([true, false]);
    expect([tech2.has('change_ci', onHq.id), tech2.has('change_ci', onDc.id)]).toEqual([false, true]);
    // A change outside the horizon brings no link, though its CI is theirs.
    expect(tech1.has('change', past)).toBe(false);
    expect(tech1.has('change_ci', onPastHq.id)).toBe(false);
    for (const l of [onHq, onDc, onPastHq]) expect(desk1.has('change_ci', l.id)).toBe(true);
  });

  it('a link follows its CI to another site, but only to those who see its change', async () => {
    const ci = hq[2]!;
    const onUpcoming = await world.applied<ChangeCi>('admin', link(upcoming[2]!.id, ci.id));
    const onPast = await world.applied<ChangeCi>('admin', link(past, ci.id));
    const tech1 = new Replica();
    const tech2 = new Replica();
    await sync(tech1, 'tech1');
    await sync(tech2, 'tech2');
    expect(tech1.has('change_ci', onUpcoming.id)).toBe(true);
    expect(tech2.has('change_ci', onUpcoming.id)).toBe(false);

    // The CI moves to DC: gone from tech1 with its link; tech2 gets it with the link of the change
    // they see, and not the past change's (whose change they do not have).
    await moveCi(ci.id, dcSite);
    const toTech1 = await sync(tech1, 'tech1');
    expect(toTech1).toContainEqual(expect.objectContaining({ entity: 'change_ci', id: onUpcoming.id, op: 'delete' }));
    expect(tech1.has('change_ci', onUpcoming.id)).toBe(false);
    const toTech2 = await sync(tech2, 'tech2');
    expect(tech2.has('configuration_item', ci.id)).toBe(true);
    expect(tech2.has('change_ci', onUpcoming.id)).toBe(true);
    expect(tech2.has('change_ci', onPast.id)).toBe(false);
    expect(toTech2.some((c) => c.id === onPast.id)).toBe(false);

    // Back home: the link comes back to tech1 and leaves tech2.
    await moveCi(ci.id, hqSite);
    await sync(tech1, 'tech1');
    await sync(tech2, 'tech2');
    expect(tech1.has('change_ci', onUpcoming.id)).toBe(true);
    expect(tech1.has('change_ci', onPast.id)).toBe(false);
    expect(tech2.has('change_ci', onUpcoming.id)).toBe(false);
    // A technician who does not see a link cannot remove it (to them it is not there).
    expect(await world.refused('tech2', unlink(onUpcoming.id))).toBe('That configuration item is not linked to the change, or is not visible to you.');
  });

  it('removes a link with a tombstone every replica that has it pulls; a second removal is a duplicate', async () => {
    const made = await world.applied<ChangeCi>('tech1', link(upcoming[3]!.id, hq[0]!.id));
    const tech1 = new Replica();
    await sync(tech1, 'tech1');
    expect(tech1.has('change_ci', made.id)).toBe(true);
    const gone = await world.applied<ChangeCi>('tech1', unlink(made.id));
    expect(gone.rev).toBeGreaterThan(made.rev);
    expect(await sync(tech1, 'tech1')).toContainEqual({ entity: 'change_ci', id: made.id, rev: gone.rev, op: 'delete' });
    expect(tech1.has('change_ci', made.id)).toBe(false);
    expect(await world.one('tech1', unlink(made.id))).toMatchObject({ status: 'duplicate', original: { status: 'applied', rev: gone.rev } });
    expect(await world.refused('tech1', link(upcoming[3]!.id, hq[0]!.id, made.id))).toBe('This configuration item was removed from the change; add it again to restore it.');
    // Linked again under a new id, it is a new link.
    await world.applied('tech1', link(upcoming[3]!.id, hq[0]!.id));
  });

  it('a link leaves a technician\'s replica when its change drifts out of the window, without a reset', async () => {
    const soon = upcoming[0]!.id;
    const made = await world.applied<ChangeCi>('admin', link(soon, hq[1]!.id));
    const tech1 = new Replica();
    await sync(tech1, 'tech1');
    expect(tech1.has('change_ci', made.id)).toBe(true);
    const end = (await s.db.selectFrom('changes').select('window_end').where('id', '=', soon).executeTakeFirstOrThrow()).window_end;
    const saved = clock;
    clock = Date.parse(end) + 3 * DAY;
    try {
      const changes = await sync(tech1, 'tech1');
      expect(changes).toContainEqual(expect.objectContaining({ entity: 'change', id: soon, op: 'delete' }));
      expect(changes).toContainEqual(expect.objectContaining({ entity: 'change_ci', id: made.id, op: 'delete' }));
      expect(tech1.has('change_ci', made.id)).toBe(false);
      expect(tech1.has('configuration_item', hq[1]!.id)).toBe(true);
    } finally {
      clock = saved;
    }
  });
});
