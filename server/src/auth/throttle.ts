/**
 * Slows down password guessing. Failed sign-ins are counted per username and per client
 * IP in the login_attempts table, so the limit holds across server processes:
 * - after `freeFailures` failures each further failure is answered after a growing delay;
 * - after `userLockAfter` (per username) or `ipLockAfter` (per IP) failures the key is
 *   locked and sign-ins are answered 429 with Retry-After until the lock ends; each further
 *   failure after a lock doubles the next lock, up to `maxLockMs`.
 * A successful sign-in clears the username's count. Counts older than `windowMs` reset.
 *
 * Concurrency: an attempt is counted BEFORE its password is checked (`begin`), atomically:
 * one transaction upserts both keys (`failures + 1 ... returning`), and on PostgreSQL the
 * upsert holds the key's row lock until commit, so attempts on one key — from any number of
 * requests or server processes — are counted one after another; SQLite's single writer does
 * the same. The attempt that reaches the limit sets the lock in that transaction, so every
 * attempt after it is answered 429 without its password being checked, however many were
 * sent at once. A right password takes its own count back (`release`; a sign-in then also
 * clears the username), a wrong one leaves it counted. An attempt refused by a lock is not
 * counted (the lock does not grow while it holds). A process that dies between `begin` and
 * the answer leaves the attempt counted: the limit errs on the side of refusing.
 */
import { sql, type Kysely } from 'kysely';
import type { LoginThrottleConfig } from '../config';
import type { Database } from '../db/types';

export interface ThrottleKeys {
  user: string;
  ip: string;
}

export interface Lockout {
  retryAfterMs: number;
  until: number;
  scope: 'user' | 'ip';
}

/** One key's part of an attempt counted by `begin`. */
interface Reservation {
  key: string;
  /** The lock this attempt set (it reached the limit), or null. */
  lockedUntil: number | null;
  /** The key's locked_until before (an expired lock, or null). */
  previousLockedUntil: number | null;
}

/** An attempt counted by LoginThrottle.begin. */
export interface ThrottleAttempt {
  /** The lock refusing this attempt (answer 429; nothing was counted), or null. */
  lockout: Lockout | null;
  /** How long to wait before answering that the password was wrong. */
  delayMs: number;
  reserved: Reservation[];
}

class LockedOut extends Error {
  constructor(readonly lockout: Lockout) {
    super('locked out');
  }
}

