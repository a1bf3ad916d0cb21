#!/usr/bin/env node
// `npm start`: runs FieldDesk on this machine. Installs and builds what is missing, starts
// the FieldDesk server on the embedded SQLite default (demo data on first start), then the
// desktop app connected to it. Where no Electron runtime can be had (or there is no
// display), the server stays up and this prints the web app's address and the demo login.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const port = process.env.FIELDDESK_PORT ?? '8470';
const host = process.env.FIELDDESK_HOST ?? '127.0.0.1';
const serverUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function buildIsStale() {
  const outputs = [join(root, 'out/renderer/index.html'), join(root, 'out/main/index.js'), join(root, 'server/dist/main.js')];
  if (!outputs.every(existsSync)) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return ['common', 'main', 'preload', 'renderer', 'server'].some((d) => newest(join(root, d)) > built);
}

function electronUnavailable() {
  let binary;
  try {
    binary = createRequire(join(root, 'package.json'))('electron');
  } catch {
    return 'no Electron runtime is installed (the electron package could not download its binary here)';
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return 'no Electron runtime is installed';
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

run(process.execPath, [join(root, 'scripts/ensure-deps.mjs')]);
if (buildIsStale()) {
  console.log('Building FieldDesk…');
  run('npm', ['run', 'build']);
}

const server = spawn(process.execPath, [join(root, 'server/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FIELDDESK_PORT: port, FIELDDESK_HOST: host },
});
const stop = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
await waitForServer(server);

const why = electronUnavailable();
if (why === null) {
  const electronBinary = createRequire(join(root, 'package.json'))('electron');
  console.log(`Starting the FieldDesk desktop app, connected to ${serverUrl}`);
  const app = spawn(electronBinary, [join(root, 'out/main/index.js')], {
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
