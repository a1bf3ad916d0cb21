/**
 * A change's risk (issue 15), after ServiceNow's risk calculator: a questionnaire whose answers
 * carry weights (the score picks a risk by thresholds) plus risk conditions (rules such as "less
 * than 2 days of lead time" or "a business service is impacted", each naming the risk it sets);
 * the higher of the two wins, and the result says why. The same function on the app, offline,
 * and on the server, with the same facts, gives the same risk.
 *
 * The questionnaire and the rules are data (ItsmConfig.changes.risk, DEFAULT_RISK_CONFIG here),
 * so an administrator changes them without code.
 */
import { z } from 'zod';
import type { TransitionCheck } from '../itsm/lifecycle';
import type { ChangeType } from './lifecycle';

export const CHANGE_RISKS = ['low', 'moderate', 'high', 'very_high'] as const;
export const ChangeRiskSchema = z.enum(CHANGE_RISKS);
export type ChangeRisk = z.infer<typeof ChangeRiskSchema>;
export const CHANGE_RISK_LABELS: Record<ChangeRisk, string> = { low: 'Low', moderate: 'Moderate', high: 'High', very_high: 'Very high' };

const rank = (risk: ChangeRisk): number => CHANGE_RISKS.indexOf(risk);
export const higherRisk = (a: ChangeRisk, b: ChangeRisk): ChangeRisk => (rank(a) >= rank(b) ? a : b);

const Id = z.string().min(1).max(64);

export const RiskQuestionSchema = z.object({
  id: Id,
  text: z.string().min(1).max(300),
  options: z.array(z.object({ id: Id, label: z.string().min(1).max(200), weight: z.number().int().min(0).max(100) })).min(2).max(10),
});
export type RiskQuestion = z.infer<typeof RiskQuestionSchema>;

/** A risk condition: when it holds for a change, the change's risk is at least `risk`. */
export const RiskConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lead_time_under_days'), days: z.number().positive().max(365) }),
  z.object({ kind: z.literal('business_service_impacted') }),
  z.object({ kind: z.literal('type_is'), type: z.enum(['standard', 'normal', 'emergency']) }),
  z.object({ kind: z.literal('affected_cis_at_least'), count: z.number().int().min(1).max(10_000) }),
  z.object({ kind: z.literal('downtime_at_least_minutes'), minutes: z.number().int().min(1).max(525_600) }),
  z.object({ kind: z.literal('no_backout_plan') }),
]);
export type RiskCondition = z.infer<typeof RiskConditionSchema>;

export const RiskRuleSchema = z.object({ id: Id, label: z.string().min(1).max(200), when: RiskConditionSchema, risk: ChangeRiskSchema });
export type RiskRule = z.infer<typeof RiskRuleSchema>;

export const RiskConfigSchema = z.object({
  questions: z.array(RiskQuestionSchema).max(30),
  /** The lowest score that gives each risk above low; a score below every threshold is low. */
  thresholds: z.object({ moderate: z.number().int().min(0), high: z.number().int().min(0), very_high: z.number().int().min(0) }),
  rules: z.array(RiskRuleSchema).max(50),
});
export type RiskConfig = z.infer<typeof RiskConfigSchema>;

/** The answers a change carries: question id -> option id. */
export const RiskAnswersSchema = z.record(z.string().max(64), z.string().max(64));
export type RiskAnswers = z.infer<typeof RiskAnswersSchema>;

/** The facts the rules read about a change. */
export interface RiskFacts {
  type: ChangeType;
  windowStart: string;
  /** When the risk is assessed (the edit's time): lead time is counted from it. */
  at: string;
  affectedCiCount: number;
  /** Whether a business service is among the CIs the change affects or impacts (common/cmdb/relations.ts). */
  businessServiceImpacted: boolean;
  downtimeMinutes: number | null;
  backoutPlan: string;
}

export interface RiskAssessment {
  risk: ChangeRisk;
  score: number;
  /** The risk the questionnaire alone gives. */
  questionnaireRisk: ChangeRisk;
  /** Questions not answered yet (they count 0). */
  unanswered: string[];
  /** The rules that held, highest risk first. */
  matched: { id: string; label: string; risk: ChangeRisk }[];
  /** One sentence: where the risk comes from. */
  why: string;
}

const DAY_MS = 86_400_000;

function holds(condition: RiskCondition, facts: RiskFacts): boolean {
  switch (condition.kind) {
    case 'lead_time_under_days':
      return Date.parse(facts.windowStart) - Date.parse(facts.at) < condition.days * DAY_MS;
    case 'business_service_impacted':
      return facts.businessServiceImpacted;
    case 'type_is':
      return facts.type === condition.type;
    case 'affected_cis_at_least':
      return facts.affectedCiCount >= condition.count;
    case 'downtime_at_least_minutes':
      return (facts.downtimeMinutes ?? 0) >= condition.minutes;
    case 'no_backout_plan':
      return facts.backoutPlan.trim() === '';
  }
}

