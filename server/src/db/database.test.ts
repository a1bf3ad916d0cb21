/**
 * store.write on both stores: revs and the high-water mark, statements run before the
 * writer lock (`beforeLock`), and SQLite's statement cache.
 */
import { expect, it } from 'vitest';
import { describeStores } from '../../test/stores';

describeStores('store.write', (h) => {
  it('hands out increasing revs and moves the high-water mark only when revs were used', async () => {
    const s = await h.start({ seedDemoData: false });
    const start = await s.store.currentRev();
    const revs = await s.store.write(async (tx) => [await tx.nextRev(), await tx.nextRev()]);
    expect(revs[1]).toBe((revs[0] ?? 0) + 1);
    expect(revs[0]).toBeGreaterThan(start);
    expect(await s.store.currentRev()).toBe(revs[1]);

    await s.store.write(async () => undefined);
    expect(await s.store.currentRev()).toBe(revs[1]);
    const later = await s.store.write((tx) => tx.nextRev());
    expect(later).toBeGreaterThan(revs[1] ?? 0);
    expect(await s.store.currentRev()).toBe(later);
  });

  it('runs beforeLock in the same transaction: rolled back with it', async () => {
    const s = await h.start({ seedDemoData: false });
    await expect(
      s.store.write(
        async () => {
          throw new Error('fn failed');
        },
        async (db) => {
          await db.insertInto('meta').values({ key: 'before-lock-test', value: 'x' }).execute();
        },
      ),
    ).rejects.toThrow('fn failed');
    expect(await s.db.selectFrom('meta').select('value').where('key', '=', 'before-lock-test').executeTakeFirst()).toBeUndefined();

    await s.store.write(
      async (tx) => {
        // Visible inside the transaction, after beforeLock.
        expect(await tx.db.selectFrom('meta').select('value').where('key', '=', 'before-lock-test').executeTakeFirst()).toEqual({ value: 'y' });
      },
      async (db) => {
        await db.insertInto('meta').values({ key: 'before-lock-test', value: 'y' }).execute();
      },
    );
    expect(await s.db.selectFrom('meta').select('value').where('key', '=', 'before-lock-test').executeTakeFirst()).toEqual({ value: 'y' });
  });

  it.runIf(h.kind === 'postgres')('runs beforeLock while another writer holds the lock, and fn only after it commits (PostgreSQL only: SQLite locks at BEGIN IMMEDIATE)', async () => {
    const s = await h.start({ seedDemoData: false });
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const hasLock = new Promise<void>((resolve) => (locked = resolve));
    const first = s.store.write(async (tx) => {
      const rev = await tx.nextRev();
      locked();
      await held;
      events.push('first commits');
      return rev;
    });
    await hasLock;
    let beforeRan!: () => void;
    const before = new Promise<void>((resolve) => (beforeRan = resolve));
    const second = s.store.write(
      async (tx) => {
        events.push('second fn');
        return tx.nextRev();
      },
      async () => {
        events.push('second beforeLock');
        beforeRan();
      },
    );
    await before;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual(['second beforeLock']);
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(events).toEqual(['second beforeLock', 'first commits', 'second fn']);
    expect(b).toBeGreaterThan(a);
    expect(await s.store.currentRev()).toBe(b);
  });

  it('reuses prepared statements safely (same SQL, different parameters, many times)', async () => {
    const s = await h.start({ seedDemoData: false });
    for (let i = 0; i < 50; i++) await s.db.insertInto('meta').values({ key: `k${i}`, value: `v${i}` }).execute();
    for (let i = 0; i < 50; i += 7) {
      expect(await s.db.selectFrom('meta').select('value').where('key', '=', `k${i}`).executeTakeFirst()).toEqual({ value: `v${i}` });
    }
    const rows = await s.db.selectFrom('meta').select('key').where('key', 'like', 'k%').orderBy('key').execute();
    expect(rows).toHaveLength(50);
  });
});
