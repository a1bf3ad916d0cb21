/**
 * The SQLite data directory: checks it before anything is opened and refuses, with a
 * message that says what is wrong, every state that could mean lost or foreign data.
 * It never resets or overwrites anything: a fresh database is only created in a
 * directory that holds neither a database nor a marker.
 *
 * Layout:  <dir>/fielddesk.json    marker {format, formatVersion, createdAt}
 *          <dir>/fielddesk.sqlite  the database (+ -wal / -shm while open)
 */
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../errors';
import type { SqliteStoreConfig } from '../config';

export const DB_FILE = 'fielddesk.sqlite';
export const MARKER_FILE = 'fielddesk.json';
/** Exists only while a server creates a new database in the directory. */
export const INIT_LOCK_FILE = 'fielddesk.init.lock';
export const DATA_FORMAT = 'fielddesk-server-data';
export const DATA_FORMAT_VERSION = 1;

export interface DataDirMarker {
  format: typeof DATA_FORMAT;
  formatVersion: number;
  createdAt: string;
}

export interface PreparedDataDir {
  dir: string;
  dbFile: string;
  /** True when the directory holds no database yet: it will be created. */
  fresh: boolean;
  /** Call once the database file exists (ends the init lock of a fresh directory). */
  release(): void;
}

function errnoCode(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : 'unknown error';
}

function markerText(now: Date): string {
  const marker: DataDirMarker = { format: DATA_FORMAT, formatVersion: DATA_FORMAT_VERSION, createdAt: now.toISOString() };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

function writeMarker(dir: string, now: Date): void {
  const target = path.join(dir, MARKER_FILE);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, markerText(now), { mode: 0o600 });
  fs.renameSync(temp, target);
}

function readMarker(dir: string): void {
  const file = path.join(dir, MARKER_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartupError(`Cannot read the data directory marker ${file} (${errnoCode(error)}). Check its permissions.`);
  }
  let marker: unknown;
  try {
    marker = JSON.parse(text);
  } catch {
    marker = null;
  }
  const m = marker as Partial<DataDirMarker> | null;
  if (!m || typeof m !== 'object' || m.format !== DATA_FORMAT || typeof m.formatVersion !== 'number' || !Number.isInteger(m.formatVersion)) {
    throw new StartupError(
      `The data directory marker ${file} is damaged or not a FieldDesk marker, so FieldDesk will not touch the database next to it. ` +
        `Restore the directory from a backup, or if you know ${DB_FILE} there is a FieldDesk database, write this into ${MARKER_FILE}: ` +
        `{"format":"${DATA_FORMAT}","formatVersion":${DATA_FORMAT_VERSION},"createdAt":"<when it was created>"}`,
    );
  }
  if (m.formatVersion > DATA_FORMAT_VERSION) {
    throw new StartupError(
      `The data directory ${dir} was written by a newer FieldDesk server (data format ${m.formatVersion}; this server reads up to ${DATA_FORMAT_VERSION}). Start the newer server, or restore a backup made for this version.`,
    );
  }
  if (m.formatVersion < 1) throw new StartupError(`The data directory marker ${file} names an impossible data format version (${m.formatVersion}).`);
}

type Inspection = { state: 'ready' } | { state: 'fresh'; exists: boolean } | { state: 'initializing' };

