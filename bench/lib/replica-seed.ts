/**
 * What the browser benchmarks' seed pages share (bench/workspace/seed-entry.ts,
 * bench/assets/seed-entry.ts): they run in Debian's Chromium on the server's own origin, sign
 * in with the renderer's real web adapter, start the user's replica afresh where the web app
 * looks for it, and run the real SyncEngine once, so the replica holds the demo records and a
 * valid cursor before the generated records are added; and they check every generated record
 * against its domain schema. Browser code: bundled into each seed page, never run by Node.
 */
import type { z } from 'zod';
import { openWorkspaceDb, type FieldDeskDb } from '../../renderer/src/data/db';
import { SyncEngine } from '../../renderer/src/data/sync/engine';
import { createWebPlatform } from '../../renderer/src/platform/web';

/** Checks every record with its schema; the first few failures are reported in words. */
export function validate<T>(schema: z.ZodType<T>, records: readonly T[], what: string): void {
  const problems: string[] = [];
  for (const r of records) {
    const result = schema.safeParse(r);
    if (!result.success) {
      problems.push(`${what} ${JSON.stringify(r).slice(0, 200)}: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      if (problems.length >= 3) break;
    }
  }
  if (problems.length > 0) throw new Error(`Generated records do not match the domain schemas:\n${problems.join('\n')}`);
}

/** Signs in, empties the user's replica and syncs it once: the replica and how long the sync took. */
export async function freshSyncedReplica(username: string, password: string): Promise<{ db: FieldDeskDb; userId: string; syncMs: number }> {
  const started = performance.now();
  const platform = createWebPlatform();
  const signedIn = await platform.login({ username, password });
  const db = openWorkspaceDb(window.location.origin, signedIn.user.id);
  await db.delete();
  await db.open();
  const engine = new SyncEngine({ db, platform, userId: signedIn.user.id, periodicMs: 0 });
  const status = await engine.syncNow();
  engine.stop();
  if (status.state !== 'idle') throw new Error(`The reference sync ended in state "${status.state}": ${status.message ?? 'no message'}`);
  return { db, userId: signedIn.user.id, syncMs: performance.now() - started };
}
