/**
 * Slows down password guessing. Failed sign-ins are counted per username and per client
 * IP in the login_attempts table, so the limit holds across server processes:
 * - after `freeFailures` failures each further failure is answered after a growing delay;
 * - after `userLockAfter` (per username) or `ipLockAfter` (per IP) failures the key is
 *   locked and sign-ins are answered 429 with Retry-After until the lock ends; each further
 *   failure after a lock doubles the next lock, up to `maxLockMs`.
 * A successful sign-in clears the username's count. Counts older than `windowMs` reset.
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

  /** Counts a failure for both keys; answers how long to wait before saying "wrong password". */
  async recordFailure(keys: ThrottleKeys, now: number): Promise<number> {
    const cfg = this.config;
    let delay = 0;
    for (const [key, lockAfter] of [
      [keys.user, cfg.userLockAfter],
      [keys.ip, cfg.ipLockAfter],
    ] as const) {
      const cutoff = now - cfg.windowMs;
      const row = await this.db
        .insertInto('login_attempts')
        .values({ key, failures: 1, first_failure_at: now, last_failure_at: now, locked_until: null })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when login_attempts.last_failure_at < ${cutoff} then 1 else login_attempts.failures + 1 end`,
            first_failure_at: sql<number>`case when login_attempts.last_failure_at < ${cutoff} then ${now} else login_attempts.first_failure_at end`,
            last_failure_at: now,
          }),
        )
        .returning('failures')
        .executeTakeFirstOrThrow();
      const failures = Number(row.failures);
      if (failures >= lockAfter) {
        const lockMs = Math.min(cfg.lockMs * 2 ** Math.min(failures - lockAfter, 20), cfg.maxLockMs);
        await this.db.updateTable('login_attempts').set({ locked_until: now + lockMs }).where('key', '=', key).execute();
      }
      if (failures > cfg.freeFailures) {
        delay = Math.max(delay, Math.min(cfg.baseDelayMs * 2 ** Math.min(failures - cfg.freeFailures - 1, 20), cfg.maxDelayMs));
      }
    }
    return delay;
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
