import { beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import type { ItsmConfig } from '@fielddesk/common/itsm/config';
import { DEFAULT_ITSM_CONFIG } from '@fielddesk/common/itsm/defaults';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop, OpFactory, push } from '../../test/http';
import { describeStores } from '../../test/stores';

describeStores('ITSM configuration endpoints', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'desk1', 'admin']) tokens[user] = (await loginDesktop(s.app, user)).token;
  });

  const get = (token?: string) => s.app.inject({ method: 'GET', url: API.itsmConfig, headers: token ? bearer(token) : {} });
  const put = (token: string, payload: unknown) =>
    s.app.inject({ method: 'PUT', url: API.adminItsmConfig, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it('gives the configuration to anyone signed in, and to nobody else', async () => {
    expect((await get()).statusCode).toBe(401);
    const res = await get(tokens.tech1);
    expect(res.statusCode).toBe(200);
    const { rev, ...config } = res.json<ItsmConfig>();
    const { rev: _defaultRev, ...defaults } = DEFAULT_ITSM_CONFIG;
    // The demo seed adds the change configuration (its CAB's approval rules: seed/demo-changes.ts).
    expect({ ...config, changes: undefined }).toEqual(defaults);
    expect(config.changes?.approvalRules.length).toBeGreaterThan(0);
    expect(rev).toBeGreaterThan(0);
  });

  it('lets only administrators change it (403 for technicians and agents)', async () => {
    const body = (await get(tokens.admin)).json<ItsmConfig>();
    for (const user of ['tech1', 'desk1']) {
      const res = await put(tokens[user] as string, body);
      expect(res.statusCode).toBe(403);
      expect(res.json<{ message: string }>().message).toBe('Only administrators can change the ITSM configuration.');
    }
  });

  it('refuses a configuration that does not fit, naming each problem (400), and changes nothing', async () => {
    const before = (await get(tokens.admin)).json<ItsmConfig>();
    const bad = { ...before, reopenPeriodDays: -1, slaPolicies: [{ ...before.slaPolicies[0], calendarId: 'mars' }] };
    const res = await put(tokens.admin as string, bad);
    expect(res.statusCode).toBe(400);
    const { message } = res.json<{ message: string }>();
    expect(message).toMatch(/^The ITSM configuration is not valid: /);
    expect(message).toContain('reopenPeriodDays:');
    expect(message).toContain('slaPolicies[0].calendarId: no calendar has the id "mars"');
    expect((await put(tokens.admin as string, [1, 2])).statusCode).toBe(400);
    expect((await put(tokens.admin as string, { ...before, surprise: true })).json<{ message: string }>().message).toMatch(/surprise|Unrecognized/);
    expect((await get(tokens.admin)).json<ItsmConfig>()).toEqual(before);
  });

  it('keeps audit intervals: one rule per category and site, months 1 to 120, sites that exist', async () => {
    const before = (await get(tokens.admin)).json<ItsmConfig>();
    const hq = (await s.db.selectFrom('sites').select('id').where('code', '=', 'HQ').executeTakeFirstOrThrow()).id;
    const message = async (auditIntervals: unknown) => (await put(tokens.admin as string, { ...before, auditIntervals })).json<{ message: string }>().message;
    expect(await message([{ category: 'Laptops', siteId: null, months: 0 }])).toContain('auditIntervals[0].months: an interval is at least 1 month');
    expect(await message([{ category: 'Laptops', siteId: hq, months: 6 }, { category: 'laptops', siteId: hq, months: 3 }])).toContain('auditIntervals[1]: each category and site may have one audit interval only');
    expect(await message([{ category: null, siteId: '00000000-0000-4000-8000-000000000000', months: 6 }])).toBe('The ITSM configuration is not valid: auditIntervals[0].siteId: no site has the id "00000000-0000-4000-8000-000000000000"');
    expect((await get(tokens.admin)).json<ItsmConfig>()).toEqual(before);
    const rules = [{ category: 'Laptops', siteId: null, months: 12 }, { category: null, siteId: hq, months: 6 }];
    const res = await put(tokens.admin as string, { ...before, auditIntervals: rules });
    expect(res.statusCode, res.body).toBe(200);
    expect((await get(tokens.tech1)).json<ItsmConfig>().auditIntervals).toEqual(rules);
    expect((await put(tokens.admin as string, before)).statusCode).toBe(200);
  });

  it('stores a valid configuration at a new rev, so replicas pull it, and push applies it from then on', async () => {
    const before = (await get(tokens.admin)).json<ItsmConfig>();
    const changed: ItsmConfig = {
      ...before,
      reopenPeriodDays: 3,
      priorityMatrix: [
        [1, 1, 2],
        [2, 2, 3],
        [3, 4, 5],
      ],
    };
    const res = await put(tokens.admin as string, changed);
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json<ItsmConfig>();
    expect(saved.rev).toBeGreaterThan(before.rev);
    expect(saved).toEqual({ ...changed, rev: saved.rev });
    expect(await s.store.currentRev()).toBe(saved.rev);
    expect((await get(tokens.tech1)).json<ItsmConfig>()).toEqual(saved);

    const f = new OpFactory();
    const { body } = await push(s.app, tokens.desk1 as string, f.clientId, [f.createTicket({ title: 'x', impact: 2, urgency: 2, priority: undefined })]);
    expect(body?.results[0]).toMatchObject({ status: 'applied', record: { priority: 2 } });
  });
});
