/**
 * The real FieldDesk server (server/dist/main.js, SQLite, demo seed) as a child process for
 * bench:workspace, serving a private COPY of the web build. Why a copy: `npm run build`
 * rewrites out/renderer in place, and the web app's service worker (registerType autoUpdate)
 * reloads the page when it sees a new build — a rebuild by anyone during a run would reload the
 * app in the middle of a measurement.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { RENDERER_DIR, REPO_ROOT } from '../../e2e/support/server';

/** A free TCP port on 127.0.0.1 (the bench's own, so it does not depend on the e2e harness's helpers). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no free port'))));
    });
  });
}

export interface BenchServer {
  url: string;
  /** The copy of the web build it serves. */
  webDir: string;
  stop(): Promise<void>;
}

/** Copies out/renderer into `workDir` and starts the server on it; throws with the log's path if it does not come up. */
export async function startServer(workDir: string): Promise<BenchServer> {
  const webDir = path.join(workDir, 'web');
  fs.cpSync(RENDERER_DIR, webDir, { recursive: true });
  const dataDir = path.join(workDir, 'server-data');
  const logPath = path.join(workDir, 'server.log');
  const logFile = fs.openSync(logPath, 'a');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, 'server/dist/main.js')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FIELDDESK_DATA_DIR: dataDir,
      FIELDDESK_INIT: '1',
      FIELDDESK_PORT: String(port),
      FIELDDESK_HOST: '127.0.0.1',
      FIELDDESK_WEB_DIR: webDir,
      FIELDDESK_DATABASE_URL: '',
      FIELDDESK_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', logFile, logFile],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
    }
    fs.closeSync(logFile);
  };
  const deadline = Date.now() + 180_000; // a first start seeds the demo data: minutes on a busy machine
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, webDir, stop };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await stop();
  throw new Error(`The FieldDesk server did not answer /healthz (exit code ${child.exitCode ?? 'none'}); see ${logPath}`);
}
