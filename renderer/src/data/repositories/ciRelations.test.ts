import { describe, expect, it, vi } from 'vitest';
import { recordKey } from '../db';
import { createCiRelationRepository } from './ciRelations';
import { freshDb, makeCi, makeCiRelation, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-05T12:00:00.000Z');

async function setup() {
  const db = freshDb('ci-relations');
  const service = makeCi('FieldDesk', { ciType: 'service', siteId: null });
  const app = makeCi('hq-app01');
  const dc = makeCi('hq-dc01');
  const hv = makeCi('hq-hv01');
  const sw = makeCi('hq-sw01', { ciType: 'switch' });
  const existing = [makeCiRelation(service, 'depends_on', app), makeCiRelation(app, 'depends_on', dc), makeCiRelation(hv, 'connects_to', sw)];
  await db.configurationItems.bulkPut([service, app, dc, hv, sw]);
  await db.ciRelations.bulkPut(existing);
  return { db, service, app, dc, hv, sw, existing, repo: createCiRelationRepository({ db, userId: tech.id, now: () => NOW }) };
}

describe('CI relation repository', () => {
  it('records a relation and its create op in one transaction', async () => {
    const { db, app, hv, repo } = await setup();
    const tx = vi.spyOn(db, 'transaction');

    const result = await repo.relate(app.id, hv.id, 'virtualized_by');

    if (!result.ok) throw new Error(result.reason);
    expect(tx).toHaveBeenCalledTimes(1);
    expect(await db.ciRelations.get(result.id)).toEqual({ id: result.id, fromId: app.id, toId: hv.id, type: 'virtualized_by', authorId: tech.id, createdAt: NOW.toISOString(), rev: 0 });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      opId: result.opId,
      recordKey: recordKey('ci_relation', result.id),
      state: 'pending',
      op: { entity: 'ci_relation', kind: 'create', id: result.id, data: { fromId: app.id, toId: hv.id, type: 'virtualized_by' }, clientTime: NOW.toISOString() },
    });
    // Made on this device: no server copy to roll back to.
    expect((await db.shadows.get(recordKey('ci_relation', result.id)))?.record).toBeNull();
  });

  it.each([
    ['itself', (s: Awaited<ReturnType<typeof setup>>) => [s.app.id, s.app.id, 'depends_on'] as const, 'A configuration item cannot be related to itself.'],
    ['twice', (s: Awaited<ReturnType<typeof setup>>) => [s.service.id, s.app.id, 'depends_on'] as const, 'FieldDesk already depends on hq-app01.'],
    [
      'in a circle',
      (s: Awaited<ReturnType<typeof setup>>) => [s.dc.id, s.service.id, 'depends_on'] as const,
      'hq-dc01 cannot depend on FieldDesk: FieldDesk already depends on hq-dc01 through other items, and "depends on" may not go round in a circle.',
    ],
    ['a CI not on this device', (s: Awaited<ReturnType<typeof setup>>) => [s.app.id, '0190f0a0-0000-7000-8000-000000000000', 'runs_on'] as const, 'The related configuration item does not exist or is not visible to you.'],
  ])('refuses a relation %s with the words of the rules, and writes nothing', async (_, args, reason) => {
    const s = await setup();
    const [fromId, toId, type] = args(s);

    expect(await s.repo.relate(fromId, toId, type)).toEqual({ ok: false, reason });
    expect(await s.db.ciRelations.count()).toBe(s.existing.length);
    expect(await s.db.outbox.count()).toBe(0);
    expect(await s.db.shadows.count()).toBe(0);
  });

  it('allows a circle of a type that may go round (connects to), and the same pair under another type', async () => {
    const { hv, sw, app, dc, repo } = await setup();
    expect((await repo.relate(sw.id, hv.id, 'connects_to')).ok).toBe(true);
    expect((await repo.relate(app.id, dc.id, 'runs_on')).ok).toBe(true);
  });

  it('sees a relation made offline when checking the next one', async () => {
    const { app, hv, repo } = await setup();
    expect((await repo.relate(app.id, hv.id, 'virtualized_by')).ok).toBe(true);
    expect(await repo.relate(app.id, hv.id, 'virtualized_by')).toEqual({ ok: false, reason: 'hq-app01 is already virtualized by hq-hv01.' });
    expect(await repo.relate(hv.id, app.id, 'virtualized_by')).toEqual({
      ok: false,
      reason: 'hq-hv01 cannot be virtualized by hq-app01: hq-app01 is already virtualized by hq-hv01, and "is virtualized by" may not go round in a circle.',
    });
  });

  it('removes a relation at once and sends its delete, keeping the server copy', async () => {
    const { db, existing, repo } = await setup();
    const relation = existing[0]!;

    const result = await repo.unrelate(relation.id);

    if (!result.ok) throw new Error(result.reason);
    expect(await db.ciRelations.get(relation.id)).toBeUndefined();
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ entity: 'ci_relation', kind: 'delete', id: relation.id });
    expect((await db.shadows.get(recordKey('ci_relation', relation.id)))?.record).toEqual(relation);
    expect(await repo.unrelate(relation.id)).toEqual({ ok: false, reason: 'This relationship is not on this device (it may already be removed).' });
  });

  it('removing a relation made offline leaves a create and a delete for the server to answer', async () => {
    const { db, app, hv, repo } = await setup();
    const made = await repo.relate(app.id, hv.id, 'virtualized_by');
    if (!made.ok) throw new Error(made.reason);
    expect((await repo.unrelate(made.id)).ok).toBe(true);
    expect(await db.ciRelations.get(made.id)).toBeUndefined();
    expect((await db.outbox.toArray()).map((e) => e.op.kind)).toEqual(['create', 'delete']);
  });
});
