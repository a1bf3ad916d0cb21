/**
 * Faults for tests: a way to make the database itself fail on one op, on SQLite and
 * PostgreSQL alike — the server's "unexpected failure" (sync/push.ts answers it per op).
 */
import { sql } from 'kysely';
import type { FieldDeskServer } from '../src/app';

/** Text that makes the database itself refuse a worklog (a trigger): the server's "unexpected failure". */
export const EXPLODING_TEXT = 'this worklog makes the database fail';

/** Installs a trigger that fails every worklog insert whose body is EXPLODING_TEXT. */
export async function installExplodingWorklogTrigger(s: FieldDeskServer): Promise<void> {
  if (s.store.kind === 'sqlite') {
    await sql
      .raw(
        `create trigger if not exists test_exploding_worklog before insert on worklogs when new.body = '${EXPLODING_TEXT}' begin select raise(abort, 'test trigger: exploding worklog'); end`,
      )
      .execute(s.db);
    return;
  }
  await sql
    .raw(
      `create or replace function test_exploding_worklog() returns trigger language plpgsql as $$
       begin
         if new.body = '${EXPLODING_TEXT}' then raise exception 'test trigger: exploding worklog'; end if;
         return new;
       end $$;
       drop trigger if exists test_exploding_worklog on worklogs;
       create trigger test_exploding_worklog before insert on worklogs for each row execute function test_exploding_worklog();`,
    )
    .execute(s.db);
}

