/**
 * The real FieldDesk server as a child process, on a temporary SQLite data directory with
 * FIELDDESK_INIT=1, listening on a free port. It can be killed with SIGKILL and started
 * again on the same data.
 *
 * No prior build is needed: server/src/main.ts is bundled once per test process with
 * esbuild, exactly as the server's own build script does (npm packages stay external),
 * into node_modules/.cache so the bundle resolves the same packages. Starting that bundle
 * takes a fraction of a second, where `tsx server/src/main.ts` takes seconds each time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'server', 'src', 'main.ts');
const BUNDLE = path.join(ROOT, 'node_modules', '.cache', 'fielddesk-integration', `server-${process.pid}.mjs`);

let bundled: Promise<string> | null = null;

/** Bundles the server's current sources (same options as `npm run build -w @fielddesk/server`). */
export function bundleServer(): Promise<string> {
  bundled ??= build({
    entryPoints: [MAIN],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@fielddesk/common': path.join(ROOT, 'common') },
    outfile: BUNDLE,
    logLevel: 'silent',
  }).then(() => BUNDLE);
  return bundled;
}

export function removeServerBundle(): void {
  fs.rmSync(BUNDLE, { force: true });
  bundled = null;
}

export class ServerProcess {
  readonly dataDir: string;
  private child: ChildProcess | null = null;
  baseUrl = '';
  /** The server's output, for failure messages. */
  log = '';
  starts = 0;

  constructor(private readonly extraEnv: Record<string, string> = {}) {
    this.dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fielddesk-it-proc-')), 'data');
  }

  /** Starts the server and resolves once it listens (its URL is in baseUrl). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error('the server process is already running');
    this.starts++;
    const bundle = await bundleServer();
    const child = spawn(process.execPath, [bundle], {
      cwd: ROOT,
      env: {
        ...process.env,
        FIELDDESK_DATA_DIR: this.dataDir,
        FIELDDESK_INIT: '1',
        FIELDDESK_PORT: '0',
        FIELDDESK_HOST: '127.0.0.1',
        FIELDDESK_LOG_LEVEL: 'error',
        FIELDDESK_WEB_DIR: path.join(os.tmpdir(), 'fielddesk-it-no-web-dir'),
        FIELDDESK_DATABASE_URL: '',
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const from = this.log.length;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs} ms:\n${this.log}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        this.log += chunk.toString();
        const match = /listening on (http:\/\/[^\s]+)/.exec(this.log.slice(from));
        if (match?.[1]) {
          clearTimeout(timer);
          this.baseUrl = match[1];
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.log += chunk.toString();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        reject(new Error(`the server exited (code ${code}, signal ${signal}) before listening:\n${this.log}`));
      });
    });
    // Keep the log short: only the tail matters for a failure message.
    if (this.log.length > 20_000) this.log = this.log.slice(-20_000);
  }

  /** SIGKILL: no shutdown hooks, no flush; resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  get running(): boolean {
    return this.child !== null;
  }

  dbFile(): string {
    return path.join(this.dataDir, 'fielddesk.sqlite');
  }

  async dispose(): Promise<void> {
    await this.kill('SIGTERM');
    fs.rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
  }
}
