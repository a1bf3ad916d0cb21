/**
 * Scope moves and window corrections as the declarations drive them (moves.ts), on SQLite and
 * PostgreSQL, with test-only declarations on tables made here (named so as to clash with no
 * declared entity): a record that follows two parents (a link between two configuration items,
 * visible to whoever sees either, as a CI relation is) and a record that follows a windowed
 * parent (a note of a change request).
 */
import { sql, type Insertable } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEntity } from '@fielddesk/common/entities/define';
import { newChange } from '@fielddesk/common/changes/new-change';
import { ENTITIES, entities, rowFromRecord } from '@fielddesk/common/entities/registry';
import { DAY_MS, dayOf, scope } from '@fielddesk/common/entities/scope';
import type { Change } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../../app';
import type { ChangeTable } from '../../db/types';
import { describeStores } from '../../../test/stores';
import { followsParent, type Viewer } from '../scope';
import { childrenOf, moveChanges, relevantMoves, windowCorrections, windowedEntities } from './moves';
import { CHILDREN, declaredSource } from './sources';

const ciLink = defineEntity({
  name: 'test_ci_link',
  schema: z.object({ id: z.string(), fromId: z.string(), toId: z.string(), label: z.string(), rev: z.number() }),
  table: 'test_ci_links',
  scope: scope.anyOf(scope.childOf('configuration_item', 'fromId'), scope.childOf('configuration_item', 'toId')),
  replica: { table: 'testCiLinks', indexes: ['fromId', 'toId'] },
});

const changeNote = defineEntity({
  name: 'test_change_note',
  schema: z.object({ id: z.string(), changeId: z.string(), body: z.string(), rev: z.number() }),
  table: 'test_change_notes',
  scope: scope.childOf('change', 'changeId'),
  replica: { table: 'testChangeNotes', indexes: ['changeId'] },
});

const CHILDREN_OF = childrenOf([...ENTITIES, ciLink]);

const tech = (siteId: string): Viewer => ({ id: `tech-${siteId}`, role: 'technician', siteId, groupIds: [] });
const relation = (id: string, fromId: string, toId: string, rev: number) => ({ id, from_id: fromId, to_id: toId, label: `${fromId}->${toId}`, rev });
/** A change as [kind, entity, id, rev], sorted, to compare sets of changes. */
const brief = (changes: Change[]) => changes.map((c) => [c.op, c.entity, c.id, c.rev].join(' ')).sort();

it('finds every child-of rule, inside anyOf too, and the entities that move with the days', () => {
  const links = (parent: string) => (CHILDREN_OF.get(parent) ?? []).map((l) => `${l.entity.name}.${l.column}${l.only ? '' : ' (or another way)'}`);
  expect(links('ticket')).toEqual(['worklog.ticket_id', 'attachment.ticket_id', 'ticket_link.ticket_id', 'ticket_event.ticket_id']);
  expect(links('configuration_item').filter((l) => l.startsWith('test_'))).toEqual(['test_ci_link.from_id (or another way)', 'test_ci_link.to_id (or another way)']);
  // The sources read second (and probed): every declared entity that follows a parent, and only those.
  expect(CHILDREN.map((c) => c.entity)).toEqual(ENTITIES.filter(followsParent).map((e) => e.name));
  expect(CHILDREN.map((c) => c.entity)).toEqual(expect.arrayContaining(['worklog', 'attachment', 'ticket_link', 'ticket_event']));
  expect(followsParent(ciLink)).toBe(true);
  expect(followsParent(entities.ticket)).toBe(false);

  // A change's link to a CI follows both (allOf): with the CI it enters only where its change is seen too.
  expect(links('change')).toContain('change_ci.change_id (or another way)');
  expect((CHILDREN_OF.get('configuration_item') ?? []).filter((l) => l.entity.name === 'change_ci').map((l) => [l.column, l.only, l.withOthers])).toEqual([['configuration_item_id', false, true]]);
  expect((CHILDREN_OF.get('configuration_item') ?? []).filter((l) => l.entity.name === 'ci_relation').every((l) => !l.withOthers)).toBe(true);

  expect(windowedEntities().map((e) => e.name)).toEqual(['change', 'change_ci', 'change_event']);
  const ownOrWindow = defineEntity({
    name: 'x',
    schema: changeNote.schema,
    table: 'xs',
    scope: scope.anyOf(scope.isViewer('body'), scope.window('body', 'body', 3)),
    replica: { table: 'xs', indexes: [] },
  });
  expect(windowedEntities([...ENTITIES, ciLink, changeNote, ownOrWindow]).map((e) => e.name)).toEqual(['change', 'change_ci', 'change_event', 'test_change_note', 'x']);
});

