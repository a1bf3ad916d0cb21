/**
 * How an organisation runs change (ItsmConfig.changes, edited by an administrator): the risk
 * questionnaire and rules (risk.ts), who approves which changes and by what quorum, the change
 * managers who may decide over a vote, and whether someone may approve their own change. Absent:
 * DEFAULT_CHANGE_CONFIG (no approving group: the change managers decide alone).
 */
import { z } from 'zod';
import { QuorumSchema } from '../approvals/records';
import { IdSchema } from '../domain/ids';
import { ChangeTypeSchema, type ChangeType } from './lifecycle';
import { ChangeRiskSchema, DEFAULT_RISK_CONFIG, RiskConfigSchema, type ChangeRisk } from './risk';

/** Who approves changes of these types and risks (empty lists: any), and by what quorum. The first matching rule applies. */
export const ApprovalRuleSchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(200),
  types: z.array(ChangeTypeSchema).max(3),
  risks: z.array(ChangeRiskSchema).max(4),
  groupId: IdSchema.nullable(),
  quorum: QuorumSchema,
});
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

export const ChangeConfigSchema = z.object({
  risk: RiskConfigSchema,
  approvalRules: z.array(ApprovalRuleSchema).max(50),
  /** Change managers: they may decide over the vote. */
  managerIds: z.array(IdSchema).max(50),
  allowSelfApproval: z.boolean(),
});
export type ChangeConfig = z.infer<typeof ChangeConfigSchema>;

export const DEFAULT_CHANGE_CONFIG: ChangeConfig = {
  risk: DEFAULT_RISK_CONFIG,
  approvalRules: [],
  managerIds: [],
  allowSelfApproval: false,
};

/** When no rule matches: no approvers, the change managers decide. */
export const NO_RULE: ApprovalRule = { id: 'managers', label: 'Change managers decide', types: [], risks: [], groupId: null, quorum: { rule: 'first' } };

/** The rule that applies to a change of this type and risk. */
export function approvalRuleFor(config: ChangeConfig, type: ChangeType, risk: ChangeRisk): ApprovalRule {
  return config.approvalRules.find((r) => (r.types.length === 0 || r.types.includes(type)) && (r.risks.length === 0 || r.risks.includes(risk))) ?? NO_RULE;
}
