#!/usr/bin/env node
// `npm run build`: builds the desktop app and web app (electron-vite → out/) and the server
// (esbuild → server/dist/), unless the last build was made from exactly these sources, in which
// case it says so and does nothing (`--force` builds anyway). The sources are recognised by a
// digest of their contents, not by file times, so a fresh clone, a checkout or a touched file
// that did not change never causes a rebuild, and an edit always does.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const stampFile = join(root, 'out', '.build-stamp.json');
const sourceDirs = ['common', 'main', 'preload', 'renderer', 'server', 'assets'];
const sourceFiles = [
  'package.json',
  'package-lock.json',
  'electron.vite.config.ts',
  'tsconfig.base.json',
  'tsconfig.json',
  'server/package.json',
];
const outputs = ['out/renderer/index.html', 'out/main/index.js', 'out/preload/index.cjs', 'server/dist/main.js'];
const skippedDirs = new Set(['node_modules', 'dist', 'out', 'test']);
const isTest = (name) => /\.test\.[cm]?[jt]sx?$/.test(name);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || skippedDirs.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (!isTest(entry.name)) yield path;
  }
}

/** A digest of every file the build reads (tests excluded). */
export function sourcesDigest() {
  const all = [...sourceDirs.flatMap((d) => [...files(join(root, d))]), ...sourceFiles.map((f) => join(root, f))].sort();
  const hash = createHash('sha256');
  for (const path of all) hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

export function buildIsCurrent() {
  if (!outputs.every((p) => existsSync(join(root, p)))) return false;
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8')).digest === sourcesDigest();
  } catch {
    return false;
  }
}

function run(args) {
  const r = spawnSync('npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Builds unless the outputs were built from these sources; returns whether it built. */
export function build({ force = false } = {}) {
  if (!force && buildIsCurrent()) {
    console.log('Build is up to date (no source changed since the last build).');
    return false;
  }
  const digest = sourcesDigest();
  run(['run', 'build:app']);
  run(['run', 'build:server']);
  writeFileSync(stampFile, `${JSON.stringify({ digest, at: new Date().toISOString() }, null, 2)}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  build({ force: process.argv.includes('--force') });
}
