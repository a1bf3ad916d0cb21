/**
 * Who may see an entity's records, as data: each declaration names its rule (common/entities/),
 * and the rule is compiled twice from this one form — to the SQL condition pull reads with
 * (server/src/sync/scope.ts) and, here, to a predicate over a record's values, for records
 * already loaded and for the old values of a record that moved (was it visible before?).
 *
 * For every rule: admins and agents see every record; requesters, who never sign in to the
 * app, see only what everyone signed in sees; technicians see what the rule says.
 */
import type { Role } from '../domain/entities';

/** Who is asking. */
export interface ScopeViewer {
  id: string;
  role: Role;
  siteId: string | null;
  groupIds: readonly string[];
}

export type ScopeRule =
  /** Every signed-in user (reference data: sites, people, the ITSM configuration). */
  | { kind: 'everyone' }
  /** The field holds the viewer's site. */
  | { kind: 'atViewerSite'; field: string }
  /** The field holds one of the viewer's support groups. */
  | { kind: 'inViewerGroups'; field: string }
  /** The field holds the viewer's own id. */
  | { kind: 'isViewer'; field: string }
  /** The field is true (published, for instance). */
  | { kind: 'isTrue'; field: string }
  /** The record's window [start, end] touches the viewer's horizon: today to today + days. */
  | { kind: 'window'; start: string; end: string; days: number }
  /** The record follows its parent (the field holds the parent's id): visible when the parent is. */
  | { kind: 'childOf'; parent: string; field: string }
  /** Any of the rules. */
  | { kind: 'anyOf'; rules: readonly ScopeRule[] }
  /** Every one of the rules (a link between two records, seen by whoever sees both ends). */
  | { kind: 'allOf'; rules: readonly ScopeRule[] };

/** The rule builders declarations use: `scope.anyOf(scope.inViewerGroups('groupId'), scope.atViewerSite('siteId'))`. */
export const scope = {
  everyone: (): ScopeRule => ({ kind: 'everyone' }),
  atViewerSite: (field: string): ScopeRule => ({ kind: 'atViewerSite', field }),
  inViewerGroups: (field: string): ScopeRule => ({ kind: 'inViewerGroups', field }),
  isViewer: (field: string): ScopeRule => ({ kind: 'isViewer', field }),
  isTrue: (field: string): ScopeRule => ({ kind: 'isTrue', field }),
  window: (start: string, end: string, days: number): ScopeRule => ({ kind: 'window', start, end, days }),
  childOf: (parent: string, field: string): ScopeRule => ({ kind: 'childOf', parent, field }),
  anyOf: (...rules: ScopeRule[]): ScopeRule => ({ kind: 'anyOf', rules }),
  allOf: (...rules: ScopeRule[]): ScopeRule => ({ kind: 'allOf', rules }),
};

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) at the given time. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/**
 * A window rule's horizon on a day, at day granularity so it is the same all day long: a record
 * is inside when end >= from and start < to, which covers [now, now + days] for any moment of
 * that day (and at most one day more on either side).
 */
export function windowOf(day: number, days: number): { from: string; to: string } {
  return { from: new Date(day * DAY_MS).toISOString(), to: new Date((day + days + 1) * DAY_MS).toISOString() };
}

/** Admins and agents see every record of every entity. */
export function seesEverything(viewer: Pick<ScopeViewer, 'role'>): boolean {
  return viewer.role === 'admin' || viewer.role === 'agent';
}

/** The fields a rule reads (a child-of rule: its parent field only). */
export function ruleFields(rule: ScopeRule): string[] {
  switch (rule.kind) {
    case 'everyone':
      return [];
    case 'window':
      return [rule.start, rule.end];
    case 'anyOf':
    case 'allOf':
      return rule.rules.flatMap(ruleFields);
    default:
      return [rule.field];
  }
}

export interface PredicateContext {
  /** Today, in days since 1970 (window rules). */
  day: number;
  /** Whether the parent record of a child-of rule is visible (required when a rule has one). */
  parentVisible?: (parent: string, id: string | null) => boolean;
}

/** Whether the viewer may see a record with these field values under the rule. */
export function canSee(rule: ScopeRule, viewer: ScopeViewer, values: Readonly<Record<string, unknown>>, ctx: PredicateContext): boolean {
  if (rule.kind === 'everyone' || seesEverything(viewer)) return true;
  if (viewer.role !== 'technician') return false;
  return holds(rule, viewer, values, ctx);
}

function holds(rule: ScopeRule, viewer: ScopeViewer, values: Readonly<Record<string, unknown>>, ctx: PredicateContext): boolean {
  switch (rule.kind) {
    case 'everyone':
      return true;
    case 'atViewerSite':
      return viewer.siteId !== null && values[rule.field] === viewer.siteId;
    case 'inViewerGroups': {
      const value = values[rule.field];
      return typeof value === 'string' && viewer.groupIds.includes(value);
    }
    case 'isViewer':
      return values[rule.field] === viewer.id;
    case 'isTrue':
      return values[rule.field] === true || Number(values[rule.field]) === 1;
    case 'window': {
      const start = values[rule.start];
      const end = values[rule.end];
      if (typeof start !== 'string' || typeof end !== 'string') return false;
      const w = windowOf(ctx.day, rule.days);
      return end >= w.from && start < w.to;
    }
    case 'childOf': {
      if (!ctx.parentVisible) throw new Error(`a child-of rule (parent ${rule.parent}) needs parentVisible`);
      const id = values[rule.field];
      return ctx.parentVisible(rule.parent, typeof id === 'string' ? id : null);
    }
    case 'anyOf':
      return rule.rules.some((r) => holds(r, viewer, values, ctx));
    case 'allOf':
      return rule.rules.every((r) => holds(r, viewer, values, ctx));
  }
}
