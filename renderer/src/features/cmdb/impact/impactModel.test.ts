import { newChange } from '@fielddesk/common/changes/new-change';
import { describe, expect, it } from 'vitest';
import type { CiRelation, CiRelationType } from '@fielddesk/common/entities/ci-relation';
import { impactRows, impactView, incidentWords, parseDirection, reachedThrough, relationSentence, type CiSummary } from './impactModel';
import { layoutImpact, NODE_SIZE } from './layout';
import { readableViewport } from './viewport';

let n = 0;
const rel = (fromId: string, type: CiRelationType, toId: string): CiRelation => ({ id: `r${String(++n).padStart(3, '0')}`, fromId, toId, type, authorId: null, createdAt: '2026-01-01T00:00:00.000Z', rev: n });

// A print service on two print servers, both virtualized by one host, which connects to a switch.
const tree = [
  rel('print-service', 'depends_on', 'print01'),
  rel('print-service', 'depends_on', 'print02'),
  rel('print01', 'virtualized_by', 'hv01'),
  rel('print02', 'virtualized_by', 'hv01'),
  rel('hv01', 'connects_to', 'sw01'),
];
const byId = (g: ReturnType<typeof impactView>) => Object.fromEntries(g.nodes.map((x) => [x.id, `${x.direction}:${x.depth}`]));
const cis = new Map<string, CiSummary>(
  ['print-service', 'print01', 'print02', 'hv01', 'sw01'].map((id) => [id, { name: id, ciType: id === 'print-service' ? 'service' : 'server', siteName: id === 'print-service' ? null : 'Headquarters' }]),
);

describe('impactView', () => {
  it('both ways: what the host affects above it, what it relies on below', () => {
    expect(byId(impactView('hv01', tree, 3, 'both'))).toEqual({ hv01: 'self:0', print01: 'upstream:1', print02: 'upstream:1', 'print-service': 'upstream:2', sw01: 'downstream:1' });
  });

  it('affected only: drops what the start relies on, and the relations to it', () => {
    const g = impactView('print01', tree, 3, 'upstream');
    expect(byId(g)).toEqual({ print01: 'self:0', 'print-service': 'upstream:1' });
    expect(g.edges.map((e) => `${e.fromId}>${e.toId}`)).toEqual(['print-service>print01']);
  });

  it('relies on only: down through the host to its switch, the relations as recorded', () => {
    const g = impactView('print01', tree, 3, 'downstream');
    expect(byId(g)).toEqual({ print01: 'self:0', hv01: 'downstream:1', sw01: 'downstream:2' });
    // The relations are the replica's, read the way they were recorded.
    expect(g.edges.map((e) => `${e.fromId} ${e.type} ${e.toId}`).sort()).toEqual(['hv01 connects_to sw01', 'print01 virtualized_by hv01']);
    expect(g.edges.every((e) => tree.includes(e))).toBe(true);
  });

  it('one direction keeps only the relations an outage travels along that way', () => {
    // A printer relies on the print server and hangs off the switch the host hangs off: from the
    // switch, the printer and the host are affected, and through the host the print server;
    // from the print server, the printer is affected and the host and switch relied on.
    const site = [rel('prn', 'depends_on', 'print01'), rel('prn', 'connects_to', 'sw01'), rel('hv01', 'connects_to', 'sw01'), rel('print01', 'virtualized_by', 'hv01')];
    const sentence = (g: ReturnType<typeof impactView>) => g.edges.map((e) => `${e.fromId} ${e.type} ${e.toId}`).sort();
    const fromSwitch = impactView('sw01', site, 3, 'upstream');
    expect(byId(fromSwitch)).toEqual({ sw01: 'self:0', prn: 'upstream:1', hv01: 'upstream:1', print01: 'upstream:2' });
    expect(sentence(fromSwitch)).toEqual(['hv01 connects_to sw01', 'print01 virtualized_by hv01', 'prn connects_to sw01']);
    expect(sentence(impactView('print01', site, 3, 'upstream'))).toEqual(['prn depends_on print01']);
    expect(sentence(impactView('print01', site, 3, 'downstream'))).toEqual(['hv01 connects_to sw01', 'print01 virtualized_by hv01']);
  });

  it('a service relies on everything below it, to the depth asked for', () => {
    expect(byId(impactView('print-service', tree, 2, 'downstream'))).toEqual({ 'print-service': 'self:0', print01: 'downstream:1', print02: 'downstream:1', hv01: 'downstream:2' });
    expect(byId(impactView('print-service', tree, 1, 'both'))).toEqual({ 'print-service': 'self:0', print01: 'downstream:1', print02: 'downstream:1' });
  });

  it('reads a direction from the address, both by default', () => {
    expect(parseDirection('upstream')).toBe('upstream');
    expect(parseDirection('downstream')).toBe('downstream');
    expect(parseDirection(null)).toBe('both');
    expect(parseDirection('sideways')).toBe('both');
  });
});

