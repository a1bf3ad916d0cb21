import { describe, expect, it } from 'vitest';
import type { CiRelation, CiRelationType } from '../entities/ci-relation';
import { checkNewRelation, impactOf, relationWords, type RelationEnds } from './relations';

const ci = (id: string) => ({ id, name: id });
let n = 0;
const rel = (fromId: string, type: CiRelationType, toId: string): CiRelation => ({ id: `r${++n}`, fromId, toId, type, authorId: null, createdAt: '2026-01-01T00:00:00.000Z', rev: n });

/** The `related` lookup over a fixed list, as the app does over its replica. */
const over = (relations: readonly RelationEnds[]) => (type: CiRelationType, fromIds: readonly string[]) => relations.filter((r) => r.type === type && fromIds.includes(r.fromId));

describe('checkNewRelation', () => {
  const existing = [rel('web', 'depends_on', 'app'), rel('app', 'depends_on', 'db'), rel('db', 'runs_on', 'srv'), rel('sw1', 'connects_to', 'sw2')];
  const cases: [string, RelationEnds, { from: string | null; to: string | null }, string | null][] = [
    ['a new dependency', { fromId: 'web', toId: 'db', type: 'depends_on' }, { from: 'web', to: 'db' }, null],
    ['a missing CI', { fromId: 'web', toId: 'x', type: 'depends_on' }, { from: 'web', to: null }, 'The related configuration item does not exist or is not visible to you.'],
    ['a missing from CI', { fromId: 'x', toId: 'web', type: 'depends_on' }, { from: null, to: 'web' }, 'The configuration item does not exist or is not visible to you.'],
    ['itself', { fromId: 'web', toId: 'web', type: 'depends_on' }, { from: 'web', to: 'web' }, 'A configuration item cannot be related to itself.'],
    ['twice', { fromId: 'web', toId: 'app', type: 'depends_on' }, { from: 'web', to: 'app' }, 'web already depends on app.'],
    ['twice, "is" words', { fromId: 'db', toId: 'srv', type: 'runs_on' }, { from: 'db', to: 'srv' }, 'db already runs on srv.'],
    ['a direct cycle', { fromId: 'app', toId: 'web', type: 'depends_on' }, { from: 'app', to: 'web' }, 'app cannot depend on web: web already depends on app, and "depends on" may not go round in a circle.'],
    ['a longer cycle', { fromId: 'db', toId: 'web', type: 'depends_on' }, { from: 'db', to: 'web' }, 'db cannot depend on web: web already depends on db through other items, and "depends on" may not go round in a circle.'],
    ['a cycle of another type is no cycle', { fromId: 'srv', toId: 'db', type: 'depends_on' }, { from: 'srv', to: 'db' }, null],
    ['a type that may go round (connects to)', { fromId: 'sw2', toId: 'sw1', type: 'connects_to' }, { from: 'sw2', to: 'sw1' }, null],
  ];
  it.each(cases)('%s', async (_, relation, ends, reason) => {
    const verdict = await checkNewRelation(relation, { from: ends.from ? ci(ends.from) : null, to: ends.to ? ci(ends.to) : null }, over(existing));
    expect(verdict).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });

  it('says "is already" for words that start with "is"', async () => {
    const verdict = await checkNewRelation({ fromId: 'vm', toId: 'host', type: 'hosted_on' }, { from: ci('vm'), to: ci('host') }, over([rel('vm', 'hosted_on', 'host')]));
    expect(verdict).toEqual({ ok: false, reason: 'vm is already hosted on host.' });
  });

  it('reads the words from either end', () => {
    expect(relationWords('runs_on', 'from')).toBe('runs on');
    expect(relationWords('runs_on', 'to')).toBe('runs');
    expect(relationWords('member_of', 'to')).toBe('contains');
    expect(relationWords('connects_to', 'to')).toBe('is connected by');
  });
});

describe('impactOf', () => {
  // service -> app -> db -> server -> switch; a second app uses the same db; the switch connects to another (its uplink).
  const tree = [
    rel('service', 'depends_on', 'app'),
    rel('app', 'depends_on', 'db'),
    rel('app2', 'depends_on', 'db'),
    rel('db', 'runs_on', 'server'),
    rel('server', 'connects_to', 'switch'),
    rel('switch', 'connects_to', 'switch2'),
  ];
  const byId = (g: ReturnType<typeof impactOf>) => Object.fromEntries(g.nodes.map((x) => [x.id, `${x.direction}:${x.depth}`]));

  it('an outage of the server affects the database, both apps and the service (upstream), and it needs its switch and its uplink (downstream)', () => {
    const g = impactOf('server', tree, 3);
    expect(byId(g)).toEqual({ server: 'self:0', db: 'upstream:1', app: 'upstream:2', app2: 'upstream:2', service: 'upstream:3', switch: 'downstream:1', switch2: 'downstream:2' });
    expect(g.edges.map((e) => e.id).sort()).toEqual(tree.map((e) => e.id).sort());
  });

  it('an outage of a switch affects what connects to it, not the other way round', () => {
    expect(byId(impactOf('switch', tree, 1))).toEqual({ switch: 'self:0', server: 'upstream:1', switch2: 'downstream:1' });
    expect(byId(impactOf('switch2', tree, 5))).toEqual({ switch2: 'self:0', switch: 'upstream:1', server: 'upstream:2', db: 'upstream:3', app: 'upstream:4', app2: 'upstream:4', service: 'upstream:5' });
  });

  it('stops at the depth asked for, at least 1 and at most 10', () => {
    expect(Object.keys(byId(impactOf('server', tree, 1))).sort()).toEqual(['db', 'server', 'switch']);
    expect(impactOf('server', tree, 0).nodes.length).toBe(3);
    const chain = Array.from({ length: 15 }, (_, i) => rel(`c${i + 1}`, 'depends_on', `c${i}`));
    expect(impactOf('c0', chain, 50).nodes.length).toBe(11);
  });

  it('a service relies on everything below it', () => {
    expect(byId(impactOf('service', tree, 5))).toEqual({ service: 'self:0', app: 'downstream:1', db: 'downstream:2', server: 'downstream:3', switch: 'downstream:4', switch2: 'downstream:5' });
  });

  it('keeps each CI once, at its shortest distance, on a graph with a diamond', () => {
    const diamond = [rel('a', 'depends_on', 'b'), rel('a', 'depends_on', 'c'), rel('b', 'depends_on', 'd'), rel('c', 'depends_on', 'd')];
    const g = impactOf('d', diamond, 3);
    expect(byId(g)).toEqual({ d: 'self:0', b: 'upstream:1', c: 'upstream:1', a: 'upstream:2' });
    expect(g.edges).toHaveLength(4);
  });
});
