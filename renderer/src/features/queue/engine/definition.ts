/**
 * Custom queue filters: rows of (field, operator, value), combined with AND or OR, with at most
 * one level of groups ("status is on hold AND (priority is P1 OR assignee is me)"). A definition
 * is plain JSON, so it can be saved in Dexie (savedFilters, local to the device) and checked with
 * zod when read back: a definition written by an older or broken version is refused with a
 * message, never half-applied.
 */
import { z } from 'zod';
import { TICKET_KIND_LABELS } from '@fielddesk/common/domain/entities';
import { PRIORITY_LABELS, LEVEL_LABELS } from '@fielddesk/common/itsm/config';
import { STATUS_LABELS } from '@fielddesk/common/itsm/lifecycle';

/** How a field's values are compared; it decides the operators offered. */
export type FieldType = 'enum' | 'person' | 'group' | 'site' | 'text' | 'date';

export interface FieldSpec {
  label: string;
  type: FieldType;
  /** For enum fields: the values and their labels. */
  options?: ReadonlyArray<{ value: string; label: string }>;
}

const options = (labels: Record<string | number, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export const FILTER_FIELDS = {
  kind: { label: 'Kind', type: 'enum', options: options(TICKET_KIND_LABELS) },
  status: { label: 'Status', type: 'enum', options: options(STATUS_LABELS) },
  priority: { label: 'Priority', type: 'enum', options: Object.entries(PRIORITY_LABELS).map(([v, l]) => ({ value: v, label: `P${v} ${l}` })) },
  impact: { label: 'Impact', type: 'enum', options: options(LEVEL_LABELS) },
  urgency: { label: 'Urgency', type: 'enum', options: options(LEVEL_LABELS) },
  sla: {
    label: 'SLA',
    type: 'enum',
    options: [
      { value: 'ok', label: 'On track' },
      { value: 'warning', label: 'At risk' },
      { value: 'breached', label: 'Breached' },
      { value: 'none', label: 'No SLA' },
    ],
  },
  assignee: { label: 'Assignee', type: 'person' },
  requester: { label: 'Requester', type: 'person' },
  group: { label: 'Group', type: 'group' },
  site: { label: 'Site', type: 'site' },
  title: { label: 'Title', type: 'text' },
  number: { label: 'Number', type: 'text' },
  category: { label: 'Category', type: 'text' },
  subcategory: { label: 'Subcategory', type: 'text' },
  createdAt: { label: 'Created', type: 'date' },
  updatedAt: { label: 'Updated', type: 'date' },
  resolvedAt: { label: 'Resolved', type: 'date' },
} as const satisfies Record<string, FieldSpec>;

export type FilterField = keyof typeof FILTER_FIELDS;
export const FILTER_FIELD_NAMES = Object.keys(FILTER_FIELDS) as [FilterField, ...FilterField[]];

/**
 * The operators. `in` / `not_in` take a list (enum values, or ids where "me" stands for the
 * signed-in user and "mine" for any of their groups); text operators take a string; the day
 * operators a whole number of days; before / after an ISO date (YYYY-MM-DD, local midnight).
 */
export const OPERATORS = {
  in: { label: 'is any of', value: 'list' },
  not_in: { label: 'is none of', value: 'list' },
  is_empty: { label: 'is empty', value: 'none' },
  is_not_empty: { label: 'is not empty', value: 'none' },
  contains: { label: 'contains', value: 'text' },
  not_contains: { label: 'does not contain', value: 'text' },
  equals: { label: 'is', value: 'text' },
  starts_with: { label: 'starts with', value: 'text' },
  within_days: { label: 'in the last … days', value: 'days' },
  older_than_days: { label: 'more than … days ago', value: 'days' },
  before: { label: 'before', value: 'date' },
  after: { label: 'on or after', value: 'date' },
} as const;

export type Operator = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as [Operator, ...Operator[]];

export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  enum: ['in', 'not_in'],
  person: ['in', 'not_in', 'is_empty', 'is_not_empty'],
  group: ['in', 'not_in', 'is_empty', 'is_not_empty'],
  site: ['in', 'not_in', 'is_empty', 'is_not_empty'],
  text: ['contains', 'not_contains', 'equals', 'starts_with', 'is_empty', 'is_not_empty'],
  date: ['within_days', 'older_than_days', 'before', 'after', 'is_empty', 'is_not_empty'],
};

