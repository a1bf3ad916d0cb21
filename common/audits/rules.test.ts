import { describe, expect, it } from 'vitest';
import type { Role } from '../domain/entities';
import type { AuditAction, AuditState } from './records';
import { checkAuditAction, checkAuditActor, checkAuditPatch, checkAuditPlan, checkCloseFacts, checkScan, checkScanDetails, type PlanFacts } from './rules';

const HQ = 'site-hq';
const DC = 'site-dc';
const facts: PlanFacts = {
  siteOfLocation: (id) => ({ room: HQ, cage: DC })[id],
  person: (id) =>
    ({
      ann: { displayName: 'Ann', role: 'technician' as Role, siteId: HQ },
      bob: { displayName: 'Bob', role: 'technician' as Role, siteId: DC },
      dee: { displayName: 'Dee', role: 'agent' as Role, siteId: null },
      rae: { displayName: 'Rae', role: 'requester' as Role, siteId: HQ },
    })[id] ?? null,
};

describe('who runs audits', () => {
  it.each([
    ['technician', HQ, HQ, null],
    ['technician', DC, HQ, 'Technicians run audits at their own site only.'],
    ['technician', null, HQ, 'You have no site, so you cannot run audits. Ask an admin to set your site.'],
    ['agent', null, HQ, null],
    ['admin', null, DC, null],
    ['requester', HQ, HQ, 'Only technicians, desk staff and admins run audits.'],
  ] as const)('%s at %s, audit at %s', (role, siteId, auditSite, reason) => {
    const verdict = checkAuditActor({ role, siteId }, auditSite);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });
});

describe('a plan', () => {
  it.each([
    ['fits', { locationIds: ['room'], auditorIds: ['ann', 'dee'] }, null],
    ['another site’s location', { locationIds: ['cage'], auditorIds: [] }, 'A location of the audit is at another site: an audit covers one site.'],
    ['no such location', { locationIds: ['attic'], auditorIds: [] }, 'A location of the audit does not exist.'],
    ['another site’s technician', { locationIds: [], auditorIds: ['bob'] }, 'Bob works at another site and would not see this audit.'],
    ['a requester', { locationIds: [], auditorIds: ['rae'] }, 'Rae does not run audits: choose technicians, desk staff or admins.'],
    ['an auditor twice', { locationIds: [], auditorIds: ['ann', 'ann'] }, 'An auditor is named twice.'],
    ['no such person', { locationIds: [], auditorIds: ['zed'] }, 'An auditor of the audit does not exist.'],
  ])('%s', (_name, plan, reason) => {
    const verdict = checkAuditPlan({ siteId: HQ, ...plan }, facts);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });
});

describe('the state rules', () => {
  const start: AuditAction = { action: 'start', auditId: 'a' };
  const close = { action: 'close', auditId: 'a' } as AuditAction;
  const cancel: AuditAction = { action: 'cancel', auditId: 'a', reason: 'x' };
  it.each([
    ['planned', start, null],
    ['in_progress', start, 'AUD-0003 has already started.'],
    ['closed', start, 'AUD-0003 is closed: it cannot start.'],
    ['planned', close, 'AUD-0003 has not started: start it, scan, then close it.'],
    ['in_progress', close, null],
    ['closed', close, 'AUD-0003 is already closed.'],
    ['cancelled', close, 'AUD-0003 was cancelled: it cannot be closed.'],
    ['planned', cancel, null],
    ['in_progress', cancel, null],
    ['closed', cancel, 'AUD-0003 is closed: a closed audit cannot be cancelled.'],
    ['cancelled', cancel, 'AUD-0003 is already cancelled.'],
  ] as const)('%s: %s', (state, action, reason) => {
    const verdict = checkAuditAction({ number: 'AUD-0003', state: state as AuditState }, action);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });

  it('changes the scope only while planned, nothing once closed', () => {
    expect(checkAuditPatch({ number: 'AUD-0003', state: 'planned' }, ['locationIds']).ok).toBe(true);
    expect(checkAuditPatch({ number: 'AUD-0003', state: 'in_progress' }, ['notes', 'auditorIds']).ok).toBe(true);
    expect(checkAuditPatch({ number: 'AUD-0003', state: 'in_progress' }, ['categories'])).toMatchObject({ ok: false, reason: expect.stringMatching(/^AUD-0003 has started: its scope/) });
    expect(checkAuditPatch({ number: 'AUD-0003', state: 'closed' }, ['notes'])).toEqual({ ok: false, reason: 'AUD-0003 is closed: it can no longer be changed.' });
  });

  it.each([
    ['in_progress', HQ, null],
    ['closed', HQ, null],
    ['planned', HQ, 'AUD-0003 has not started: start it before scanning.'],
    ['cancelled', HQ, 'AUD-0003 was cancelled: the scan was not recorded.'],
    ['in_progress', DC, 'The location label is of another site: scan a location of the audit’s site.'],
    ['in_progress', undefined, 'The location does not exist.'],
  ] as const)('a scan for an audit %s at a location of %s', (state, site, reason) => {
    const verdict = checkScan({ number: 'AUD-0003', state, siteId: HQ }, site);
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });

  it.each([
    ['in_progress', 'me', false, null],
    ['in_progress', 'someone else', false, 'Only the auditor who made a scan may add to it.'],
    ['in_progress', 'me', true, 'AUD-0003 is closed: its scans can no longer be changed.'],
    ['closed', 'me', false, 'AUD-0003 is closed: its scans can no longer be changed.'],
    ['cancelled', 'me', false, 'AUD-0003 was cancelled: its scans can no longer be changed.'],
  ] as const)('details added to a scan of an audit %s by %s (late: %s)', (state, who, late, reason) => {
    const verdict = checkScanDetails({ number: 'AUD-0003', state }, { auditorId: who === 'me' ? 'p1' : 'p2', late }, 'p1');
    expect(verdict.ok ? null : verdict.reason).toBe(reason);
  });

  it('checks what the close plan needs of the world', () => {
    const plan = { missing: [], stillSearching: [], moves: [{ assetId: 'a', from: null, to: 'cage' }], register: [{ key: 'X-1', code: 'X-1', locationId: 'room' }], dismissed: [], audited: [] };
    expect(checkCloseFacts(plan, { siteId: HQ, siteOfLocation: facts.siteOfLocation, tagTaken: (t) => t === 'X-1' })).toEqual({
      ok: false,
      reason: 'A move goes to a location of another site: an audit moves assets within its site. The unknown tag X-1 cannot be registered: the asset tag X-1 is already used by another asset (dismiss it, or look for that asset).',
    });
    expect(checkCloseFacts({ ...plan, moves: [{ assetId: 'a', from: null, to: 'room' }] }, { siteId: HQ, siteOfLocation: facts.siteOfLocation, tagTaken: () => false })).toEqual({ ok: true });
  });
});