export function throttleKeys(username: string, ip: string): ThrottleKeys {
  return { user: `user:${username.trim().toLowerCase()}`, ip: `ip:${ip}` };
}

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: LoginThrottleConfig,
  ) {}

  /** The lock that refuses this sign-in now, if any (the longer one when both are locked). */
  async lockout(keys: ThrottleKeys, now: number): Promise<Lockout | null> {
    const rows = await this.db
      .selectFrom('login_attempts')
      .select(['key', 'locked_until'])
      .where('key', 'in', [keys.user, keys.ip])
      .execute();
    let worst: Lockout | null = null;
    for (const row of rows) {
      const until = row.locked_until === null ? 0 : Number(row.locked_until);
      if (until > now && (!worst || until > worst.until)) {
        worst = { until, retryAfterMs: until - now, scope: row.key === keys.user ? 'user' : 'ip' };
      }
    }
    return worst;
  }

  /**
   * Counts an attempt for both keys before its password is checked (see the module comment).
   * A locked key refuses it (`lockout`, nothing counted); otherwise it is counted as a
   * failure until `release` takes it back, and `delayMs` says how long a failure waits.
   */
  async begin(keys: ThrottleKeys, now: number): Promise<ThrottleAttempt> {
    const early = await this.lockout(keys, now);
    if (early) return { lockout: early, delayMs: 0, reserved: [] };
    const cfg = this.config;
    const cutoff = now - cfg.windowMs;
    try {
      return await this.db.transaction().execute(async (trx) => {
        const reserved: Reservation[] = [];
        let delayMs = 0;
        for (const [key, lockAfter, scope] of [
          [keys.user, cfg.userLockAfter, 'user'],
          [keys.ip, cfg.ipLockAfter, 'ip'],
        ] as const) {
          const locked = sql<boolean>`coalesce(login_attempts.locked_until, 0) > ${now}`;
          const stale = sql<boolean>`login_attempts.last_failure_at < ${cutoff}`;
          const row = await trx
            .insertInto('login_attempts')
            .values({ key, failures: 1, first_failure_at: now, last_failure_at: now, locked_until: null })
            .onConflict((oc) =>
              oc.column('key').doUpdateSet({
                failures: sql<number>`case when ${locked} then login_attempts.failures when ${stale} then 1 else login_attempts.failures + 1 end`,
                first_failure_at: sql<number>`case when ${locked} then login_attempts.first_failure_at when ${stale} then ${now} else login_attempts.first_failure_at end`,
                last_failure_at: sql<number>`case when ${locked} then login_attempts.last_failure_at else ${now} end`,
              }),
            )
            .returning(['failures', 'locked_until'])
            .executeTakeFirstOrThrow();
          const previous = row.locked_until === null ? null : Number(row.locked_until);
          // Locked meanwhile (by an attempt that committed after our first look): refused, and
          // the rollback takes back what this transaction counted for the other key.
          if (previous !== null && previous > now) throw new LockedOut({ until: previous, retryAfterMs: previous - now, scope });
          const failures = Number(row.failures);
          let lockedUntil: number | null = null;
          if (failures >= lockAfter) {
            lockedUntil = now + Math.min(cfg.lockMs * 2 ** Math.min(failures - lockAfter, 20), cfg.maxLockMs);
            await trx.updateTable('login_attempts').set({ locked_until: lockedUntil }).where('key', '=', key).execute();
          }
          if (failures > cfg.freeFailures) {
            delayMs = Math.max(delayMs, Math.min(cfg.baseDelayMs * 2 ** Math.min(failures - cfg.freeFailures - 1, 20), cfg.maxDelayMs));
          }
          reserved.push({ key, lockedUntil, previousLockedUntil: previous });
        }
        return { lockout: null, delayMs, reserved };
      });
    } catch (error) {
      if (error instanceof LockedOut) return { lockout: error.lockout, delayMs: 0, reserved: [] };
      throw error;
    }
  }

  /**
   * Takes back what `begin` counted, for an attempt whose password was right: one failure
   * less per key, and a lock this very attempt set is lifted (a lock set since by another
   * attempt stays).
   */
  async release(attempt: ThrottleAttempt): Promise<void> {
    for (const r of attempt.reserved) {
      await this.db
        .updateTable('login_attempts')
        .set({
          failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
          ...(r.lockedUntil !== null ? { locked_until: sql<number | null>`case when locked_until = ${r.lockedUntil} then ${r.previousLockedUntil} else locked_until end` } : {}),
        })
        .where('key', '=', r.key)
        .execute();
    }
  }

  /** Counts a failure for both keys (an attempt never released); answers how long to wait before saying so. */
  async recordFailure(keys: ThrottleKeys, now: number): Promise<number> {
    return (await this.begin(keys, now)).delayMs;
  }

  async recordSuccess(keys: ThrottleKeys): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('key', '=', keys.user).execute();
  }

  /** Forgets counts that can no longer matter. */
  async prune(now: number): Promise<void> {
    await this.db
      .deleteFrom('login_attempts')
      .where('last_failure_at', '<', now - this.config.windowMs)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .execute();
  }
}

/** "Wait 2 minutes (until 14:05 UTC)": when a locked-out user may try again, in words. */
export function describeRetry(lockout: Lockout): string {
  const seconds = Math.ceil(lockout.retryAfterMs / 1000);
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  const at = new Date(lockout.until).toISOString().slice(11, 19);
  const who = lockout.scope === 'user' ? 'this username' : 'this network address';
  return `Too many failed sign-in attempts for ${who}. Wait ${wait} (until ${at} UTC) and try again.`;
}
