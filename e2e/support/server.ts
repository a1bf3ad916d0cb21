import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, mkdtempSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const DEMO_PASSWORD = 'fielddesk-demo';

/** A loopback port free at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * The real FieldDesk server (server/dist/main.js) as a child process with its own data
 * directory. It can be stopped and started again on the same port and data, to make the
 * server unreachable in the middle of a test. Its output goes to a log file kept with
 * the test's artifacts.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly logPath: string,
  ) {
    this.log = createWriteStream(logPath, { flags: 'a' });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * A server on a fresh copy of the demo data: the first call of a test run seeds a template
   * data directory once (a real first start: migrations and demo seed), every server then
   * starts on its own copy of it — the same data a fresh start would make, without seeding it
   * again for each test.
   */
  static async start(logPath: string): Promise<ServerProcess> {
    const template = await ServerProcess.seededTemplate(logPath);
    const dataDir = mkdtempSync(join(tmpdir(), 'fielddesk-e2e-'));
    cpSync(template, dataDir, { recursive: true });
    const server = new ServerProcess(await freePort(), dataDir, logPath);
    await server.startAgain();
    return server;
  }

  private static template: Promise<string> | null = null;

  /** The seeded data directory servers of this run start from (made by the first one, then stopped cleanly). */
  private static seededTemplate(logPath: string): Promise<string> {
    ServerProcess.template ??= (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'fielddesk-e2e-template-'));
      const seeder = new ServerProcess(await freePort(), dir, logPath);
      await seeder.startAgain();
      await seeder.dispose();
      return dir;
    })();
    return ServerProcess.template;
  }

  async startAgain(): Promise<void> {
    if (this.child) throw new Error('server already running');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'server/dist/main.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        FIELDDESK_DATA_DIR: this.dataDir,
        FIELDDESK_INIT: '1',
        FIELDDESK_PORT: String(this.port),
        FIELDDESK_HOST: '127.0.0.1',
        FIELDDESK_WEB_DIR: RENDERER_DIR,
        FIELDDESK_DATABASE_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.child = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`FieldDesk server exited with ${child.exitCode}; see ${this.logPath}`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`FieldDesk server did not answer /healthz within 30 s; see ${this.logPath}`);
  }

  /** Stops the server, so the app sees it as unreachable. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.log.end();
  }
}
