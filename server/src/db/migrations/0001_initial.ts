/* eslint-disable @typescript-eslint/no-explicit-any -- migrations must not depend on today's Database type */
import { sql, type Kysely, type Migration } from 'kysely';
import { PG_REV_SEQUENCE, type StoreKind } from '../kind';

/**
 * The first schema: meta; the change sequence (change_sequence, its committed high-water
 * mark; on PostgreSQL also the rev sequence PG_REV_SEQUENCE); sites, locations, groups,
 * persons and their groups; credentials, sessions and login attempts; tickets (merged per
 * field: field_revs), worklogs and assets; ticket_counters (the numbers given per kind);
 * sync_clients and sync_ops (each client's applied ops and their results); tombstones (deleted
 * records, by rev); and a rev index on every synced table, for pull.
 */
export function initial(kind: StoreKind): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('change_sequence')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('last_rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('change_sequence').values({ id: 1, last_rev: 0 }).execute();
      if (kind === 'postgres') await sql`create sequence ${sql.id(PG_REV_SEQUENCE)} as bigint minvalue 1`.execute(db);

      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('locations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('persons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('technician', 'agent', 'admin', 'requester')`))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('person_groups')
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('person_groups_pk', ['person_id', 'group_id'])
        .execute();

      await db.schema
        .createTable('credentials')
        .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id').onDelete('cascade'))
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('salt', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('r', 'integer', (c) => c.notNull())
        .addColumn('p', 'integer', (c) => c.notNull())
        .addColumn('key_len', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('client', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_person_idx').on('sessions').column('person_id').execute();
      await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('first_failure_at', 'bigint', (c) => c.notNull())
        .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint')
        .execute();

      await db.schema
        .createTable('tickets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.references('persons.id'))
        .addColumn('assignee_id', 'text', (c) => c.references('persons.id'))
        .addColumn('group_id', 'text', (c) => c.references('groups.id'))
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('location_id', 'text', (c) => c.references('locations.id'))
        .addColumn('on_hold_reason', 'text')
        .addColumn('resolution_code', 'text')
        .addColumn('resolution_notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('field_revs', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tickets_rev_idx').on('tickets').column('rev').execute();
      await db.schema.createIndex('tickets_group_rev_idx').on('tickets').columns(['group_id', 'rev']).execute();
      await db.schema.createIndex('tickets_site_rev_idx').on('tickets').columns(['site_id', 'rev']).execute();
      await db.schema.createIndex('tickets_assignee_idx').on('tickets').column('assignee_id').execute();

      await db.schema
        .createTable('worklogs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ticket_id', 'text', (c) => c.notNull().references('tickets.id'))
        .addColumn('author_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('worklogs_rev_idx').on('worklogs').column('rev').execute();
      await db.schema.createIndex('worklogs_ticket_idx').on('worklogs').column('ticket_id').execute();

      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tag', 'text', (c) => c.notNull().unique())
        .addColumn('serial', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('manufacturer', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('location_id', 'text', (c) => c.references('locations.id'))
        .addColumn('assigned_to_id', 'text', (c) => c.references('persons.id'))
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assets_rev_idx').on('assets').column('rev').execute();
      await db.schema.createIndex('assets_serial_idx').on('assets').column('serial').execute();

      for (const table of ['sites', 'locations', 'groups', 'persons']) {
        await db.schema.createIndex(`${table}_rev_idx`).on(table).column('rev').execute();
      }

      await db.schema
        .createTable('ticket_counters')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sync_clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sync_ops')
        .addColumn('client_id', 'text', (c) => c.notNull().references('sync_clients.client_id'))
        .addColumn('op_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sync_ops_pk', ['client_id', 'op_id'])
        .execute();

      await db.schema
        .createTable('tombstones')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('rev', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tombstones_pk', ['entity', 'id'])
        .execute();
      await db.schema.createIndex('tombstones_rev_idx').on('tombstones').column('rev').execute();
    },
  };
}
