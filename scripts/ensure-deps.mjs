#!/usr/bin/env node
// Installs the project's dependencies when they are missing or when package.json or the lock
// changed since the last install, so that `npm start` and `npm test` work on a fresh clone with
// no other step, and a second run installs nothing.
//
// The Electron runtime is a separate step. The electron package downloads its binary (about
// 100 MB) in its install script; where that download is impossible (CI, closed company
// networks) npm would fail the script and then remove the optional package altogether, taking
// its type definitions with it. So packages are installed with scripts off, their own install
// scripts are then run with the Electron download skipped (npm 11 runs only the scripts that
// package.json's allowScripts approves, and denies electron's; npm 10 runs every script, and
// electron's reads ELECTRON_SKIP_BINARY_DOWNLOAD), and the download is tried last, on its own:
// its failure is recorded (and later said by `npm start`), never an install failure.
//
// Two steps, each skipped when done: the packages (`npm install --ignore-scripts`, about half a
// minute), then their install scripts (`npm rebuild`: better-sqlite3's native build, a minute or
// more of one core). `npm test` runs the second beside lint and the typecheck, which need only
// the first.
//
//   node scripts/ensure-deps.mjs                  install if needed (and try Electron once)
//   node scripts/ensure-deps.mjs --packages-only  only the packages, not their install scripts
//   node scripts/ensure-deps.mjs --electron       try the Electron download again
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const stateDir = join(root, 'node_modules', '.fielddesk');
/** Written once the packages are in place (their install scripts not run yet). */
const packagesFile = join(stateDir, 'packages.json');
/** Written once the packages' install scripts have run too: the install is complete. */
const installedFile = join(stateDir, 'installed.json');
const electronFile = join(stateDir, 'electron.json');
const packageFiles = ['package.json', 'common/package.json', 'server/package.json'];
// The fields of a package.json that decide what `npm install` does (its scripts do not).
const installFields = ['dependencies', 'devDependencies', 'optionalDependencies', 'overrides', 'workspaces', 'allowScripts', 'engines'];

/** A digest of everything that decides what `npm install` puts into node_modules. */
export function manifestsDigest() {
  const hash = createHash('sha256');
  for (const file of packageFiles) {
    const pkg = JSON.parse(readFileSync(join(root, file), 'utf8'));
    hash.update(file).update(JSON.stringify(installFields.map((field) => pkg[field] ?? null)));
  }
  hash.update(readFileSync(join(root, 'package-lock.json')));
  return hash.digest('hex');
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function writeJson(file, value) {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function stale(file) {
  return readJson(file)?.digest !== manifestsDigest() || !existsSync(join(root, 'node_modules', '.package-lock.json'));
}

/** Whether the install is incomplete: packages missing or changed, or their install scripts not run since. */
export function dependenciesStale() {
  return stale(installedFile);
}

function npm(args, env = process.env) {
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`\`npm ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

export function pinnedElectronVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies.electron;
}

/** The Electron executable when its runtime is installed, else null. */
export function electronBinary() {
  try {
    const path = createRequire(join(root, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Why the last download of the pinned Electron runtime failed, or null if none failed. */
export function electronDownloadFailure() {
  const last = readJson(electronFile);
  return last && last.version === pinnedElectronVersion() && !last.ok ? last.reason : null;
}

function downloadElectron() {
  const version = pinnedElectronVersion();
  const script = join(root, 'node_modules', 'electron', 'install.js');
  if (!existsSync(script)) return;
  console.log(`Downloading the Electron ${version} runtime for the desktop app (about 100 MB)…`);
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [script], { cwd: root, env, encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status === 0 && electronBinary()) {
    writeJson(electronFile, { version, ok: true, at: new Date().toISOString() });
    console.log('The Electron runtime is installed.');
    return;
  }
  const output = `${r.stderr ?? ''}\n${r.stdout ?? ''}`;
  const reason =
    r.error?.code === 'ETIMEDOUT'
      ? 'the download did not finish within 15 minutes'
      : (output.split('\n').map((l) => l.trim()).find((l) => /error/i.test(l)) ?? `the download exited with ${r.status}`);
  writeJson(electronFile, { version, ok: false, reason, at: new Date().toISOString() });
  console.warn(
    `The Electron runtime could not be downloaded (${reason}).\n` +
      'The server and the web app work without it; `npm run desktop:download` tries again.',
  );
}

/** The packages, with their install scripts not run. */
export function ensurePackages() {
  if (!stale(packagesFile)) return;
  console.log('Installing dependencies (npm install)…');
  // `npm install`, not `npm ci`: npm ci refuses a lock that lacks other platforms' optional
  // packages, which happens when the registry in use does not carry them.
  npm(['install', '--ignore-scripts', '--no-audit', '--no-fund']);
  writeJson(packagesFile, { digest: manifestsDigest(), at: new Date().toISOString() });
}

export function ensureDependencies() {
  ensurePackages();
  if (dependenciesStale()) {
    // Now the packages' own install scripts (better-sqlite3's native build, esbuild's binary
    // check), all but the Electron download, which is tried below on its own.
    console.log('Running the packages\' install scripts (npm rebuild: better-sqlite3 is compiled)…');
    npm(['rebuild'], { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    writeJson(installedFile, { digest: manifestsDigest(), at: new Date().toISOString() });
  }
  const last = readJson(electronFile);
  if (!electronBinary() && last?.version !== pinnedElectronVersion()) downloadElectron();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--packages-only')) {
    ensurePackages();
    process.exit(0);
  }
  ensureDependencies();
  if (process.argv.includes('--electron') && !electronBinary()) downloadElectron();
}
