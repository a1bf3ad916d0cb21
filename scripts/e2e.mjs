#!/usr/bin/env node
// Runs the Playwright end-to-end tests in Debian's Chromium: builds the app and the
// server first, then `playwright test` with any arguments given (e.g. --project web).
// Without Chromium the tests cannot run: outside CI that is a skip that says why; in CI
// (CI=true) it is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.FIELDDESK_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const why = `Chromium not found at ${chromium}: install Debian's chromium (sudo apt-get install chromium) or set FIELDDESK_CHROMIUM`;
  if (process.env.CI) {
    console.error(`e2e: FAILED: ${why}`);
    process.exit(1);
  }
  console.warn(`e2e: SKIPPED all end-to-end tests: ${why}`);
  process.exit(0);
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
run('npx', ['playwright', 'test', ...process.argv.slice(2).filter((a) => a !== '--no-build')]);
