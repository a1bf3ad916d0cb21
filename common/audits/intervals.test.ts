import { describe, expect, it } from 'vitest';
import { auditDue, AuditIntervalSchema, intervalFor, type AuditInterval } from './intervals';

const PLANT = 'site-plant';
const HQ = 'site-hq';
const rules: AuditInterval[] = [
  { category: 'Laptop', siteId: null, months: 12 },
  { category: null, siteId: PLANT, months: 6 },
  { category: 'Laptop', siteId: PLANT, months: 3 },
  { category: 'Vehicle', siteId: null, months: 24 },
  { category: 'Vehicle', siteId: null, months: 18 },
];

describe('intervalFor', () => {
  it.each([
    ['a laptop at HQ: its category', 'Laptop', HQ, 12],
    ['a laptop at the plant: category and site', 'laptop', PLANT, 3],
    ['a monitor at the plant: the site', 'Monitor', PLANT, 6],
    ['a monitor at HQ: the default', 'Monitor', HQ, 12],
    ['no category at the plant: the site', null, PLANT, 6],
    ['two rules as specific: the shorter', 'Vehicle', HQ, 18],
  ] as const)('%s', (_name, category, siteId, months) => {
    expect(intervalFor(category, siteId, rules)).toBe(months);
  });
});

describe('auditDue', () => {
  const today = '2026-12-07';
  it.each([
    ['audited a year ago today: due today, soon', '2025-12-07', null, { nextOn: '2026-12-07', status: 'due_soon', inDays: 0 }],
    ['audited 13 months ago: overdue', '2025-11-07', null, { nextOn: '2026-11-07', status: 'overdue', inDays: -30 }],
    ['audited in March: fine', '2026-03-01', null, { nextOn: '2027-03-01', status: 'ok', inDays: 84 }],
    ['audited within 30 days of due: due soon', '2026-01-01', null, { nextOn: '2027-01-01', status: 'due_soon', inDays: 25 }],
    ['never audited, bought in May: due since then', null, '2026-05-01', { lastOn: null, nextOn: '2026-05-01', status: 'never', inDays: -220 }],
    ['never audited, not bought yet: due today', null, '2027-01-10', { nextOn: today, status: 'never', inDays: 0 }],
    ['never audited, no purchase date: due today', null, null, { nextOn: today, status: 'never' }],
  ] as const)('%s', (_name, lastAuditedOn, purchasedOn, expected) => {
    expect(auditDue({ category: 'Laptop', siteId: HQ, lastAuditedOn, purchasedOn }, today, rules)).toMatchObject(expected);
  });

  it('counts months as calendars do', () => {
    expect(auditDue({ category: 'Laptop', siteId: PLANT, lastAuditedOn: '2026-08-31', purchasedOn: null }, today, rules).nextOn).toBe('2026-11-30');
  });
});

describe('AuditIntervalSchema', () => {
  it('refuses what an admin might mistype, saying what is wrong', () => {
    const bad = AuditIntervalSchema.safeParse({ category: 'Laptop', siteId: null, months: 0 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('an interval is at least 1 month');
    expect(AuditIntervalSchema.safeParse({ category: ' ', siteId: null, months: 12 }).success).toBe(false);
  });
});
