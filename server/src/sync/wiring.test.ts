/**
 * Every declared entity (common/entities/) is wired everywhere on the server, on SQLite and
 * PostgreSQL: its table has every declared column; a full pull by an admin of the demo
 * database brings each of its records, which pass its schema and equal the record the
 * declaration maps from the row. (The replica side is checked in renderer/src/data/db.test.ts.)
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API } from '@fielddesk/common/api/http';
import { ENTITIES, recordFromRow } from '@fielddesk/common/entities/registry';
import type { Change } from '@fielddesk/common/sync/protocol';
import type { FieldDeskServer } from '../app';
import { describeStores } from '../../test/stores';
import { bearer, loginDesktop } from '../../test/http';

describeStores('entity wiring', (h) => {
  let s: FieldDeskServer;
  let token: string;
  beforeAll(async () => {
    s = await h.start();
    token = (await loginDesktop(s.app, 'admin')).token;
  });
  afterAll(async () => {
    await s?.close();
  });

  async function columnsOf(table: string): Promise<string[]> {
    if (h.kind === 'sqlite') return (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(s.db)).rows.map((r) => r.name);
    return (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(s.db)).rows.map(
      (r) => r.name,
    );
  }

  it('every declared column exists in its table', async () => {
    for (const entity of ENTITIES) {
      const columns = await columnsOf(entity.table);
      expect(columns.length, `the table ${entity.table} of ${entity.name} does not exist`).toBeGreaterThan(0);
      for (const c of entity.columns) expect(columns, `${entity.name}.${c.field} → ${entity.table}.${c.column}`).toContain(c.column);
    }
  });

  it('a full pull brings every stored record of every entity, as its declaration maps its row', async () => {
    const pulled = new Map<string, Map<string, unknown>>();
    let cursor = '0';
    for (;;) {
      const res = await s.app.inject({ method: 'GET', url: `${API.pull}?cursor=${cursor}&limit=2000`, headers: bearer(token) });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ changes: Change[]; cursor: string; hasMore: boolean }>();
      for (const change of page.changes) {
        if (change.op !== 'put') continue;
        let byId = pulled.get(change.entity);
        if (!byId) pulled.set(change.entity, (byId = new Map()));
        byId.set(change.id, change.data);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    for (const entity of ENTITIES) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(entity.table)}`.execute(s.db)).rows;
      const got = pulled.get(entity.name) ?? new Map();
      expect(got.size, `${entity.name}: pulled ${got.size} of ${rows.length} rows`).toBe(rows.length);
      for (const row of rows) {
        const record = got.get(String(row.id)) as Record<string, unknown> | undefined;
        expect(record, `${entity.name} ${String(row.id)} was not pulled`).toBeDefined();
        expect(entity.schema.safeParse(record).success, `${entity.name} ${String(row.id)} fails its schema`).toBe(true);
        if (entity.derivedFields.length === 0) expect(record).toEqual(recordFromRow(entity, row));
      }
    }
  });
});
