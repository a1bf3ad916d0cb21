import { describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { recordKey } from '../db';
import { changeCiTable, createChangeCiRepository } from './changeCis';
import { freshDb, makeChange, makeChangeCi, makeCi, tech } from '../../../test/fixtures';

const NOW = new Date('2026-03-05T12:00:00.000Z');

async function setup() {
  const db = freshDb('change-cis');
  const app = makeCi('hq-app01');
  const dc = makeCi('hq-dc01');
  const patching = makeChange('CHG-0007', 'Monthly Windows server patching at Headquarters');
  const existing = makeChangeCi(patching, dc);
  await db.configurationItems.bulkPut([app, dc]);
  await db.changes.put(patching);
  await changeCiTable(db).put(existing);
  return { db, app, dc, patching, existing, repo: createChangeCiRepository({ db, userId: tech.id, now: () => NOW }) };
}

describe('change CI repository', () => {
  it('records that a change affects a CI, and its create op, in one transaction', async () => {
    const { db, app, patching, repo } = await setup();
    const tx = vi.spyOn(db, 'transaction');

    const result = await repo.link(patching.id, app.id);

    if (!result.ok) throw new Error(result.reason);
    expect(tx).toHaveBeenCalledTimes(1);
    expect(await changeCiTable(db).get(result.id)).toEqual({ id: result.id, changeId: patching.id, configurationItemId: app.id, addedById: tech.id, createdAt: NOW.toISOString(), rev: 0 });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      opId: result.opId,
      recordKey: recordKey('change_ci', result.id),
      state: 'pending',
      op: { entity: 'change_ci', kind: 'create', id: result.id, data: { changeId: patching.id, configurationItemId: app.id }, clientTime: NOW.toISOString() },
    });
    expect((await db.shadows.get(recordKey('change_ci', result.id)))?.record).toBeNull();
  });

  it.each([
    ['a change not on this device', (s: Awaited<ReturnType<typeof setup>>) => [uuidv7(), s.app.id] as const, 'The change does not exist or is not visible to you.'],
    ['a CI not on this device', (s: Awaited<ReturnType<typeof setup>>) => [s.patching.id, uuidv7()] as const, 'The configuration item does not exist or is not visible to you.'],
    ['the same CI twice', (s: Awaited<ReturnType<typeof setup>>) => [s.patching.id, s.dc.id] as const, 'CHG-0007 already affects hq-dc01.'],
  ])('refuses %s with the words the server uses, and writes nothing', async (_, args, reason) => {
    const s = await setup();
    const [changeId, ciId] = args(s);

    expect(await s.repo.link(changeId, ciId)).toEqual({ ok: false, reason });
    expect(await changeCiTable(s.db).count()).toBe(1);
    expect(await s.db.outbox.count()).toBe(0);
  });

  it('removes a link with a delete op, keeping the server copy to roll back to', async () => {
    const { db, existing, repo } = await setup();
    const result = await repo.unlink(existing.id);
    if (!result.ok) throw new Error(result.reason);
    expect(await changeCiTable(db).get(existing.id)).toBeUndefined();
    const [entry] = await db.outbox.toArray();
    expect(entry?.op).toMatchObject({ entity: 'change_ci', kind: 'delete', id: existing.id });
    expect((await db.shadows.get(recordKey('change_ci', existing.id)))?.record).toEqual(existing);
    expect(await repo.unlink(existing.id)).toEqual({ ok: false, reason: 'This configuration item is no longer linked to the change on this device (it may already be removed).' });
  });
});
