import { z } from 'zod';
import { HoldPeriodSchema, ImpactSchema, TicketKindSchema, TicketSchema, type HoldPeriod, type Impact } from '../domain/entities';
import { IdSchema } from '../domain/ids';
import { PrioritySchema } from '../itsm/config';
import { defineEntity, patchOf } from './define';
import { scope } from './scope';
import { trimmedTitle } from './strings';

/**
 * Fields a client may set when it creates a ticket; the server fills in the rest. Without
 * `priority`, the priority is the matrix's for impact and urgency (common/itsm/config.ts);
 * with it, the client's choice stands (an override).
 */
export const TicketCreateDataSchema = z
  .object({
    kind: TicketKindSchema,
    title: z.string().trim().min(1, 'a title is required').max(300),
    description: z.string().max(20_000).default(''),
    priority: PrioritySchema.optional(),
    impact: ImpactSchema.default(2),
    urgency: ImpactSchema.default(2),
    category: z.string().max(100).default(''),
    subcategory: z.string().max(100).default(''),
    requesterId: IdSchema.nullable().default(null),
    assigneeId: IdSchema.nullable().default(null),
    groupId: IdSchema.nullable().default(null),
    siteId: IdSchema.nullable().default(null),
    locationId: IdSchema.nullable().default(null),
    /** Service requests only. */
    catalogItemId: z.string().max(64).nullable().default(null),
    /** Incidents only: the problem it is linked to. */
    problemId: IdSchema.nullable().default(null),
    /** Problems only. */
    rootCause: z.string().max(20_000).nullable().default(null),
    workaround: z.string().max(20_000).nullable().default(null),
    knownError: z.boolean().default(false),
  })
  .strict();

/** The fields a client may change on a ticket: status through the lifecycle, any other clash is a conflict. */
const ticketPatch = patchOf(
  TicketSchema,
  {
    title: 'conflict',
    description: 'conflict',
    status: 'lifecycle',
    priority: 'conflict',
    impact: 'conflict',
    urgency: 'conflict',
    category: 'conflict',
    subcategory: 'conflict',
    requesterId: 'conflict',
    assigneeId: 'conflict',
    groupId: 'conflict',
    locationId: 'conflict',
    onHoldReason: 'conflict',
    resolutionCode: 'conflict',
    resolutionNotes: 'conflict',
    problemId: 'conflict',
    rootCause: 'conflict',
    workaround: 'conflict',
    knownError: 'conflict',
  },
  { title: trimmedTitle },
);

/** Impact and urgency are 1..3; anything else stored (never written by FieldDesk) reads as medium. */
function level(stored: unknown): Impact {
  const n = Number(stored);
  return n === 1 || n === 3 ? n : 2;
}

/** The SLA hold periods; entries that are not hold periods are dropped, a damaged value counts as none. */
function holds(stored: unknown): HoldPeriod[] {
  try {
    const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
    if (!Array.isArray(value)) return [];
    return value.flatMap((h) => {
      const parsed = HoldPeriodSchema.safeParse(h);
      return parsed.success ? [parsed.data] : [];
    });
  } catch {
    return [];
  }
}

/** An incident, service request or problem. */
export const ticket = defineEntity({
  name: 'ticket',
  schema: TicketSchema,
  table: 'tickets',
  scope: scope.anyOf(scope.inViewerGroups('groupId'), scope.atViewerSite('siteId')),
  columns: { impact: { read: level }, urgency: { read: level }, slaHolds: { read: holds } },
  replica: { table: 'tickets', indexes: ['status', 'problemId'] },
  ops: { create: TicketCreateDataSchema, patch: ticketPatch },
  numbering: { by: 'kind', prefixes: { incident: 'INC', service_request: 'REQ', problem: 'PRB' } },
});
