/**
 * The integration read endpoints (GET /api/records/<entity>) on SQLite and PostgreSQL: each
 * caller reads exactly what pull gives them, page by page, and bad requests say what is wrong.
 */
import { beforeAll, expect, it } from 'vitest';
import { API, recordsPath, type RecordsPage } from '@fielddesk/common/api/http';
import type { PullResponse } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { bearer, loginDesktop } from '../../test/http';
import { describeStores } from '../../test/stores';
import { SERVED } from './routes';

describeStores('records for integrations', (h) => {
  let s: FieldDeskServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    s = await h.start();
    for (const user of ['tech1', 'admin']) tokens[user] = (await loginDesktop(s.app, user)).token;
  });

  const get = (user: string | null, url: string) => s.app.inject({ method: 'GET', url, headers: user ? bearer(tokens[user]!) : {} });

  /** Every record of an entity, following `next`. */
  async function readAll(user: string, entity: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await get(user, `${recordsPath(entity)}?limit=${limit}${after ? `&after=${after}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<RecordsPage<{ id: string }>>();
      expect(page.records.length).toBeLessThanOrEqual(limit);
      ids.push(...page.records.map((r) => r.id));
      after = page.next;
      pages++;
    } while (after);
    return { ids, pages };
  }

  /** What a fresh pull gives the user, by entity. */
  async function pulled(user: string): Promise<Map<string, Map<string, unknown>>> {
    const out = new Map<string, Map<string, unknown>>();
    let cursor = '0';
    for (;;) {
      const page = (await get(user, `${API.pull}?cursor=${cursor}&limit=5000`)).json<PullResponse>();
      for (const c of page.changes) {
        const table = out.get(c.entity) ?? new Map<string, unknown>();
        out.set(c.entity, table);
        if (c.op === 'put') table.set(c.id, c.data);
        else table.delete(c.id);
      }
      cursor = page.cursor;
      if (!page.hasMore) return out;
    }
  }

  it('gives each caller, page by page, exactly the records pull gives them, as pull sends them', async () => {
    for (const user of ['tech1', 'admin']) {
      const replica = await pulled(user);
      for (const entity of ['configuration_item', 'ci_relation', 'asset', 'ticket', 'change']) {
        const { ids, pages } = await readAll(user, entity, 7);
        expect(ids.length, `${user} ${entity}`).toBe(replica.get(entity)?.size ?? 0);
        expect([...ids].sort(), `${user} ${entity}`).toEqual([...(replica.get(entity)?.keys() ?? [])].sort());
        expect(new Set(ids).size).toBe(ids.length);
        if (ids.length > 7) expect(pages).toBeGreaterThan(1);
      }
    }
    const first = (await get('tech1', `${recordsPath('configuration_item')}?limit=1`)).json<RecordsPage<{ id: string }>>();
    expect(first.records[0]).toEqual((await pulled('tech1')).get('configuration_item')?.get(first.records[0]!.id));
  });

  it('reads only what changed since a rev', async () => {
    const all = (await get('admin', `${recordsPath('ci_relation')}?limit=1000`)).json<RecordsPage<{ id: string; rev: number }>>();
    const revs = all.records.map((r) => r.rev).sort((a, b) => a - b);
    const since = revs[revs.length - 3]!;
    const page = (await get('admin', `${recordsPath('ci_relation')}?sinceRev=${since}`)).json<RecordsPage<{ rev: number }>>();
    expect(page.records.map((r) => r.rev).sort((a, b) => a - b)).toEqual(revs.filter((r) => r > since));
  });

  it('says what is wrong with a request, and answers nobody who is not signed in', async () => {
    const unknown = await get('admin', recordsPath('spaceship'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain('There is no entity "spaceship" to read. Known: ');
    expect(unknown.json().message).toContain('ci_relation');
    expect((await get('admin', recordsPath('person'))).statusCode).toBe(404);
    expect((await get('admin', recordsPath('asset_inventory'))).statusCode).toBe(404);
    for (const query of ['limit=0', 'limit=5000', 'limit=ten', 'sinceRev=-1', 'colour=red']) {
      const res = await get('admin', `${recordsPath('asset')}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message).toMatch(/^The query is malformed: /);
    }
    expect((await get(null, recordsPath('asset'))).statusCode).toBe(401);
    expect([...SERVED.keys()]).toEqual(expect.arrayContaining(['asset', 'configuration_item', 'ci_relation', 'ticket']));
  });
});
