import { beforeAll, expect, it } from 'vitest';
import type { FieldDeskServer } from '../app';
import { describeStores } from '../../test/stores';
import { bulkInsert, statementSizes } from './bulk';

it('cuts rows into few statements: power-of-two sizes on SQLite (cacheable), the largest on PostgreSQL', () => {
  expect(statementSizes(1000, 1304, 'sqlite')).toEqual([512, 256, 128, 64, 32, 8]);
  expect(statementSizes(3000, 1304, 'sqlite')).toEqual([1024, 1024, 512, 256, 128, 32, 16, 8]);
  expect(statementSizes(1000, 1304, 'postgres')).toEqual([1000]);
  expect(statementSizes(3000, 1304, 'postgres')).toEqual([1304, 1304, 392]);
  expect(statementSizes(0, 10, 'sqlite')).toEqual([]);
  expect(statementSizes(3, 1, 'sqlite')).toEqual([1, 1, 1]);
});

describeStores('bulk insert', (h) => {
  let s: FieldDeskServer;
  beforeAll(async () => {
    s = await h.start({ seedDemoData: false });
  });

  it('inserts more rows than one statement may bind, then upserts them, with odd values bound as parameters', async () => {
    // meta has 2 columns: 15,000 rows per statement, so 20,000 rows take two statements.
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ key: `bulk-${i}`, value: i === 7 ? `it's "quoted"; drop table meta; --` : `v${i}` }));
    await bulkInsert(s.db, s.store.kind, { table: 'meta', columns: ['key', 'value'], rows });
    const count = await s.db.selectFrom('meta').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', 'bulk-%').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(20_000);
    expect((await s.db.selectFrom('meta').select('value').where('key', '=', 'bulk-7').executeTakeFirstOrThrow()).value).toBe(`it's "quoted"; drop table meta; --`);

    await bulkInsert(s.db, s.store.kind, { table: 'meta', columns: ['key', 'value'], rows: rows.map((r) => ({ ...r, value: `${r.value}!` })), onConflictUpdate: 'key' });
    expect((await s.db.selectFrom('meta').select('value').where('key', '=', 'bulk-19999').executeTakeFirstOrThrow()).value).toBe('v19999!');
    await bulkInsert(s.db, s.store.kind, { table: 'meta', columns: ['key', 'value'], rows: [] });
  });
});