function riskOfScore(score: number, thresholds: RiskConfig['thresholds']): ChangeRisk {
  if (score >= thresholds.very_high) return 'very_high';
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.moderate) return 'moderate';
  return 'low';
}

/** The change's risk: the higher of the questionnaire's and the matching rules', with why. */
export function assessRisk(config: RiskConfig, answers: RiskAnswers, facts: RiskFacts): RiskAssessment {
  let score = 0;
  const unanswered: string[] = [];
  for (const q of config.questions) {
    const option = q.options.find((o) => o.id === answers[q.id]);
    if (option) score += option.weight;
    else unanswered.push(q.id);
  }
  const questionnaireRisk = riskOfScore(score, config.thresholds);
  const matched = config.rules
    .filter((r) => holds(r.when, facts))
    .map((r) => ({ id: r.id, label: r.label, risk: r.risk }))
    .sort((a, b) => rank(b.risk) - rank(a.risk));
  const ruleRisk = matched[0]?.risk;
  const risk = ruleRisk ? higherRisk(questionnaireRisk, ruleRisk) : questionnaireRisk;
  const label = CHANGE_RISK_LABELS[risk];
  const why =
    ruleRisk && rank(ruleRisk) > rank(questionnaireRisk)
      ? `${label}: ${matched.filter((m) => m.risk === ruleRisk).map((m) => m.label).join('; ')} (the questionnaire alone gives ${CHANGE_RISK_LABELS[questionnaireRisk]}).`
      : `${label}: the questionnaire scores ${score}.`;
  return { risk, score, questionnaireRisk, unanswered, matched, why };
}

/** Whether answers name only questions and options the questionnaire has. */
export function checkRiskAnswers(config: RiskConfig, answers: RiskAnswers): TransitionCheck {
  for (const [questionId, optionId] of Object.entries(answers)) {
    const question = config.questions.find((q) => q.id === questionId);
    if (!question) return { ok: false, reason: `The risk questionnaire has no question "${questionId}".` };
    if (!question.options.some((o) => o.id === optionId)) return { ok: false, reason: `"${optionId}" is not an answer to "${question.text}".` };
  }
  return { ok: true };
}

/** Thresholds must rise with the risk. */
export function checkRiskConfig(config: RiskConfig): TransitionCheck {
  const t = config.thresholds;
  if (!(t.moderate <= t.high && t.high <= t.very_high)) return { ok: false, reason: 'Risk thresholds must rise: moderate ≤ high ≤ very high.' };
  const ids = new Set<string>();
  for (const q of config.questions) {
    if (ids.has(q.id)) return { ok: false, reason: `Two risk questions share the id "${q.id}".` };
    ids.add(q.id);
  }
  return { ok: true };
}

/** The questionnaire and rules a new installation starts with (after ServiceNow's defaults). */
export const DEFAULT_RISK_CONFIG: RiskConfig = {
  questions: [
    {
      id: 'outage',
      text: 'Will users lose a service while the change is made?',
      options: [
        { id: 'none', label: 'No outage', weight: 0 },
        { id: 'partial', label: 'A partial or degraded service', weight: 10 },
        { id: 'full', label: 'A full outage', weight: 25 },
      ],
    },
    {
      id: 'users',
      text: 'How many users are affected?',
      options: [
        { id: 'few', label: 'Fewer than 10', weight: 0 },
        { id: 'site', label: 'One site or team', weight: 10 },
        { id: 'many', label: 'Several sites or everyone', weight: 20 },
      ],
    },
    {
      id: 'done_before',
      text: 'Has this change been made successfully before?',
      options: [
        { id: 'often', label: 'Yes, many times', weight: 0 },
        { id: 'once', label: 'Once or twice', weight: 10 },
        { id: 'never', label: 'Never', weight: 20 },
      ],
    },
    {
      id: 'tested',
      text: 'Has the change been tested in a test environment?',
      options: [
        { id: 'yes', label: 'Yes', weight: 0 },
        { id: 'partly', label: 'Partly', weight: 10 },
        { id: 'no', label: 'No', weight: 20 },
      ],
    },
  ],
  thresholds: { moderate: 20, high: 45, very_high: 70 },
  rules: [
    { id: 'short_lead_time', label: 'Less than 2 days of lead time', when: { kind: 'lead_time_under_days', days: 2 }, risk: 'high' },
    { id: 'business_service', label: 'A business service is impacted', when: { kind: 'business_service_impacted' }, risk: 'high' },
    { id: 'no_backout', label: 'No back-out plan', when: { kind: 'no_backout_plan' }, risk: 'moderate' },
    { id: 'long_downtime', label: 'Four hours of downtime or more', when: { kind: 'downtime_at_least_minutes', minutes: 240 }, risk: 'very_high' },
  ],
};
