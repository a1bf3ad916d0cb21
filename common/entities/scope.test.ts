import { describe, expect, it } from 'vitest';
import { canSee, ruleFields, scope, windowOf, type ScopeRule, type ScopeViewer } from './scope';

const tech: ScopeViewer = { id: 'me', role: 'technician', siteId: 'hq', groupIds: ['g1', 'g2'] };
const homeless: ScopeViewer = { id: 'me', role: 'technician', siteId: null, groupIds: [] };
const agent: ScopeViewer = { id: 'a', role: 'agent', siteId: null, groupIds: [] };
const requester: ScopeViewer = { id: 'r', role: 'requester', siteId: 'hq', groupIds: ['g1'] };

const ticketRule = scope.anyOf(scope.inViewerGroups('groupId'), scope.atViewerSite('siteId'));
const articleRule = scope.anyOf(scope.isTrue('published'), scope.isViewer('authorId'));
const day = 20_000; // 2024-10-04
const w = windowOf(day, 90);

describe('scope rules in memory', () => {
  it.each<[string, ScopeRule, ScopeViewer, Record<string, unknown>, boolean]>([
    ['everyone: a requester too', scope.everyone(), requester, {}, true],
    ['admins and agents see everything', ticketRule, agent, { groupId: 'x', siteId: 'y' }, true],
    ['requesters see nothing else', ticketRule, requester, { groupId: 'g1', siteId: 'hq' }, false],
    ['one of my groups', ticketRule, tech, { groupId: 'g2', siteId: 'dc' }, true],
    ['my site', ticketRule, tech, { groupId: 'g9', siteId: 'hq' }, true],
    ['neither', ticketRule, tech, { groupId: 'g9', siteId: 'dc' }, false],
    ['no site and no group of mine never matches null', ticketRule, homeless, { groupId: null, siteId: null }, false],
    ['published (stored 0/1 too)', articleRule, tech, { published: 1, authorId: 'x' }, true],
    ['my draft', articleRule, tech, { published: false, authorId: 'me' }, true],
    ["someone else's draft", articleRule, tech, { published: 0, authorId: 'x' }, false],
    ['window inside the horizon', scope.window('start', 'end', 90), tech, { start: w.from, end: w.from }, true],
    ['window ended before today', scope.window('start', 'end', 90), tech, { start: '2000-01-01T00:00:00.000Z', end: new Date(day * 86_400_000 - 1).toISOString() }, false],
    ['window starting after the horizon', scope.window('start', 'end', 90), tech, { start: w.to, end: w.to }, false],
    ['window unknown', scope.window('start', 'end', 90), tech, { start: null, end: null }, false],
  ])('%s', (_what, rule, viewer, values, expected) => {
    expect(canSee(rule, viewer, values, { day })).toBe(expected);
  });

  it('a child is visible when its parent is, asked through parentVisible', () => {
    const rule = scope.childOf('ticket', 'ticketId');
    const asked: [string, string | null][] = [];
    const parentVisible = (parent: string, id: string | null) => {
      asked.push([parent, id]);
      return id === 't1';
    };
    expect(canSee(rule, tech, { ticketId: 't1' }, { day, parentVisible })).toBe(true);
    expect(canSee(rule, tech, { ticketId: 't2' }, { day, parentVisible })).toBe(false);
    expect(asked).toEqual([
      ['ticket', 't1'],
      ['ticket', 't2'],
    ]);
    expect(() => canSee(rule, tech, { ticketId: 't1' }, { day })).toThrow(/needs parentVisible/);
  });

  it('a link seen with both its parents (allOf) is visible only when every rule holds', () => {
    const rule = scope.allOf(scope.childOf('change', 'changeId'), scope.childOf('configuration_item', 'ciId'));
    const parentVisible = (parent: string, id: string | null) => (parent === 'change' ? id === 'chg' : id === 'ci');
    expect(canSee(rule, tech, { changeId: 'chg', ciId: 'ci' }, { day, parentVisible })).toBe(true);
    expect(canSee(rule, tech, { changeId: 'chg', ciId: 'elsewhere' }, { day, parentVisible })).toBe(false);
    expect(canSee(rule, tech, { changeId: 'old', ciId: 'ci' }, { day, parentVisible })).toBe(false);
    expect(canSee(rule, agent, { changeId: 'old', ciId: 'elsewhere' }, { day, parentVisible })).toBe(true);
    expect(ruleFields(rule)).toEqual(['changeId', 'ciId']);
  });

  it('names the fields a rule reads', () => {
    expect(ruleFields(scope.anyOf(ticketRule, scope.isViewer('assigneeId'), scope.window('a', 'b', 1)))).toEqual(['groupId', 'siteId', 'assigneeId', 'a', 'b']);
  });
});
