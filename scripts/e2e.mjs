#!/usr/bin/env node
// Runs the Playwright end-to-end tests in Debian's Chromium: builds the app and the
// server first (unless --no-build), then `playwright test` with any other arguments given (e.g.
// --project web); --one-host leaves out the second host's run of shared scenarios.
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

const ours = new Set(['--no-build', '--one-host']);
const args = process.argv.slice(2).filter((a) => !ours.has(a));
// --one-host (what `npm test` runs): each scenario the web app and the desktop host share runs in
// one of them; the runs tagged @second-host (e2e/support/fixtures.ts, SECOND_HOST) are left out.
if (process.argv.includes('--one-host')) {
  args.push('--grep-invert', '@second-host');
  console.log('e2e: each scenario shared by the web app and the desktop host runs in one of them; `npm run test:e2e` runs them in both.');
}
if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
run('npx', ['playwright', 'test', ...args]);