describeStores('pull moves', (h) => {
  let s: FieldDeskServer;
  const day = dayOf(Date.now());

  beforeAll(async () => {
    s = await h.start({ seedDemoData: false });
    const db = s.db;
    await db.insertInto('sites').values(['s1', 's2', 's3'].map((id, i) => ({ id, code: id, name: id, time_zone: 'UTC', address: '', rev: 2 + i }))).execute();
    const ci = (id: string, siteId: string, rev: number) => ({ id, name: id, ci_type: 'server', status: 'active' as const, asset_id: null, site_id: siteId, description: '', rev });
    await db.insertInto('configuration_items').values([ci('c1', 's1', 5), ci('c2', 's2', 6), ci('c3', 's1', 7)]).execute();
    await sql`create table test_ci_links (id text primary key, from_id text not null, to_id text not null, label text not null, rev bigint not null)`.execute(db);
    await db
      .insertInto('test_ci_links' as 'assets')
      .values([relation('r12', 'c1', 'c2', 8), relation('r13', 'c1', 'c3', 9), relation('r32', 'c3', 'c2', 10)] as never)
      .execute();
  });

  const moveCi = (id: string, siteId: string, rev: number) => s.db.updateTable('configuration_items').set({ site_id: siteId, rev }).where('id', '=', id).execute();
  /** What a technician's pull sends for the moves in (after, high]: the moves' changes. */
  async function changesFor(viewer: Viewer, after: number, high: number): Promise<Change[]> {
    const { moves } = await relevantMoves(s.db, viewer, after, high, 100, day, day, CHILDREN_OF);
    return moveChanges(s.db, viewer, moves, after, day, CHILDREN_OF);
  }

  it('a record that follows two parents is visible through either, leaves only with both, and arrives with either', async () => {
    const pulled = async (viewer: Viewer) =>
      (await declaredSource(s.db, h.kind, viewer, ciLink).changes(0, 100)).map((c) => ('json' in c ? (JSON.parse(c.json) as Change).id : c.id)).sort();
    // s1 sees c1 and c3, so every relation; s2 sees c2, so r12 and r32; s3 none.
    expect(await pulled(tech('s1'))).toEqual(['r12', 'r13', 'r32']);
    expect(await pulled(tech('s2'))).toEqual(['r12', 'r32']);
    expect(await pulled(tech('s3'))).toEqual([]);

    // c1 goes to s3: s1 loses c1 and r12 (its other end, c2, is not theirs) but keeps r13 (c3 is).
    await moveCi('c1', 's3', 21);
    expect(brief(await changesFor(tech('s1'), 20, 21))).toEqual(['delete configuration_item c1 21', 'delete test_ci_link r12 21']);
    // s3 gets c1's relations written before the cursor (c1 itself arrives by the normal path); s2 nothing.
    const toS3 = await changesFor(tech('s3'), 20, 21);
    expect(brief(toS3)).toEqual(['put test_ci_link r12 21', 'put test_ci_link r13 21']);
    expect(toS3.find((c) => c.id === 'r13')).toMatchObject({ op: 'put', data: { id: 'r13', fromId: 'c1', toId: 'c3', label: 'c1->c3', rev: 9 } });
    expect(await changesFor(tech('s2'), 20, 21)).toEqual([]);

    // c3 goes to s2: s1 now loses c3, r13 (c1 left before) and r32; s2 gets c3's older relations,
    // r13 through its `to` and r32 through its `from` (r32 it already had through c2: harmless).
    await moveCi('c3', 's2', 22);
    expect(brief(await changesFor(tech('s1'), 21, 22))).toEqual(['delete configuration_item c3 22', 'delete test_ci_link r13 22', 'delete test_ci_link r32 22']);
    expect(brief(await changesFor(tech('s2'), 21, 22))).toEqual(['put test_ci_link r13 22', 'put test_ci_link r32 22']);

    // Both moves in one page: a relation named by both leaving parents is deleted once, at the later move.
    expect(brief(await changesFor(tech('s1'), 20, 22))).toEqual([
      'delete configuration_item c1 21',
      'delete configuration_item c3 22',
      'delete test_ci_link r12 21',
      'delete test_ci_link r13 22',
      'delete test_ci_link r32 22',
    ]);
    // An entering parent brings only the children the cursor covers (r13, not the newer r32).
    expect(brief(await changesFor(tech('s2'), 9, 22))).toEqual(['put test_ci_link r13 22']);
  });

  it('corrects every windowed entity between days, a record that follows a windowed parent too', async () => {
    const at = (d: number) => new Date((day + d) * DAY_MS + 3_600_000).toISOString();
    const change = (id: string, from: number, to: number, rev: number) => ({
      ...(rowFromRecord(entities.change, newChange({ id, number: id, title: id, status: 'scheduled', windowStart: at(from), windowEnd: at(to), createdAt: at(-30), rev })) as unknown as Insertable<ChangeTable>),
      field_revs: '{}',
    });
    // Seen from 10 days ago: w1 was inside the horizon and has left it since; w2 was beyond it and has come in.
    await s.db.insertInto('changes').values([change('w1', -15, -5, 30), change('w2', 85, 86, 31), change('w3', 1, 2, 32)]).execute();
    await sql`create table test_change_notes (id text primary key, change_id text not null, body text not null, rev bigint not null)`.execute(s.db);
    await s.db
      .insertInto('test_change_notes' as 'assets')
      .values([
        { id: 'n1', change_id: 'w1', body: 'a', rev: 33 },
        { id: 'n2', change_id: 'w2', body: 'b', rev: 34 },
        { id: 'n3', change_id: 'w3', body: 'c', rev: 35 },
      ] as never)
      .execute();
    const corrected = await windowCorrections(s.db, tech('s1'), 40, day - 10, day, windowedEntities([...ENTITIES, changeNote]));
    expect(brief(corrected)).toEqual(['delete change w1 40', 'delete test_change_note n1 40', 'put change w2 40', 'put test_change_note n2 40']);
    expect(corrected.find((c) => c.id === 'n2')).toMatchObject({ op: 'put', data: { id: 'n2', changeId: 'w2', body: 'b', rev: 34 } });
    expect(corrected.find((c) => c.id === 'w2')).toMatchObject({ op: 'put', data: { id: 'w2', windowStart: at(85), rev: 31 } });
    // What the declarations alone correct: the change requests (and their links to CIs, none here).
    expect(brief(await windowCorrections(s.db, tech('s1'), 40, day - 10, day))).toEqual(['delete change w1 40', 'put change w2 40']);
    // The puts only for records the cursor covers.
    expect(brief(await windowCorrections(s.db, tech('s1'), 30, day - 10, day, [entities.change]))).toEqual(['delete change w1 30']);
  });
});
