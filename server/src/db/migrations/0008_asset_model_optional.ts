/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import type { StoreKind } from '../kind';
import { rebuildSqliteTables, takeRev } from './shared';

/**
 * An asset's model and manufacturer may be unknown (null), as an agent that reports neither
 * leaves them; they were NOT NULL, and such assets were given ''. Those '' become null, each
 * with a new rev so every replica pulls the corrected asset. SQLite cannot drop a NOT NULL:
 * the assets table is rebuilt.
 */
export function assetModelOptional(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      const columns = ['model', 'manufacturer'];
      if (kind === 'postgres') {
        for (const column of columns) await sql.raw(`alter table assets alter column ${column} drop not null`).execute(db);
      } else {
        await rebuildSqliteTables(db, ['assets'], (_table, create) => {
          let edited = create;
          for (const column of columns) {
            const required = `"${column}" text not null`;
            if (!edited.includes(required)) throw new Error(`table assets does not have the expected column ${required}`);
            edited = edited.replace(required, `"${column}" text`);
          }
          return edited;
        });
      }
      const blank = await db.selectFrom('assets').select('id').where((eb) => eb.or([eb('model', '=', ''), eb('manufacturer', '=', '')])).orderBy('rev').execute();
      for (const { id } of blank) {
        await db
          .updateTable('assets')
          .set({ model: sql`nullif(model, '')`, manufacturer: sql`nullif(manufacturer, '')`, rev: await takeRev(db, kind) })
          .where('id', '=', id)
          .execute();
      }
    },
  };
}