/** "me" in a person list: whoever is signed in (so a shared definition means the same to everyone). */
export const ME = 'me';
/** "mine" in a group list: any group of the signed-in user. */
export const MY_GROUPS = 'mine';

export const ConditionSchema = z
  .object({
    field: z.enum(FILTER_FIELD_NAMES),
    op: z.enum(OPERATOR_NAMES),
    value: z.union([z.string().max(500), z.number(), z.array(z.string().max(100)).max(500), z.null()]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const spec: FieldSpec = FILTER_FIELDS[c.field];
    if (!OPERATORS_BY_TYPE[spec.type].includes(c.op)) {
      ctx.addIssue({ code: 'custom', message: `"${spec.label}" cannot be compared with "${OPERATORS[c.op].label}".` });
      return;
    }
    const expects = OPERATORS[c.op].value;
    const v = c.value;
    if (expects === 'list' && (!Array.isArray(v) || v.length === 0)) ctx.addIssue({ code: 'custom', message: `"${spec.label} ${OPERATORS[c.op].label}" needs at least one value.` });
    if (expects === 'text' && (typeof v !== 'string' || v.trim() === '')) ctx.addIssue({ code: 'custom', message: `"${spec.label} ${OPERATORS[c.op].label}" needs some text.` });
    if (expects === 'days' && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 36_500)) {
      ctx.addIssue({ code: 'custom', message: `"${spec.label} ${OPERATORS[c.op].label}" needs a whole number of days (0 to 36500).` });
    }
    if (expects === 'date' && (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))) {
      ctx.addIssue({ code: 'custom', message: `"${spec.label} ${OPERATORS[c.op].label}" needs a date as YYYY-MM-DD.` });
    }
    if (expects === 'list' && spec.options && Array.isArray(v)) {
      const allowed = new Set(spec.options.map((o) => o.value));
      const wrong = v.filter((x) => !allowed.has(x));
      if (wrong.length) ctx.addIssue({ code: 'custom', message: `"${spec.label}" has no value ${wrong.map((w) => `"${w}"`).join(', ')}.` });
    }
  });
export type Condition = z.infer<typeof ConditionSchema>;

export const CombinatorSchema = z.enum(['and', 'or']);
export type Combinator = z.infer<typeof CombinatorSchema>;

export const ConditionGroupSchema = z
  .object({ combinator: CombinatorSchema, conditions: z.array(ConditionSchema).min(1, 'A group needs at least one condition.').max(50) })
  .strict();
export type ConditionGroup = z.infer<typeof ConditionGroupSchema>;

export const FilterDefinitionSchema = z
  .object({
    version: z.literal(1),
    combinator: CombinatorSchema,
    items: z.array(z.union([ConditionSchema, ConditionGroupSchema])).max(50),
  })
  .strict();
export type FilterDefinition = z.infer<typeof FilterDefinitionSchema>;
export type FilterItem = FilterDefinition['items'][number];

export function isGroup(item: FilterItem): item is ConditionGroup {
  return 'conditions' in item;
}

export const EMPTY_DEFINITION: FilterDefinition = { version: 1, combinator: 'and', items: [] };

/** Reads a stored definition: the definition, or the reasons it cannot be used, in words. */
export function parseDefinition(raw: unknown): { ok: true; definition: FilterDefinition } | { ok: false; reason: string } {
  const parsed = FilterDefinitionSchema.safeParse(raw);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const reasons = parsed.error.issues.map((i) => (i.code === 'custom' ? i.message : `${i.path.join('.') || 'filter'}: ${i.message}`));
  return { ok: false, reason: [...new Set(reasons)].join(' ') };
}
