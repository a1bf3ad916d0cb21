/** Typed access to the replica's `meta` table (pull cursor, client id, last sync, session user). */
import { v7 as uuidv7 } from 'uuid';
import type { FieldDeskDb, MetaKey, MetaValues } from './db';

export async function getMeta<K extends MetaKey>(db: FieldDeskDb, key: K): Promise<MetaValues[K] | undefined> {
  const entry = await db.meta.get(key);
  return entry?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(db: FieldDeskDb, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

/** This replica's client id for the sync protocol: a UUIDv7 made once and kept. */
export async function ensureClientId(db: FieldDeskDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta(db, 'clientId');
    if (existing) return existing;
    const id = uuidv7();
    await setMeta(db, 'clientId', id);
    return id;
  });
}
