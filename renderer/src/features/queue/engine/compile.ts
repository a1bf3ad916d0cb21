/**
 * Turns a filter definition into one predicate over queue rows. Compiling once per filter change
 * (values lower-cased, "me" and "my groups" resolved, dates turned into epoch ms) keeps the loop
 * over 100,000 rows to plain comparisons.
 */
import type { QueueItem, ResolutionMemo, SlaLevelMemo } from './item';
import {
  FILTER_FIELDS,
  ME,
  MY_GROUPS,
  isGroup,
  type Condition,
  type FilterDefinition,
  type FilterField,
} from './definition';

/** What a filter needs to know besides the row: who asks, and when. */
export interface FilterContext {
  userId: string;
  groupIds: ReadonlySet<string>;
  nowMs: number;
  /** The row's SLA level (memoised; see sla.ts). */
  slaLevel(item: QueueItem): SlaLevelMemo['level'];
  /** The row's resolution clock (memoised; see sla.ts). */
  resolution(item: QueueItem): ResolutionMemo;
}

export type RowPredicate = (item: QueueItem) => boolean;

const DAY_MS = 86_400_000;

/** Local midnight of a YYYY-MM-DD date (filters are in the user's own day). */
function localMidnight(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

function enumValue(item: QueueItem, field: FilterField, ctx: FilterContext): string {
  const t = item.ticket;
  switch (field) {
    case 'kind':
      return t.kind;
    case 'status':
      return t.status;
    case 'priority':
      return String(t.priority);
    case 'impact':
      return String(t.impact);
    case 'urgency':
      return String(t.urgency);
    case 'sla':
      return ctx.slaLevel(item) ?? 'none';
    default:
      throw new Error(`"${field}" is not a list field.`);
  }
}

function refValue(item: QueueItem, field: FilterField): string | null {
  const t = item.ticket;
  switch (field) {
    case 'assignee':
      return t.assigneeId;
    case 'requester':
      return t.requesterId;
    case 'group':
      return t.groupId;
    case 'site':
      return t.siteId;
    default:
      throw new Error(`"${field}" is not a reference field.`);
  }
}

function textValue(item: QueueItem, field: FilterField): string {
  const t = item.ticket;
  switch (field) {
    case 'title':
      return item.titleKey;
    case 'number':
      return item.numberKey;
    case 'category':
      return t.category.toLowerCase();
    case 'subcategory':
      return t.subcategory.toLowerCase();
    default:
      throw new Error(`"${field}" is not a text field.`);
  }
}

function dateValue(item: QueueItem, field: FilterField): number | null {
  switch (field) {
    case 'createdAt':
      return item.createdMs;
    case 'updatedAt':
      return item.updatedMs;
    case 'resolvedAt':
      return item.resolvedMs;
    default:
      throw new Error(`"${field}" is not a date field.`);
  }
}

function compileCondition(c: Condition, ctx: FilterContext): RowPredicate {
  const type = FILTER_FIELDS[c.field].type;
  const { field, op, value } = c;

  if (type === 'enum') {
    const set = new Set(Array.isArray(value) ? value : []);
    return op === 'in' ? (item) => set.has(enumValue(item, field, ctx)) : (item) => !set.has(enumValue(item, field, ctx));
  }

  if (type === 'person' || type === 'group' || type === 'site') {
    if (op === 'is_empty') return (item) => refValue(item, field) === null;
    if (op === 'is_not_empty') return (item) => refValue(item, field) !== null;
    const ids = new Set<string>();
    for (const v of Array.isArray(value) ? value : []) {
      if (type === 'person' && v === ME) ids.add(ctx.userId);
      else if (type === 'group' && v === MY_GROUPS) ctx.groupIds.forEach((g) => ids.add(g));
      else ids.add(v);
    }
    const has = (item: QueueItem) => {
      const id = refValue(item, field);
      return id !== null && ids.has(id);
    };
    return op === 'in' ? has : (item) => !has(item);
  }

  if (type === 'text') {
    const needle = typeof value === 'string' ? value.trim().toLowerCase() : '';
    switch (op) {
      case 'contains':
        return (item) => textValue(item, field).includes(needle);
      case 'not_contains':
        return (item) => !textValue(item, field).includes(needle);
      case 'equals':
        return (item) => textValue(item, field) === needle;
      case 'starts_with':
        return (item) => textValue(item, field).startsWith(needle);
      case 'is_empty':
        return (item) => textValue(item, field) === '';
      case 'is_not_empty':
        return (item) => textValue(item, field) !== '';
    }
  }

  if (type === 'date') {
    switch (op) {
      case 'is_empty':
        return (item) => dateValue(item, field) === null;
      case 'is_not_empty':
        return (item) => dateValue(item, field) !== null;
      case 'within_days': {
        const since = ctx.nowMs - Number(value) * DAY_MS;
        return (item) => {
          const ms = dateValue(item, field);
          return ms !== null && ms >= since;
        };
      }
      case 'older_than_days': {
        const until = ctx.nowMs - Number(value) * DAY_MS;
        return (item) => {
          const ms = dateValue(item, field);
          return ms !== null && ms < until;
        };
      }
      case 'before': {
        const at = localMidnight(String(value));
        return (item) => {
          const ms = dateValue(item, field);
          return ms !== null && ms < at;
        };
      }
      case 'after': {
        const at = localMidnight(String(value));
        return (item) => {
          const ms = dateValue(item, field);
          return ms !== null && ms >= at;
        };
      }
    }
  }
  throw new Error(`"${FILTER_FIELDS[field].label}" cannot be compared with "${op}".`);
}

function combine(predicates: RowPredicate[], combinator: 'and' | 'or'): RowPredicate {
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0]!;
  if (combinator === 'and') return (item) => predicates.every((p) => p(item));
  return (item) => predicates.some((p) => p(item));
}

/** One predicate for a whole definition (an empty definition matches every row). */
export function compileDefinition(def: FilterDefinition, ctx: FilterContext): RowPredicate {
  const parts = def.items.map((item) =>
    isGroup(item) ? combine(item.conditions.map((c) => compileCondition(c, ctx)), item.combinator) : compileCondition(item, ctx),
  );
  return combine(parts, def.combinator);
}

/** One predicate that holds when all of the given ones do (no loop over them per row). */
export function allOf(predicates: ReadonlyArray<RowPredicate | null>): RowPredicate {
  const [a, b, c, ...rest] = predicates.filter((p): p is RowPredicate => p !== null);
  if (!a) return () => true;
  if (!b) return a;
  if (!c) return (item) => a(item) && b(item);
  if (rest.length === 0) return (item) => a(item) && b(item) && c(item);
  const all = [a, b, c, ...rest];
  return (item) => all.every((p) => p(item));
}
