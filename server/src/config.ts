/**
 * Server configuration: the one place that reads FIELDDESK_* environment variables and
 * command-line flags. Everything else receives a plain ServerConfig, so tests build
 * configs directly (see test/stores.ts) without touching the environment.
 *
 *   FIELDDESK_DATA_DIR          data directory: the SQLite database and attachment files
 *                               (default: per-OS app data dir; required with PostgreSQL,
 *                               where it holds the attachment files of every server process)
 *   FIELDDESK_INIT=1 / --init   allow creating an explicitly set data dir that does not exist
 *   FIELDDESK_DATABASE_URL      postgres://… switches from SQLite to PostgreSQL
 *   FIELDDESK_DATABASE_SCHEMA   PostgreSQL schema to use (default: the role's search_path)
 *   FIELDDESK_HOST / _PORT      listen address (default 127.0.0.1:8470)
 *   FIELDDESK_WEB_DIR           built renderer to serve as the web app (default <repo>/out/renderer)
 *   FIELDDESK_SESSION_TTL_HOURS sliding session lifetime (default 12)
 *   FIELDDESK_DEMO_DATA=0       do not seed the demo data on first start
 *   FIELDDESK_TRUST_PROXY=1     honour X-Forwarded-* (behind a TLS-terminating proxy)
 *   FIELDDESK_LOG_LEVEL         fatal|error|warn|info|debug|trace|silent (default info)
 *   FIELDDESK_AGENT_PASSWORD    the password inventory agents (GLPI Agent, FusionInventory)
 *                               send with HTTP Basic to POST /api/inventory; unset: intake off
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from './errors';
import type { HttpLimits } from './http/limits';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface SqliteStoreConfig {
  kind: 'sqlite';
  dataDir: string;
  /** True when the operator named the directory (FIELDDESK_DATA_DIR): it must then exist. */
  dataDirExplicit: boolean;
  /** FIELDDESK_INIT=1 / --init: an explicit data dir that does not exist may be created. */
  init: boolean;
}

export interface PostgresStoreConfig {
  kind: 'postgres';
  url: string;
  /** Schema to put first on the search_path, or null for the server default. */
  schema: string | null;
}

export type StoreConfig = SqliteStoreConfig | PostgresStoreConfig;

/** Where attachment files live: <dir>/attachments (attachments/blobs.ts). */
export interface FilesConfig {
  dir: string;
  /** The directory may be created when it does not exist (SQLite data dir, or FIELDDESK_INIT). */
  mayCreate: boolean;
}

/** scrypt cost parameters for new password hashes (existing hashes keep their own). */
export interface PasswordHashingConfig {
  N: number;
  r: number;
  p: number;
  keyLen: number;
}

/** How failed sign-ins are slowed down and then refused (auth/throttle.ts). */
export interface LoginThrottleConfig {
  /** Failures per key answered without delay. */
  freeFailures: number;
  /** Delay after the first non-free failure; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures of one username before it is locked (answered 429). */
  userLockAfter: number;
  /** Failures from one IP address before it is locked. */
  ipLockAfter: number;
  /** First lock length; doubles with each further failure while locked out. */
  lockMs: number;
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  store: StoreConfig;
  files: FilesConfig;
  webDir: string;
  sessionTtlHours: number;
  seedDemoData: boolean;
  trustProxy: boolean;
  logLevel: LogLevel;
  passwordHashing: PasswordHashingConfig;
  loginThrottle: LoginThrottleConfig;
  /**
   * The password inventory agents send (HTTP Basic, any user name) to POST /api/inventory
   * (FIELDDESK_AGENT_PASSWORD). Absent or null: agent intake is off (answered 403).
   */
  agentPassword?: string | null;
  /** Request time limits (http/limits.ts); tests shorten them, the server runs with the defaults. */
  httpLimits?: Partial<HttpLimits>;
  /** The server's clock in epoch milliseconds (tests move it to expire sessions). */
  now: () => number;
}

export const DEFAULT_PORT = 8470;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_SESSION_TTL_HOURS = 12;

/** Shortest agent password accepted: it is typed into every agent's configuration, so it must not be guessable. */
export const MIN_AGENT_PASSWORD_LENGTH = 12;

export const DEFAULT_PASSWORD_HASHING: PasswordHashingConfig = { N: 32768, r: 8, p: 1, keyLen: 64 };

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleConfig = {
  freeFailures: 3,
  baseDelayMs: 500,
  maxDelayMs: 4000,
  userLockAfter: 10,
  ipLockAfter: 50,
  lockMs: 60_000,
  maxLockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

/** The per-OS default data directory: created on first start, unlike an explicit one. */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'FieldDesk Server');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'FieldDesk Server');
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(xdg, 'fielddesk-server');
}

