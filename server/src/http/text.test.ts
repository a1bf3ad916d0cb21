/**
 * Text the stores cannot hold alike (http/text.ts), on SQLite and PostgreSQL: every route
 * refuses it with a 400 naming where it is; inventories are cleaned by the one rule, so both
 * stores hold the same.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { API, assetInventoriesPath, assetSoftwarePath } from '@fielddesk/common/api/http';
import type { FieldDeskServer } from '../app';
import { bearer, DEMO_PASSWORD, loginDesktop } from '../../test/http';
import { describeStores } from '../../test/stores';
import { glpiInventory } from '../inventory/agent-test-fixtures';
import { cleanDeep, cleanText, findUnstorableText, unstorableIn } from './text';

describe('the text rule', () => {
  it('finds NUL and lone surrogates, and leaves well-formed text (pairs included) alone', () => {
    expect(unstorableIn('plain text, ünïcödé, 😀')).toBeNull();
    expect(unstorableIn('a\u0000b')).toMatch(/NUL character \(U\+0000\)/);
    expect(unstorableIn('a\ud800b')).toMatch(/unpaired UTF-16 surrogate \(U\+D800\)/);
    expect(unstorableIn('\udc00')).toMatch(/U\+DC00/);
    expect(unstorableIn('x\ud83d')).toMatch(/U\+D83D/);
    expect(unstorableIn('\ud83d\ude00')).toBeNull();
  });

  it('names the path of the first bad string or key, however deep', () => {
    expect(findUnstorableText({ data: { ticketId: 'x', body: 'ok', tags: ['a', 'b\u0000'] } })).toEqual({ path: 'data.tags[1]', problem: 'a NUL character (U+0000)' });
    expect(findUnstorableText({ 'odd key': { 'k\u0000': 1 } })?.path).toBe('["odd key"]["k\\u0000"]');
    let deep: unknown = 'bad\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.problem).toMatch(/NUL/);
    expect(findUnstorableText({ a: 1, b: null, c: true, d: ['fine'] })).toBeNull();
  });

  it('cleans machine-written text: NUL removed, lone surrogates become U+FFFD, pairs kept', () => {
    expect(cleanText('HP\u0000 EliteDesk\u0000')).toBe('HP EliteDesk');
    expect(cleanText('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
    const value = { name: 'x', list: [{ n: 'y\u0000' }], k: 3 };
    expect(cleanDeep(value)).toEqual({ name: 'x', list: [{ n: 'y' }], k: 3 });
    const fine = { a: ['b'] };
    expect(cleanDeep(fine)).toBe(fine);
  });
});

describeStores('text the stores cannot hold', (h) => {
  let s: FieldDeskServer;
  let token: string;
  const PASSWORD = 'agent-password-for-text-tests';

  beforeAll(async () => {
    s = await h.start({ agentPassword: PASSWORD });
    token = (await loginDesktop(s.app, 'admin')).token;
  });

  const expect400 = (res: { statusCode: number; body: string; json(): unknown }, where: RegExp) => {
    expect(res.statusCode, res.body).toBe(400);
    const body = res.json() as { error: string; message: string };
    expect(body.error).toBe('invalid_text');
    expect(body.message).toMatch(where);
  };

  it('refuses a NUL or a lone surrogate in the login name with a 400 naming the field, and counts no failure', async () => {
    for (const username of ['tech1\u0000', 'tech1\ud800']) {
      const res = await s.app.inject({ method: 'POST', url: API.login, payload: { username, password: DEMO_PASSWORD, client: 'desktop' } });
      expect400(res, /field "username" contains (a NUL character|an unpaired UTF-16 surrogate)/);
    }
    // Raw JSON with the escape itself, as a client would send it.
    const raw = await s.app.inject({ method: 'POST', url: API.login, headers: { 'content-type': 'application/json' }, payload: '{"username":"a\\u0000","password":"p\\udfff","client":"web"}' });
    expect400(raw, /"username"/);
    // No failure counted (the admin's sign-in in beforeAll left its rows at 0).
    const counted = await s.db.selectFrom('login_attempts').select(['key', 'failures']).execute();
    expect(counted.filter((r) => Number(r.failures) > 0)).toEqual([]);
  });

  it('refuses a NUL in a query string or a path parameter with a 400 naming it', async () => {
    expect400(await s.app.inject({ method: 'GET', url: `${API.software}?q=%00`, headers: bearer(token) }), /query parameter "q" contains a NUL character/);
    expect400(await s.app.inject({ method: 'GET', url: `${API.software}?q=abc%00def`, headers: bearer(token) }), /"q"/);
    expect400(await s.app.inject({ method: 'GET', url: assetSoftwarePath('abc\u0000'), headers: bearer(token) }), /path parameter "id" contains a NUL character/);
    expect400(await s.app.inject({ method: 'GET', url: assetInventoriesPath('\u0000'), headers: bearer(token) }), /path parameter "id"/);
    expect400(await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=%00`, headers: bearer(token) }), /query parameter "cursor"/);
    // Well-formed text still goes through.
    expect((await s.app.inject({ method: 'GET', url: `${API.software}?q=${encodeURIComponent('Chröme 😀')}`, headers: bearer(token) })).statusCode).toBe(200);
  });

  it("cleans an agent's inventory by the one rule, so both stores hold the same", async () => {
    const message = glpiInventory({ name: 'NUL\u0000-PC', deviceId: 'NUL-PC-2026\u0000', serial: 'SER\u0000NUL1', uuid: 'A1C2D3E4-F5A6-4B7C-8D9E-0F1A2B3C4D5E', mac: '00:11:22:dd:ee:01' });
    const content = message.content as { softwares: unknown[] };
    content.softwares = [{ name: 'Bad\u0000Soft', version: '1\ud800', publisher: 'ACME\u0000' }];
    const res = await s.app.inject({
      method: 'POST',
      url: API.agentInventory,
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`agent:${PASSWORD}`).toString('base64')}` },
      payload: JSON.stringify(message),
    });
    expect(res.statusCode, res.body).toBe(200);
    const asset = await s.db.selectFrom('assets').select(['id', 'name', 'serial']).where('name', '=', 'NUL-PC').executeTakeFirstOrThrow();
    expect(asset.serial).toBe('SERNUL1');
    const installs = await s.db.selectFrom('software_installs').select(['name', 'version', 'publisher']).where('asset_id', '=', asset.id).execute();
    expect(installs).toEqual([{ name: 'BadSoft', version: '1\ufffd', publisher: 'ACME' }]);
    const inventory = await s.db.selectFrom('asset_inventories').select(['device_id']).where('id', '=', asset.id).executeTakeFirstOrThrow();
    expect(inventory.device_id).toBe('NUL-PC-2026');
  });
});
