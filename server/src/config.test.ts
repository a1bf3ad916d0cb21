import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultWebDir, DEFAULT_HOST, DEFAULT_PORT, loadConfig, postgresTarget } from './config';
import { StartupError } from './errors';

describe('config', () => {
  const base = { home: '/home/ann', cwd: '/srv/app', platform: 'linux' as const };

  it('uses the per-OS data directory by default', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.local/share/fielddesk-server');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/xdg' }, '/home/ann')).toBe('/data/xdg/fielddesk-server');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/home/ann')).toBe('/home/ann/.local/share/fielddesk-server');
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/FieldDesk Server');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\FieldDesk Server');
  });

  it('defaults to SQLite in the default directory, on 127.0.0.1:8470, serving <repo>/out/renderer', () => {
    const config = loadConfig({ ...base, env: {} });
    expect(config.store).toEqual({ kind: 'sqlite', dataDir: '/home/ann/.local/share/fielddesk-server', dataDirExplicit: false, init: false });
    expect(config.host).toBe(DEFAULT_HOST);
    expect(config.port).toBe(DEFAULT_PORT);
    expect(config.sessionTtlHours).toBe(12);
    expect(config.seedDemoData).toBe(true);
    expect(defaultWebDir()).toBe(path.resolve(import.meta.dirname, '../../out/renderer'));
    expect(config.webDir).toBe(defaultWebDir());
  });

  it('reads an explicit data dir (relative to the working directory) and --init / FIELDDESK_INIT', () => {
    expect(loadConfig({ ...base, env: { FIELDDESK_DATA_DIR: 'data' } }).store).toEqual({ kind: 'sqlite', dataDir: '/srv/app/data', dataDirExplicit: true, init: false });
    expect(loadConfig({ ...base, env: { FIELDDESK_DATA_DIR: '/d', FIELDDESK_INIT: '1' } }).store).toMatchObject({ init: true });
    expect(loadConfig({ ...base, env: { FIELDDESK_DATA_DIR: '/d' }, argv: ['--init'] }).store).toMatchObject({ init: true });
  });

  it('reads the agent password (unset or blank: inventory intake off) and refuses a short one', () => {
    expect(loadConfig({ ...base, env: {} }).agentPassword).toBeNull();
    expect(loadConfig({ ...base, env: { FIELDDESK_AGENT_PASSWORD: '   ' } }).agentPassword).toBeNull();
    expect(loadConfig({ ...base, env: { FIELDDESK_AGENT_PASSWORD: ' a long enough one ' } }).agentPassword).toBe(' a long enough one ');
    expect(() => loadConfig({ ...base, env: { FIELDDESK_AGENT_PASSWORD: 'short' } })).toThrow(/FIELDDESK_AGENT_PASSWORD is 5 characters long: use at least 12/);
  });

  it('switches to PostgreSQL with FIELDDESK_DATABASE_URL', () => {
    const config = loadConfig({
      ...base,
      env: { FIELDDESK_DATABASE_URL: 'postgres://u:p@db.internal:6543/fd', FIELDDESK_DATABASE_SCHEMA: 'fielddesk', FIELDDESK_DATA_DIR: 'files' },
    });
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.internal:6543/fd', schema: 'fielddesk' });
    expect(config.files).toEqual({ dir: '/srv/app/files', mayCreate: false });
    expect(postgresTarget('postgres://u:p@db.internal:6543/fd')).toBe('db.internal:6543/fd');
    expect(postgresTarget('postgresql://localhost/fd')).toBe('localhost:5432/fd');
  });

  it('keeps attachment files in the SQLite data dir, and needs FIELDDESK_DATA_DIR for them with PostgreSQL', () => {
    expect(loadConfig({ ...base, env: { FIELDDESK_DATA_DIR: 'data' } }).files).toEqual({ dir: '/srv/app/data', mayCreate: true });
    expect(() => loadConfig({ ...base, env: { FIELDDESK_DATABASE_URL: 'postgres://db/fd' } })).toThrow(/set FIELDDESK_DATA_DIR to the directory for attachment files/);
    expect(loadConfig({ ...base, env: { FIELDDESK_DATABASE_URL: 'postgres://db/fd', FIELDDESK_DATA_DIR: '/f', FIELDDESK_INIT: '1' } }).files).toEqual({
      dir: '/f',
      mayCreate: true,
    });
  });

  it.each([
    [{ FIELDDESK_PORT: 'eighty' }, /FIELDDESK_PORT="eighty" is not valid/],
    [{ FIELDDESK_PORT: '70000' }, /FIELDDESK_PORT/],
    [{ FIELDDESK_SESSION_TTL_HOURS: '0' }, /FIELDDESK_SESSION_TTL_HOURS/],
    [{ FIELDDESK_DATABASE_URL: 'mysql://x' }, /must be a PostgreSQL URL/],
    [{ FIELDDESK_DATABASE_URL: 'postgres://x/y', FIELDDESK_DATABASE_SCHEMA: 'a;drop' }, /not a valid schema name/],
    [{ FIELDDESK_LOG_LEVEL: 'loud' }, /FIELDDESK_LOG_LEVEL/],
  ])('refuses bad settings: %j', (env, pattern) => {
    expect(() => loadConfig({ ...base, env })).toThrow(StartupError);
    expect(() => loadConfig({ ...base, env })).toThrow(pattern);
  });

  it('refuses unknown flags with the usage', () => {
    expect(() => loadConfig({ ...base, env: {}, argv: ['--reset'] })).toThrow(/Unknown option "--reset".*\n\nUsage/s);
  });
});