/** <repo>/out/renderer, found from this module's location (server/src or server/dist). */
export function defaultWebDir(): string {
  return fileURLToPath(new URL('../../out/renderer', import.meta.url));
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function parseNumber(name: string, raw: string, check: (n: number) => boolean, expected: string): number {
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new StartupError(`${name}="${raw}" is not valid: expected ${expected}.`);
  }
  return n;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export const USAGE = `Usage: fielddesk-server [--init] [--help]

  --init   create the data directory named by FIELDDESK_DATA_DIR if it does not exist
  --help   show this text

Configuration is read from FIELDDESK_* environment variables; see README.md.`;

export interface ParsedArgs {
  init: boolean;
  help: boolean;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const args: ParsedArgs = { init: false, help: false };
  for (const arg of argv) {
    if (arg === '--init') args.init = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new StartupError(`Unknown option "${arg}".\n\n${USAGE}`);
  }
  return args;
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  argv?: readonly string[];
  platform?: NodeJS.Platform;
  home?: string;
  cwd?: string;
}

/** Builds the configuration from the environment and flags; throws StartupError naming any bad value. */
export function loadConfig(sources: ConfigSources = {}): ServerConfig {
  const env = sources.env ?? process.env;
  const args = parseArgs(sources.argv ?? []);
  const platform = sources.platform ?? process.platform;
  const home = sources.home ?? os.homedir();
  const cwd = sources.cwd ?? process.cwd();

  const databaseUrl = env.FIELDDESK_DATABASE_URL?.trim();
  let store: StoreConfig;
  let files: FilesConfig;
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) {
      throw new StartupError('FIELDDESK_DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/fielddesk.');
    }
    const schema = env.FIELDDESK_DATABASE_SCHEMA?.trim() || null;
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new StartupError(`FIELDDESK_DATABASE_SCHEMA="${schema}" is not a valid schema name (letters, digits and _, not starting with a digit).`);
    }
    store = { kind: 'postgres', url: databaseUrl, schema };
    const dataDir = env.FIELDDESK_DATA_DIR?.trim();
    if (!dataDir) {
      throw new StartupError(
        'With PostgreSQL (FIELDDESK_DATABASE_URL), set FIELDDESK_DATA_DIR to the directory for attachment files; several server processes on one database must share it.',
      );
    }
    files = { dir: path.resolve(cwd, dataDir), mayCreate: args.init || truthy(env.FIELDDESK_INIT) };
  } else {
    const explicit = env.FIELDDESK_DATA_DIR?.trim();
    store = {
      kind: 'sqlite',
      dataDir: explicit ? path.resolve(cwd, explicit) : defaultDataDir(platform, env, home),
      dataDirExplicit: Boolean(explicit),
      init: args.init || truthy(env.FIELDDESK_INIT),
    };
    files = { dir: store.dataDir, mayCreate: true };
  }

  const port = env.FIELDDESK_PORT
    ? parseNumber('FIELDDESK_PORT', env.FIELDDESK_PORT, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535')
    : DEFAULT_PORT;
  const sessionTtlHours = env.FIELDDESK_SESSION_TTL_HOURS
    ? parseNumber('FIELDDESK_SESSION_TTL_HOURS', env.FIELDDESK_SESSION_TTL_HOURS, (n) => n > 0 && n <= 24 * 90, 'a number of hours above 0 and at most 2160')
    : DEFAULT_SESSION_TTL_HOURS;
  const logLevel = (env.FIELDDESK_LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new StartupError(`FIELDDESK_LOG_LEVEL="${env.FIELDDESK_LOG_LEVEL}" is not valid: expected one of ${LOG_LEVELS.join(', ')}.`);
  }

  // Not trimmed (a password may end in a space), but blank means unset.
  const agentPassword = env.FIELDDESK_AGENT_PASSWORD && env.FIELDDESK_AGENT_PASSWORD.trim() !== '' ? env.FIELDDESK_AGENT_PASSWORD : null;
  if (agentPassword !== null && agentPassword.length < MIN_AGENT_PASSWORD_LENGTH) {
    throw new StartupError(
      `FIELDDESK_AGENT_PASSWORD is ${agentPassword.length} characters long: use at least ${MIN_AGENT_PASSWORD_LENGTH} (e.g. the output of "openssl rand -base64 18"), or leave it unset to turn agent intake off.`,
    );
  }

  return {
    host: env.FIELDDESK_HOST?.trim() || DEFAULT_HOST,
    port,
    store,
    files,
    webDir: env.FIELDDESK_WEB_DIR?.trim() ? path.resolve(cwd, env.FIELDDESK_WEB_DIR.trim()) : defaultWebDir(),
    sessionTtlHours,
    seedDemoData: env.FIELDDESK_DEMO_DATA === undefined ? true : truthy(env.FIELDDESK_DEMO_DATA),
    trustProxy: truthy(env.FIELDDESK_TRUST_PROXY),
    logLevel,
    passwordHashing: DEFAULT_PASSWORD_HASHING,
    loginThrottle: DEFAULT_LOGIN_THROTTLE,
    agentPassword,
    now: () => Date.now(),
  };
}

/** "SQLite at /path/fielddesk.sqlite" or "PostgreSQL at host:5432/db" (never the password). */
export function describeStore(store: StoreConfig, sqliteFile: string): string {
  if (store.kind === 'sqlite') return `SQLite at ${sqliteFile}`;
  return `PostgreSQL at ${postgresTarget(store.url)}`;
}

/** host:port/database of a PostgreSQL URL, without credentials. */
export function postgresTarget(url: string): string {
  try {
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `${u.hostname || 'localhost'}:${u.port || '5432'}/${db}`;
  } catch {
    return '(unparseable FIELDDESK_DATABASE_URL)';
  }
}
