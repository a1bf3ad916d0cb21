import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(REPO_ROOT, 'out/renderer');
export const DEMO_PASSWORD = 'fielddesk-demo';

/**
 * A server address nothing listens on: port 2 of the loopback. Every test server asks the system
 * for a port (from the ephemeral range, 32768 and up on Linux), so unlike a port that was free a
 * moment ago, no server of a test running alongside can take it; and, unlike port 1, fetch does
 * not refuse it as a "bad port", so the app meets a real refused connection.
 */
export const UNREACHABLE_SERVER_URL = 'http://127.0.0.1:2';

/**
 * The environment variable through which global-setup.ts hands every worker the data directory
 * it seeded once for the whole run.
 */
export const TEMPLATE_ENV = 'FIELDDESK_E2E_TEMPLATE_DIR';

/** How long a start may take: the first start of a run seeds the demo data, later ones only open it. */
const START_TIMEOUT_MS = 60_000;

/**
 * The real FieldDesk server (server/dist/main.js) as a child process with its own data
 * directory. It can be stopped and started again on the same port and data, to make the
 * server unreachable in the middle of a test. Its output goes to a log file kept with
 * the test's artifacts.
 *
 * The first start asks for port 0, so the system gives each server a port no other server of
 * this run (or of a run alongside, in another worker or checkout) holds; the server prints the
 * port it got, and a restart takes the same one. The start is over when the server says it is
 * listening (it prints that line after listening), not after polling.
 */
/** Servers still running in this process: killed if the process ends first (a worker torn down mid-test). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class ServerProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream;
  private port = 0;

  private constructor(
    readonly dataDir: string,
    readonly logPath: string,
  ) {
    this.log = createWriteStream(logPath, { flags: 'a' });
  }

  get url(): string {
    if (this.port === 0) throw new Error('the server has not been started yet');
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * A server on a fresh copy of the demo data: the run's template data directory (seeded once
   * by global-setup.ts: a real first start, migrations and demo seed) is copied for each
   * server — the same data a fresh start would make, without seeding it again for each test.
   */
  static async start(logPath: string): Promise<ServerProcess> {
    const template = await ServerProcess.seededTemplate(logPath);
    const dataDir = mkdtempSync(join(tmpdir(), 'fielddesk-e2e-'));
    cpSync(template, dataDir, { recursive: true });
    const server = new ServerProcess(dataDir, logPath);
    await server.startAgain();
    return server;
  }

  private static template: Promise<string> | null = null;

  /** The run's seeded data directory (from global setup; made here when a test runs without it). */
  private static seededTemplate(logPath: string): Promise<string> {
    ServerProcess.template ??= (async () => {
      const fromSetup = process.env[TEMPLATE_ENV];
      if (fromSetup && existsSync(fromSetup)) return fromSetup;
      return ServerProcess.seed(logPath);
    })();
    return ServerProcess.template;
  }

  /** Seeds a template data directory: a real first start (migrations, demo data), then a clean stop. */
  static async seed(logPath: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'fielddesk-e2e-template-'));
    const seeder = new ServerProcess(dir, logPath);
    await seeder.startAgain();
    await seeder.dispose();
    return dir;
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
    running.add(child);
    child.once('exit', () => running.delete(child));
    this.port = await new Promise<number>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => done(new Error(`FieldDesk server did not say it was listening within ${START_TIMEOUT_MS / 1000} s; see ${this.logPath}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const port = /FieldDesk server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
        if (port) done(null, Number(port));
      };
      const onExit = (code: number | null) => done(new Error(`FieldDesk server exited with ${code} before listening; see ${this.logPath}`));
      function done(error: Error | null, port = 0) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        if (error) fail(error);
        else ok(port);
      }
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
    }).catch(async (error: unknown) => {
      await this.stop();
      throw error;
    });
  }

  /** Stops the server, so the app sees it as unreachable. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  }

  async dispose(opts: { removeData?: boolean } = {}): Promise<void> {
    await this.stop();
    await new Promise<void>((done) => this.log.end(done));
    if (opts.removeData) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
