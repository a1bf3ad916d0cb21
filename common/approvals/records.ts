/**
 * The synced records of the approval engine (issue 15): one engine for every record that needs
 * approval (a change in Authorize, a service request from the catalog before fulfilment).
 *
 * - `approval`: made by the server when a record starts waiting for approval, with the approvers
 *   it names fixed at that moment (a group's members change; the vote in progress does not), the
 *   quorum, and once counted the outcome. Only the server writes it: it counts the votes
 *   (quorum.ts tally) in the order it received them.
 * - `approval_vote`: one approver's answer, cast on a device, offline or not: append-only. The
 *   device shows it as waiting to sync until the server has it; the server marks a vote that
 *   arrived after the decision `late` (recorded and shown, not counted).
 */
import { z } from 'zod';
import { IdSchema, TimestampSchema } from '../domain/ids';

export const QuorumSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('first') }),
  z.object({ rule: z.literal('all') }),
  z.object({ rule: z.literal('majority') }),
  z.object({ rule: z.literal('percent'), percent: z.number().int().min(1).max(100) }),
]);

export const APPROVAL_SUBJECTS = ['change', 'ticket'] as const;
export const ApprovalSubjectSchema = z.enum(APPROVAL_SUBJECTS);
export type ApprovalSubject = z.infer<typeof ApprovalSubjectSchema>;

export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const ApprovalStateSchema = z.enum(APPROVAL_STATES);
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;
export const APPROVAL_STATE_LABELS: Record<ApprovalState, string> = { pending: 'Waiting for approval', approved: 'Approved', rejected: 'Rejected', cancelled: 'Withdrawn' };

export const ApprovalSchema = z.object({
  id: IdSchema,
  subject: ApprovalSubjectSchema,
  /** The change or ticket waiting for it. */
  recordId: IdSchema,
  /** What a person reads: the record's number and title. */
  recordLabel: z.string().max(400),
  siteId: IdSchema.nullable(),
  /** The rule that asked for it (ItsmConfig.changes.approvalRules), by its label. */
  ruleLabel: z.string().max(200),
  groupId: IdSchema.nullable(),
  quorum: QuorumSchema,
  approverIds: z.array(IdSchema).max(200),
  /** May decide over the vote (the change manager). */
  managerIds: z.array(IdSchema).max(50),
  requesterId: IdSchema.nullable(),
  allowSelfApproval: z.boolean(),
  state: ApprovalStateSchema,
  approvals: z.number().int().nonnegative(),
  rejections: z.number().int().nonnegative(),
  needed: z.number().int().nonnegative(),
  decidedAt: TimestampSchema.nullable(),
  decidedBy: z.enum(['quorum', 'manager']).nullable(),
  requestedAt: TimestampSchema,
  rev: z.number().int().nonnegative(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const VoteChoiceSchema = z.enum(['approve', 'reject']);

export const ApprovalVoteSchema = z.object({
  id: IdSchema,
  approvalId: IdSchema,
  voterId: IdSchema,
  choice: VoteChoiceSchema,
  comment: z.string().max(2_000),
  /** When the voter cast it, by their device's clock (bounded by the server's on arrival). */
  castAt: TimestampSchema,
  /** Arrived after the approval was decided: recorded and shown, not counted. */
  late: z.boolean(),
  /** Counted in the tally (false for late, replaced or ineligible votes; `note` says why). */
  counted: z.boolean(),
  note: z.string().max(300),
  siteId: IdSchema.nullable(),
  rev: z.number().int().nonnegative(),
});
export type ApprovalVote = z.infer<typeof ApprovalVoteSchema>;

export const ApprovalVoteCreateSchema = z.object({ approvalId: IdSchema, choice: VoteChoiceSchema, comment: z.string().max(2_000) });