/** Looks at the directory without changing anything; throws StartupError for every unusable state. */
function inspect(store: SqliteStoreConfig): Inspection {
  const dir = store.dataDir;
  const dbFile = path.join(dir, DB_FILE);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') {
      throw new StartupError(`Cannot open the data directory ${dir} (${errnoCode(error)}). Check that the path and its permissions are right.`);
    }
    if (store.dataDirExplicit && !store.init) {
      throw new StartupError(
        `The data directory ${dir} (FIELDDESK_DATA_DIR) does not exist. If the path is right and you want a new, empty FieldDesk ` +
          `database there, start once with FIELDDESK_INIT=1 (or the --init flag) to create it. If you expected existing data there, ` +
          `check the path or mount the volume that holds it.`,
      );
    }
    return { state: 'fresh', exists: false };
  }

  if (!stat.isDirectory()) {
    throw new StartupError(`The data directory ${dir} is a file, not a directory. Point FIELDDESK_DATA_DIR at a directory (FieldDesk keeps ${DB_FILE} inside it).`);
  }
  try {
    fs.accessSync(dir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new StartupError(`FieldDesk needs read and write access to the data directory ${dir} (${errnoCode(error)}). Fix its permissions or owner.`);
  }

  const hasMarker = fs.existsSync(path.join(dir, MARKER_FILE));
  let dbStat: fs.Stats | null = null;
  try {
    dbStat = fs.statSync(dbFile);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw new StartupError(`Cannot read the database ${dbFile} (${errnoCode(error)}).`);
  }
  if (dbStat && !dbStat.isFile()) throw new StartupError(`${dbFile} is not a file. Move it away; FieldDesk keeps its database in that file.`);
  const initializing = fs.existsSync(path.join(dir, INIT_LOCK_FILE));

  if (dbStat && !hasMarker) {
    if (initializing) return { state: 'initializing' };
    throw new StartupError(
      `${dir} holds ${DB_FILE} but no ${MARKER_FILE} marker, so FieldDesk cannot tell whether it is its own database and will not use it. ` +
        `Restore the whole directory from a backup, or if it is a FieldDesk database, write this into ${path.join(dir, MARKER_FILE)}: ` +
        `{"format":"${DATA_FORMAT}","formatVersion":${DATA_FORMAT_VERSION},"createdAt":"<when it was created>"}`,
    );
  }
  if (hasMarker) readMarker(dir);
  if (hasMarker && !dbStat) {
    if (initializing) return { state: 'initializing' };
    throw new StartupError(
      `The data directory ${dir} is marked as holding a FieldDesk database, but ${DB_FILE} is missing. FieldDesk will not start over on its own: ` +
        `restore ${DB_FILE} from a backup, or delete ${MARKER_FILE} to start with a new, empty database.`,
    );
  }
  if (!hasMarker) return initializing ? { state: 'initializing' } : { state: 'fresh', exists: true };
  try {
    fs.accessSync(dbFile, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new StartupError(`FieldDesk needs read and write access to ${dbFile} (${errnoCode(error)}). Fix its permissions or owner.`);
  }
  return { state: 'ready' };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks (and on first start creates) the data directory. Throws StartupError for a missing
 * explicit directory, a file in its place, missing permissions, a database without a marker,
 * a marker without a database, or a garbled marker.
 *
 * Creating a new database holds an init lock file until the caller has created the database
 * file and calls `release()`, so two servers starting at once on a new directory do not see
 * each other's half-made directory as damaged.
 */
export async function prepareDataDir(store: SqliteStoreConfig, now = new Date(), waitMs = 15_000): Promise<PreparedDataDir> {
  const dir = store.dataDir;
  const dbFile = path.join(dir, DB_FILE);
  const lockFile = path.join(dir, INIT_LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = inspect(store);
    if (found.state === 'ready') return { dir, dbFile, fresh: false, release: () => undefined };
    if (found.state === 'fresh') {
      if (!found.exists) {
        try {
          fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        } catch (error) {
          throw new StartupError(`Cannot create the data directory ${dir} (${errnoCode(error)}).`);
        }
      }
      let lock: number | null = null;
      try {
        lock = fs.openSync(lockFile, 'wx');
      } catch (error) {
        if (errnoCode(error) !== 'EEXIST') throw new StartupError(`Cannot write in the data directory ${dir} (${errnoCode(error)}).`);
      }
      if (lock !== null) {
        fs.closeSync(lock);
        const release = () => fs.rmSync(lockFile, { force: true });
        try {
          // Someone may have finished between our look and our lock.
          if (inspect({ ...store, init: true }).state === 'ready') {
            release();
            return { dir, dbFile, fresh: false, release: () => undefined };
          }
          writeMarker(dir, now);
        } catch (error) {
          release();
          if (error instanceof StartupError) throw error;
          throw new StartupError(`Cannot write ${path.join(dir, MARKER_FILE)} (${errnoCode(error)}).`);
        }
        return { dir, dbFile, fresh: true, release };
      }
    }
    // Another server is creating the database right now: wait for it, then look again.
    if (Date.now() > deadline) {
      throw new StartupError(
        `Another FieldDesk server seems to be creating the database in ${dir} (lock file ${lockFile}). If no other server is starting, delete that file and start again.`,
      );
    }
    await sleep(100);
  }
}
