/**
 * CI relationships through push and pull, on SQLite and PostgreSQL: created between CIs the
 * viewer sees, refused with a reason when a CI is not visible or the relation exists, deleted
 * with a tombstone; pulled by whoever sees either CI, and gone from a technician's replica
 * when neither of its CIs is visible to them any more.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import type { Change, Op, PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import { bearer, push } from '../../../test/http';
import { pushWorld, type PushWorld } from '../../../test/push';
import { describeStores } from '../../../test/stores';

type User = 'tech1' | 'tech2' | 'admin';

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

describeStores('sync: ci_relation', (h) => {
  let s: FieldDeskServer;
  /** Everyone pushes through one client: the ops below are built here, with their own seq. */
  let world: PushWorld<User>;
  /** Three CIs at tech1's site (HQ) and one at DC, which tech1 does not see. */
  let hq: [string, string, string];
  const names: Record<string, string> = {};
  let dc: string;
  let dcSite: string;
  let seq = 0;

  beforeAll(async () => {
    s = await h.start();
    // tech2 works at DC.
    world = await pushWorld(s, ['tech1', 'tech2', 'admin'], { sharedClient: true });
    const tech1 = await s.db.selectFrom('persons').select('site_id').where('username', '=', 'tech1').executeTakeFirstOrThrow();
    dcSite = world.ids.dc;
    expect(tech1.site_id).not.toBe(dcSite);
    const cis = async (siteId: string, n: number) =>
      (await s.db.selectFrom('configuration_items').select('id').where('site_id', '=', siteId).orderBy('id').limit(n).execute()).map((r) => r.id);
    hq = (await cis(tech1.site_id!, 3)) as [string, string, string];
    expect(hq).toHaveLength(3);
    [dc] = (await cis(dcSite, 1)) as [string];
    expect(dc).toBeDefined();
    for (const row of await s.db.selectFrom('configuration_items').select(['id', 'name']).execute()) names[row.id] = row.name;
  });

  const base = (id: string) => ({ opId: randomUUID(), seq: ++seq, id, clientTime: new Date().toISOString() });
  const create = (fromId: string, toId: string, type: CiRelationType = 'depends_on', id: string = randomUUID()): Op => ({
    ...base(id),
    entity: 'ci_relation',
    kind: 'create',
    data: { fromId, toId, type },
  });
  const remove = (id: string): Op => ({ ...base(id), entity: 'ci_relation', kind: 'delete' });

  /** Pushes one op that must be applied; the relation the server answers with. */
  const applied = (user: User, op: Op) => world.applied<CiRelation>(user, op);
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

  it('relates two CIs the technician sees, as the server records it, and pulls it to whoever sees either CI', async () => {
    const relation = await applied('tech1', create(hq[0], hq[1], 'runs_on'));
    expect(relation).toMatchObject({ fromId: hq[0], toId: hq[1], type: 'runs_on', authorId: expect.any(String) });
    const row = await s.db.selectFrom('ci_relations').selectAll().where('id', '=', relation.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ from_id: hq[0], to_id: hq[1], type: 'runs_on' });
    const tech1 = new Replica();
    await sync(tech1, 'tech1');
    expect(tech1.records.get('ci_relation')?.get(relation.id)).toEqual(relation);
    const admin = new Replica();
    await sync(admin, 'admin');
    expect(admin.has('ci_relation', relation.id)).toBe(true);
  });

  it('refuses a CI the technician cannot see, a relation that exists, and a CI related to itself', async () => {
    expect(await world.refused('tech1', create(hq[0], dc))).toBe('The related configuration item does not exist or is not visible to you.');
    expect(await world.refused('tech1', create(dc, hq[0]))).toBe('The configuration item does not exist or is not visible to you.');
    expect(await world.refused('tech1', create(hq[0], randomUUID()))).toMatch(/not visible/);
    await applied('tech1', create(hq[1], hq[2], 'hosted_on'));
    expect(await world.refused('tech1', create(hq[1], hq[2], 'hosted_on'))).toBe(`${names[hq[1]]} is already hosted on ${names[hq[2]]}.`);
    // Another type between the same CIs is another relation.
    await applied('tech1', create(hq[1], hq[2], 'connects_to'));
    const { res } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [create(hq[0], hq[0])]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('A configuration item cannot be related to itself.');
    expect(await s.db.selectFrom('ci_relations').select('id').where('from_id', '=', hq[0]).where('to_id', '=', hq[0]).execute()).toEqual([]);
  });

  it('refuses a dependency that would go round in a circle, also within one batch, in the app\'s words', async () => {
    const [a, b, c] = hq;
    await applied('tech1', create(a, b, 'depends_on'));
    await applied('tech1', create(b, c, 'depends_on'));
    expect(await world.refused('tech1', create(c, a, 'depends_on'))).toBe(
      `${names[c]} cannot depend on ${names[a]}: ${names[a]} already depends on ${names[c]} through other items, and "depends on" may not go round in a circle.`,
    );
    // connects_to may go round; a cycle made inside one push is seen too.
    await applied('tech1', create(c, a, 'connects_to'));
    const { body } = await push(s.app, world.tokens.tech1, world.clients.tech1.clientId, [create(a, c, 'member_of'), create(c, a, 'member_of')]);
    expect(body!.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(await s.db.selectFrom('ci_relations').select('id').where('from_id', '=', c).where('to_id', '=', a).where('type', '=', 'member_of').execute()).toEqual([]);
  });

  it('deletes with a tombstone that every replica holding it pulls; a second delete is a duplicate', async () => {
    const relation = await applied('tech1', create(hq[2], hq[0], 'virtualized_by'));
    const tech1 = new Replica();
    await sync(tech1, 'tech1');
    expect(tech1.has('ci_relation', relation.id)).toBe(true);
    const gone = await applied('tech1', remove(relation.id));
    expect(gone.rev).toBeGreaterThan(relation.rev);
    const changes = await sync(tech1, 'tech1');
    expect(changes).toContainEqual({ entity: 'ci_relation', id: relation.id, rev: gone.rev, op: 'delete' });
    expect(tech1.has('ci_relation', relation.id)).toBe(false);
    expect(await world.one('tech1', remove(relation.id))).toMatchObject({ status: 'duplicate', original: { status: 'applied', rev: gone.rev } });
    // Its id does not come back.
    expect(await world.refused('tech1', create(hq[2], hq[0], 'virtualized_by', relation.id))).toBe('This relation was removed; relate the items again to restore it.');
  });

  it('reaches a technician through either CI, and leaves their replica only when neither CI is theirs', async () => {
    // Made by an admin across sites: tech1 sees it through its HQ end, tech2 (DC) through the other.
    const across = await applied('admin', create(hq[0], dc, 'depends_on'));
    const within = await applied('admin', create(hq[0], hq[1], 'member_of'));
    const tech1 = new Replica();
    const tech2 = new Replica();
    await sync(tech1, 'tech1');
    await sync(tech2, 'tech2');
    expect(tech1.has('ci_relation', across.id)).toBe(true);
    expect(tech1.has('ci_relation', within.id)).toBe(true);
    expect(tech2.has('configuration_item', dc)).toBe(true);
    expect(tech2.has('ci_relation', across.id)).toBe(true);
    expect(tech2.has('ci_relation', within.id)).toBe(false);
    // hq[0] moves to DC: "across" now joins two DC CIs (gone from tech1), "within" still has hq[1].
    await moveCi(hq[0], dcSite);
    await sync(tech1, 'tech1');
    expect(tech1.has('configuration_item', hq[0])).toBe(false);
    expect(tech1.has('ci_relation', across.id)).toBe(false);
    expect(tech1.has('ci_relation', within.id)).toBe(true);
    // And back: the relation arrives again with the CI.
    const home = (await s.db.selectFrom('configuration_items').select('site_id').where('id', '=', hq[1]).executeTakeFirstOrThrow()).site_id!;
    await moveCi(hq[0], home);
    await sync(tech1, 'tech1');
    expect(tech1.has('ci_relation', across.id)).toBe(true);
    // A technician who sees neither CI cannot delete it (to them it is not there).
    await moveCi(hq[0], dcSite);
    expect(await world.refused('tech1', remove(across.id))).toBe('Relation not found or not visible to you.');
    await moveCi(hq[0], home);
  });
});
