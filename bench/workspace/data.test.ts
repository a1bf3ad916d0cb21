/**
 * The benchmark's generated records must be records the app could really hold: valid against
 * the domain schemas, every reference resolving, every ticket in the technician's scope and
 * consistent with the lifecycle. Otherwise the workspace figures would measure data no
 * replica can contain.
 */
import { describe, expect, it } from 'vitest';
import { AssetSchema, KnowledgeArticleSchema, TicketSchema } from '@fielddesk/common/domain/entities';
import { checkAssignee } from '@fielddesk/common/itsm/lifecycle';
import { generateArticles, generateAssets, generateTickets } from './data';
import { demoReference } from './reference';
import { percentile } from './report';

const NOW = Date.parse('2026-11-21T09:00:00Z');
const ref = demoReference('tech1');
const tickets = generateTickets(3_000, ref, NOW);

describe('generated tickets', () => {
  it('are valid tickets', () => {
    for (const t of tickets) expect(TicketSchema.safeParse(t).error?.issues ?? []).toEqual([]);
  });

  it('reference people, groups, sites, locations and problems that exist', () => {
    const persons = new Map(ref.persons.map((p) => [p.id, p]));
    const groups = new Map(ref.groups.map((g) => [g.id, g]));
    const sites = new Set(ref.sites.map((s) => s.id));
    const locations = new Map(ref.locations.map((l) => [l.id, l]));
    const problems = new Set(tickets.filter((t) => t.kind === 'problem').map((t) => t.id));
    for (const t of tickets) {
      expect(persons.get(t.requesterId!)?.role).toBe('requester');
      expect(sites.has(t.siteId!)).toBe(true);
      if (t.locationId) expect(locations.get(t.locationId)?.siteId).toBe(t.siteId);
      if (t.problemId) expect(problems.has(t.problemId)).toBe(true);
      if (t.assigneeId) {
        const group = t.groupId ? groups.get(t.groupId)! : null;
        expect(checkAssignee(persons.get(t.assigneeId)!, group)).toEqual({ ok: true });
      }
      if (t.catalogItemId) expect(ref.config.catalog.some((c) => c.id === t.catalogItemId)).toBe(true);
    }
    expect(tickets.filter((t) => t.problemId).length).toBeGreaterThan(0);
  });

  it('are all in the technician scope (their group, or their site)', () => {
    for (const t of tickets) expect(ref.user.groupIds.includes(t.groupId!) || t.siteId === ref.user.siteId).toBe(true);
    const mineOpen = tickets.filter((t) => t.assigneeId === ref.user.id && !['resolved', 'closed'].includes(t.status));
    expect(mineOpen.length).toBeGreaterThan(tickets.length * 0.01);
  });

  it('do not pile up at "now" (steps that would end in the future are shortened, not clamped)', () => {
    expect(tickets.filter((t) => NOW - Date.parse(t.updatedAt) < 60_000).length).toBeLessThan(tickets.length * 0.002);
  });

  it('follow the lifecycle: response, holds, resolution and closure in order', () => {
    for (const t of tickets) {
      const created = Date.parse(t.createdAt);
      expect(Date.parse(t.updatedAt)).toBeGreaterThanOrEqual(created);
      expect(Date.parse(t.updatedAt)).toBeLessThanOrEqual(NOW);
      if (t.status === 'new') expect([t.respondedAt, t.assigneeId]).toEqual([null, null]);
      else expect(Date.parse(t.respondedAt!)).toBeGreaterThanOrEqual(created);
      const done = t.status === 'resolved' || t.status === 'closed';
      expect(t.resolvedAt !== null).toBe(done);
      expect(t.resolutionCode !== null && t.resolutionNotes !== null).toBe(done);
      expect(t.closedAt !== null).toBe(t.status === 'closed');
      if (t.closedAt) expect(Date.parse(t.closedAt)).toBeGreaterThanOrEqual(Date.parse(t.resolvedAt!));
      expect(t.onHoldReason !== null).toBe(t.status === 'on_hold');
      const open = t.slaHolds.filter((h) => h.to === null);
      expect(open.length).toBe(t.status === 'on_hold' ? 1 : 0);
      for (const h of t.slaHolds) if (h.to) expect(Date.parse(h.to)).toBeGreaterThanOrEqual(Date.parse(h.from));
    }
  });

  it('have a realistic mix: about a tenth open, varied titles, all three kinds', () => {
    const open = tickets.filter((t) => !['resolved', 'closed'].includes(t.status)).length / tickets.length;
    expect(open).toBeGreaterThan(0.05);
    expect(open).toBeLessThan(0.2);
    expect(new Set(tickets.map((t) => t.title)).size).toBeGreaterThan(300);
    expect(new Set(tickets.map((t) => t.kind))).toEqual(new Set(['incident', 'service_request', 'problem']));
  });

  it('are the same on every run (deterministic)', () => {
    expect(generateTickets(500, ref, NOW)).toEqual(generateTickets(500, ref, NOW));
  });
});

describe('generated articles and assets', () => {
  it('are valid and in the technician scope', () => {
    for (const a of generateArticles(500, ref, NOW)) {
      expect(KnowledgeArticleSchema.safeParse(a).error?.issues ?? []).toEqual([]);
      expect(a.published || a.authorId === ref.user.id).toBe(true);
    }
    for (const a of generateAssets(1_000, ref, 100_000)) {
      expect(AssetSchema.safeParse(a).error?.issues ?? []).toEqual([]);
      expect(a.siteId === null || a.siteId === ref.user.siteId).toBe(true);
    }
  });
});

describe('percentile', () => {
  it('is the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(Number.isNaN(percentile([], 95))).toBe(true);
  });
});
