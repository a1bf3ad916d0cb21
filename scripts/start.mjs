#!/usr/bin/env node
// `npm start`: runs FieldDesk on this machine. Installs and builds what is missing, starts
// the FieldDesk server on the embedded SQLite default (demo data on first start), then the
// desktop app connected to it. Where no Electron runtime can be had (or there is no
// display), the server stays up and this prints the web app's address and the demo login.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from './build.mjs';
import { electronBinary, electronDownloadFailure, ensureDependencies } from './ensure-deps.mjs';

const root = join(import.meta.dirname, '..');
const port = process.env.FIELDDESK_PORT ?? '8470';
const host = process.env.FIELDDESK_HOST ?? '127.0.0.1';
const serverUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

/** Why the desktop app cannot start here, or null when it can. */
function electronUnavailable() {
  if (!electronBinary()) {
    const failure = electronDownloadFailure();
    return failure
      ? `the Electron runtime could not be downloaded (${failure}); \`npm run desktop:download\` tries again`
      : 'the Electron runtime is not installed; `npm run desktop:download` installs it';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display';
  return null;
}

async function waitForServer(child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) process.exit(child.exitCode || 1);
    try {
      if ((await fetch(`${serverUrl}/healthz`)).ok) return;
    } catch {
      // still starting
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  console.error(`The FieldDesk server did not answer at ${serverUrl}/healthz within 30 s.`);
  process.exit(1);
}

ensureDependencies();
build();

const server = spawn(process.execPath, [join(root, 'server/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FIELDDESK_PORT: port, FIELDDESK_HOST: host },
});
let app = null;
const stop = () => {
  if (app && app.exitCode === null) app.kill('SIGTERM');
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
await waitForServer(server);

const why = electronUnavailable();
if (why === null) {
  console.log(`Starting the FieldDesk desktop app, connected to ${serverUrl}`);
  app = spawn(electronBinary(), [join(root, 'out/main/index.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FIELDDESK_SERVER_URL: serverUrl },
  });
  app.on('exit', stop);
} else {
  console.log(`
  FieldDesk is running.

    Web app:     ${serverUrl}
    Demo login:  tech1 / fielddesk-demo   (technicians tech1…tech6; desk agent desk1; admin)
    Desktop app: not started: ${why}.

  Press Ctrl+C to stop.
`);
}
