/**
 * The synced records of change and release management (issue 15), as every layer validates
 * them; their entity declarations are common/entities/change*.ts, release.ts, cab-meeting.ts.
 *
 * - `change`: the change request: type and state (lifecycle.ts), risk (risk.ts: the questionnaire
 *   answers travel with it and the risk is recomputed from them on app and server alike), the
 *   planned window, plans, people, its release. Numbered CHG-0001… by the server. The CIs and
 *   services it affects are `change_ci` links (common/entities/change-ci.ts).
 * - `change_event`: the change's history; a move to another state syncs as its creation, so the
 *   server checks it with lifecycle.ts and keeps who, when and why.
 * - `change_window`: a maintenance or freeze window, once or recurring (windows.ts).
 * - `release`: groups changes (by the change's `releaseId`) under a planned window and a state.
 * - `cab_meeting`: a recurring Change Advisory Board meeting, its members (a group) and the filter
 *   that makes its agenda.
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';
import { ChangeOutcomeSchema, ChangeStateSchema, ChangeTypeSchema } from './lifecycle';
import { ChangeRiskSchema, RiskAnswersSchema } from './risk';

const Text = (max: number) => z.string().max(max);
const Plan = Text(20_000);

export const ChangeRequestSchema = z.object({
  id: IdSchema,
  /** CHG-0042 from the server; null until then. */
  number: z.string().nullable(),
  type: ChangeTypeSchema,
  status: ChangeStateSchema,
  title: z.string().min(1).max(300),
  description: Text(20_000),
  /** Why the change is needed (its justification). */
  reason: Text(5_000),
  category: Text(100),
  risk: ChangeRiskSchema,
  riskAnswers: RiskAnswersSchema,
  /** Where the risk comes from, in one sentence (risk.ts assessRisk's `why`). */
  riskWhy: Text(1_000),
  windowStart: TimestampSchema,
  windowEnd: TimestampSchema,
  /** The outage users will see, in minutes; null when none is expected. */
  downtimeMinutes: z.number().int().min(0).max(525_600).nullable(),
  implementationPlan: Plan,
  backoutPlan: Plan,
  testPlan: Plan,
  siteId: IdSchema.nullable(),
  /** Who asked for the change and answers for it. */
  ownerId: IdSchema.nullable(),
  /** Who implements it (booked on the calendar: an assignee can be double-booked). */
  assigneeId: IdSchema.nullable(),
  groupId: IdSchema.nullable(),
  /** A standard change's pre-approved template. */
  templateId: z.string().max(64).nullable(),
  releaseId: IdSchema.nullable(),
  /** The post-implementation review. */
  outcome: ChangeOutcomeSchema.nullable(),
  reviewNotes: Text(20_000),
  /** The problem or incidents it fixes are ticket links (`problemId` on the change's side). */
  problemId: IdSchema.nullable(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type ChangeRequest = z.infer<typeof ChangeRequestSchema>;

/** What a device sends to create a change (the server numbers it, computes its risk and stamps the times). */
export const ChangeCreateDataSchema = ChangeRequestSchema.omit({ id: true, number: true, status: true, risk: true, riskWhy: true, outcome: true, reviewNotes: true, createdAt: true, updatedAt: true, rev: true });
export type ChangeCreateData = z.infer<typeof ChangeCreateDataSchema>;

/** A move of a change to another state, with its reason (cancelling needs one) and, into review or closed, the outcome. */
export const ChangeMoveSchema = z.object({
  changeId: IdSchema,
  action: z.literal('move'),
  to: ChangeStateSchema,
  reason: Text(2_000),
  outcome: ChangeOutcomeSchema.nullable(),
});
export type ChangeMove = z.infer<typeof ChangeMoveSchema>;

export const ChangeEventSchema = z.object({
  id: IdSchema,
  changeId: IdSchema,
  action: z.enum(['move', 'approval']),
  fromState: ChangeStateSchema,
  toState: ChangeStateSchema,
  actorId: IdSchema.nullable(),
  at: TimestampSchema,
  reason: Text(2_000),
  rev: z.number().int().nonnegative(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

export const WINDOW_KINDS = ['maintenance', 'freeze'] as const;
export const WindowKindSchema = z.enum(WINDOW_KINDS);
export type WindowKind = z.infer<typeof WindowKindSchema>;

export const ChangeWindowSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  kind: WindowKindSchema,
  /** A freeze that blocks refuses changes in it; one that warns lets them through with a warning. Maintenance windows: 'warn'. */
  enforcement: z.enum(['warn', 'block']),
  timeZone: z.string().min(1).max(64),
  startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  startTime: z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:mm'),
  durationMinutes: z.number().int().min(1).max(44_640),
  /** An RFC 5545 RRULE value (FREQ=WEEKLY;BYDAY=SU); null: once. */
  rrule: z.string().max(500).nullable(),
  /** What it applies to; all three empty: everything. */
  ciIds: z.array(IdSchema).max(500),
  serviceIds: z.array(IdSchema).max(500),
  siteIds: z.array(IdSchema).max(100),
  notes: Text(5_000),
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type ChangeWindow = z.infer<typeof ChangeWindowSchema>;

export const RELEASE_STATES = ['planning', 'in_progress', 'deployed', 'closed', 'cancelled'] as const;
export const ReleaseStateSchema = z.enum(RELEASE_STATES);
export type ReleaseState = z.infer<typeof ReleaseStateSchema>;
export const RELEASE_STATE_LABELS: Record<ReleaseState, string> = { planning: 'Planning', in_progress: 'In progress', deployed: 'Deployed', closed: 'Closed', cancelled: 'Cancelled' };

export const ReleaseSchema = z.object({
  id: IdSchema,
  /** REL-0007 from the server; null until then. */
  number: z.string().nullable(),
  name: z.string().min(1).max(200),
  state: ReleaseStateSchema,
  windowStart: TimestampSchema,
  windowEnd: TimestampSchema,
  ownerId: IdSchema.nullable(),
  notes: Text(5_000),
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Release = z.infer<typeof ReleaseSchema>;

/** Which changes a CAB meeting's agenda holds. */
export const AgendaFilterSchema = z.object({
  states: z.array(ChangeStateSchema).max(9),
  types: z.array(ChangeTypeSchema).max(3),
  risks: z.array(ChangeRiskSchema).max(4),
  /** Changes whose window starts within this many days after the meeting. */
  withinDays: z.number().int().min(1).max(90),
});
export type AgendaFilter = z.infer<typeof AgendaFilterSchema>;

export const CabMeetingSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  /** The board's members: a group. */
  groupId: IdSchema,
  timeZone: z.string().min(1).max(64),
  startsOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  startTime: z.string().regex(/^\d{2}:\d{2}$/, 'must be a time HH:mm'),
  durationMinutes: z.number().int().min(1).max(1_440),
  rrule: z.string().max(500).nullable(),
  agenda: AgendaFilterSchema,
  notes: Text(5_000),
  updatedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type CabMeeting = z.infer<typeof CabMeetingSchema>;
