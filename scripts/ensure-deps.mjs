#!/usr/bin/env node
// Installs the project's dependencies when they are missing or older than the lock file,
// so that `npm start` and `npm test` work on a fresh clone with no other step.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

export function dependenciesStale() {
  return !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && dependenciesStale()) {
  // `npm install`, not `npm ci`: npm ci refuses a lock that lacks other platforms' optional
  // packages, which happens when the registry in use does not carry them.
  console.log('Installing dependencies (npm install)…');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
