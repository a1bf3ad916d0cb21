import { describe, expect, it } from 'vitest';
import { assessRisk, checkRiskAnswers, checkRiskConfig, DEFAULT_RISK_CONFIG, type RiskAnswers, type RiskFacts } from './risk';

const facts: RiskFacts = {
  type: 'normal',
  windowStart: '2026-12-20T08:00:00.000Z',
  at: '2026-12-07T08:00:00.000Z',
  affectedCiCount: 1,
  businessServiceImpacted: false,
  downtimeMinutes: null,
  backoutPlan: 'Restore the saved configuration.',
};
const calm: RiskAnswers = { outage: 'none', users: 'few', done_before: 'often', tested: 'yes' };

describe('risk', () => {
  it.each([
    ['nothing risky', calm, 'low', 0],
    ['a partial outage for a site', { ...calm, outage: 'partial', users: 'site' }, 'moderate', 20],
    ['a full outage never done before', { ...calm, outage: 'full', done_before: 'never' }, 'high', 45],
    ['everything at its worst', { outage: 'full', users: 'many', done_before: 'never', tested: 'no' }, 'very_high', 85],
  ] as const)('the questionnaire alone: %s', (_what, answers, risk, score) => {
    const a = assessRisk(DEFAULT_RISK_CONFIG, answers, facts);
    expect(a).toMatchObject({ risk, score, questionnaireRisk: risk, matched: [], unanswered: [] });
    expect(a.why).toMatch(new RegExp(`questionnaire scores ${score}`));
  });

  it.each([
    ['less than 2 days of lead time', { windowStart: '2026-12-08T07:59:00.000Z' }, 'high', 'short_lead_time'],
    ['a business service impacted', { businessServiceImpacted: true }, 'high', 'business_service'],
    ['no back-out plan', { backoutPlan: '  ' }, 'moderate', 'no_backout'],
    ['four hours of downtime', { downtimeMinutes: 240 }, 'very_high', 'long_downtime'],
  ] as const)('a rule: %s', (_what, changed, risk, rule) => {
    const a = assessRisk(DEFAULT_RISK_CONFIG, calm, { ...facts, ...changed });
    expect(a.risk).toBe(risk);
    expect(a.questionnaireRisk).toBe('low');
    expect(a.matched.map((m) => m.id)).toEqual([rule]);
    expect(a.why).toMatch(/the questionnaire alone gives Low/);
  });

  it('exactly 2 days of lead time is not "less than 2 days"', () => {
    expect(assessRisk(DEFAULT_RISK_CONFIG, calm, { ...facts, windowStart: '2026-12-09T08:00:00.000Z' }).risk).toBe('low');
  });

  it('the higher of questionnaire and rules wins, either way', () => {
    const worst: RiskAnswers = { outage: 'full', users: 'many', done_before: 'never', tested: 'no' };
    expect(assessRisk(DEFAULT_RISK_CONFIG, worst, { ...facts, backoutPlan: '' })).toMatchObject({ risk: 'very_high', questionnaireRisk: 'very_high' });
    const ruled = assessRisk(DEFAULT_RISK_CONFIG, { ...calm, outage: 'partial', users: 'site' }, { ...facts, businessServiceImpacted: true, backoutPlan: '' });
    expect(ruled.risk).toBe('high');
    expect(ruled.matched.map((m) => m.id)).toEqual(['business_service', 'no_backout']);
    expect(ruled.why).toBe('High: A business service is impacted (the questionnaire alone gives Moderate).');
  });

  it('counts unanswered questions as 0 and lists them', () => {
    expect(assessRisk(DEFAULT_RISK_CONFIG, { outage: 'full' }, facts)).toMatchObject({ score: 25, risk: 'moderate', unanswered: ['users', 'done_before', 'tested'] });
  });

  it('refuses answers the questionnaire does not have', () => {
    expect(checkRiskAnswers(DEFAULT_RISK_CONFIG, calm)).toEqual({ ok: true });
    expect(checkRiskAnswers(DEFAULT_RISK_CONFIG, { colour: 'red' })).toEqual({ ok: false, reason: 'The risk questionnaire has no question "colour".' });
    expect(checkRiskAnswers(DEFAULT_RISK_CONFIG, { outage: 'maybe' })).toEqual({ ok: false, reason: '"maybe" is not an answer to "Will users lose a service while the change is made?".' });
  });

  it('refuses thresholds that do not rise and repeated questions', () => {
    expect(checkRiskConfig(DEFAULT_RISK_CONFIG)).toEqual({ ok: true });
    expect(checkRiskConfig({ ...DEFAULT_RISK_CONFIG, thresholds: { moderate: 50, high: 40, very_high: 70 } }).ok).toBe(false);
    expect(checkRiskConfig({ ...DEFAULT_RISK_CONFIG, questions: [DEFAULT_RISK_CONFIG.questions[0]!, DEFAULT_RISK_CONFIG.questions[0]!] })).toEqual({ ok: false, reason: 'Two risk questions share the id "outage".' });
  });
});