describe('the list', () => {
  it('says through which relation each CI was reached, a step nearer the start in its direction', () => {
    const g = impactView('print01', tree, 3, 'both');
    const via = reachedThrough(g);
    expect(Object.fromEntries([...via].map(([id, r]) => [id, relationSentence(r, cis)]))).toEqual({
      'print-service': 'print-service depends on print01',
      hv01: 'print01 is virtualized by hv01',
      sw01: 'hv01 connects to sw01',
    });
    expect(via.has('print01')).toBe(false);
  });

  it('lists the start, then what is affected, then what it relies on, nearest first, with open incidents', () => {
    const g = impactView('hv01', tree, 3, 'both');
    const rows = impactRows(g, cis, new Map([['print01', 2]]));
    expect(rows.map((r) => [r.id, r.direction, r.depth, r.via, r.openIncidents])).toEqual([
      ['hv01', 'self', 0, null, 0],
      ['print01', 'upstream', 1, 'print01 is virtualized by hv01', 2],
      ['print02', 'upstream', 1, 'print02 is virtualized by hv01', 0],
      ['print-service', 'upstream', 2, 'print-service depends on print01', 0],
      ['sw01', 'downstream', 1, 'hv01 connects to sw01', 0],
    ]);
  });

  it('gives each row the changes scheduled on its CI, none when it has none', () => {
    const patching = newChange({ id: 'c1', number: 'CHG-0007', title: 'Patching', status: 'scheduled', windowStart: '2026-12-10T19:00:00.000Z', windowEnd: '2026-12-10T22:00:00.000Z', createdAt: '2026-12-01T09:00:00.000Z', rev: 1 });
    const rows = impactRows(impactView('hv01', tree, 1, 'both'), cis, new Map(), new Map([['print01', [patching]]]));
    expect(rows.map((r) => [r.id, r.changes.map((c) => c.number)])).toEqual([
      ['hv01', []],
      ['print01', ['CHG-0007']],
      ['print02', []],
      ['sw01', []],
    ]);
  });

  it('names a CI that is not on this device as such, in the sentence too', () => {
    const only = new Map([['print01', cis.get('print01')!]]);
    const rows = impactRows(impactView('print01', tree, 1, 'upstream'), only, new Map());
    expect(rows[1]).toMatchObject({ id: 'print-service', ci: null, via: '(not on this device) depends on print01' });
    expect(incidentWords(1)).toBe('1 open incident');
    expect(incidentWords(3)).toBe('3 open incidents');
  });
});

describe('layoutImpact', () => {
  it('places every CI, each CI that relies above what it relies on, none overlapping, the same each time', () => {
    const g = impactView('print01', tree, 3, 'both');
    const at = layoutImpact(g);
    expect([...at.keys()].sort()).toEqual(g.nodes.map((x) => x.id).sort());
    for (const e of g.edges.filter((x) => x.type !== 'connects_to')) expect(at.get(e.fromId)!.y, `${e.fromId} above ${e.toId}`).toBeLessThan(at.get(e.toId)!.y);
    const boxes = [...at.values()];
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(Math.abs(a.x - b.x) >= NODE_SIZE.width || Math.abs(a.y - b.y) >= NODE_SIZE.height, 'no two boxes overlap').toBe(true);
    expect(layoutImpact({ nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() })).toEqual(at);
  });

  it('puts what an outage affects above the start and what it relies on below, the farther the farther', () => {
    const site = [rel('prn', 'depends_on', 'print01'), rel('prn', 'connects_to', 'sw01'), rel('hv01', 'connects_to', 'sw01'), rel('print01', 'virtualized_by', 'hv01')];
    for (const filter of ['both', 'upstream', 'downstream'] as const) {
      const g = impactView('print01', site, 3, filter);
      const at = layoutImpact(g);
      const level = (id: string) => {
        const node = g.nodes.find((x) => x.id === id)!;
        return node.direction === 'upstream' ? -node.depth : node.depth;
      };
      for (const a of g.nodes) for (const b of g.nodes) if (level(a.id) < level(b.id)) expect(at.get(a.id)!.y, `${filter}: ${a.id} above ${b.id}`).toBeLessThan(at.get(b.id)!.y);
    }
  });

  it('lays out a CI alone', () => {
    expect([...layoutImpact({ nodes: [{ id: 'a', depth: 0, direction: 'self' }], edges: [] }).values()]).toHaveLength(1);
  });
});

describe('readableViewport', () => {
  it('fits a small graph whole, and shows a large one from its top, centred, at a zoom its boxes can be read at', () => {
    const small = readableViewport({ x: 0, y: 0, width: 600, height: 300 }, 1000, 600);
    expect(small.zoom).toBeGreaterThanOrEqual(0.7);
    const large = readableViewport({ x: 0, y: 0, width: 4000, height: 1500 }, 1000, 600);
    expect(large.zoom).toBe(0.7);
    // The graph's top sits just under the frame's top; its middle at the frame's middle.
    expect(large.y).toBeCloseTo(600 * 0.06);
    expect(large.x + 2000 * 0.7).toBeCloseTo(500);
  });
});
