import { ApprovalVoteCreateSchema, ApprovalVoteSchema } from '../approvals/records';
import { defineEntity } from './define';
import { scope } from './scope';

/** One approver's vote, cast offline or not: append-only, counted by the server in the order it arrived. */
export const approvalVote = defineEntity({
  name: 'approval_vote',
  schema: ApprovalVoteSchema,
  table: 'approval_votes',
  scope: scope.childOf('approval', 'approvalId'),
  replica: { table: 'approvalVotes', indexes: ['approvalId', 'voterId'] },
  ops: { create: ApprovalVoteCreateSchema },
});
