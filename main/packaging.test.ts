/**
 * What the packaged desktop app may contain (issue 2, point 1): only the electron-vite
 * output and package.json, never the server or its dependencies (better-sqlite3, pg,
 * fastify, ...). Static checks of electron-builder.yml and package.json, plus a real
 * electron-builder run (Linux "dir" target with a stand-in Electron) when main and
 * preload are built.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

interface BuilderConfig {
  appId: string;
  productName: string;
  electronVersion: string;
  asar: boolean;
  npmRebuild: boolean;
  directories: { output: string; buildResources: string };
  files: string[];
  icon: string;
  electronFuses: Record<string, boolean>;
  win: { target: { target: string }[] };
  mac: { target: { target: string }[] };
  linux: { target: string[] };
}
interface PackageJson {
  main: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const rootPkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const serverPkg = JSON.parse(readFileSync(path.join(ROOT, 'server', 'package.json'), 'utf8')) as PackageJson;
const SERVER_DEPS = ['better-sqlite3', 'pg', 'fastify', ...Object.keys(serverPkg.dependencies ?? {})];

/** electron-builder's own file matching: minimatch with dot:true, later patterns win. */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    const negated = pattern.startsWith('!');
    if (minimatch(file, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

/** The file list of an asar archive (header: uint32 sizes, then a JSON tree). */
function asarFiles(archive: string): string[] {
  const buf = readFileSync(archive);
  const jsonSize = buf.readUInt32LE(12);
  const header = JSON.parse(buf.subarray(16, 16 + jsonSize).toString('utf8')) as { files: Record<string, unknown> };
  const out: string[] = [];
  const walk = (node: { files?: Record<string, unknown> }, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const p = `${prefix}${name}`;
      if ((child as { files?: unknown }).files) walk(child as { files: Record<string, unknown> }, `${p}/`);
      else out.push(p);
    }
  };
  walk(header, '');
  return out.sort();
}

describe('electron-builder configuration', () => {
  it('names the app and writes to release/', () => {
    expect(config.appId).toBe('app.fielddesk.desktop');
    expect(config.productName).toBe('FieldDesk');
    expect(config.directories.output).toBe('release');
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('pins the Electron version that is installed', () => {
    const installed = (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as PackageJson).version;
    expect(config.electronVersion).toBe(installed);
  });

  it('targets Windows NSIS, macOS dmg, Linux AppImage and deb, with the icon from assets/', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.directories.buildResources).toBe('assets');
    expect(existsSync(path.join(ROOT, config.icon))).toBe(true);
    const png = readFileSync(path.join(ROOT, config.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});

describe('no server dependency can be packaged', () => {
  it("the app's production dependencies hold none of the server's (and none at all: everything is bundled)", () => {
    const prod = { ...rootPkg.dependencies, ...rootPkg.optionalDependencies };
    for (const dep of SERVER_DEPS) expect(prod, dep).not.toHaveProperty(dep);
    expect(Object.keys(rootPkg.dependencies ?? {})).toEqual([]);
    expect(Object.keys(prod).filter((d) => d !== 'electron')).toEqual([]);
  });

  it('the files globs take the build output and package.json, and exclude server/ and node_modules/', () => {
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc.js']) {
      expect(packaged(file), file).toBe(true);
    }
    for (const file of [
      'server/package.json',
      'server/dist/main.js',
      'server/src/db/migrate.ts',
      'server/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/package.json',
      'node_modules/pg/lib/index.js',
      'node_modules/fastify/fastify.js',
      'common/ipc/contract.ts',
      'main/index.ts',
      '.fielddesk-data/fielddesk.sqlite',
      'out/main/index.js.map',
    ]) {
      expect(packaged(file), file).toBe(false);
    }
  });

  it('the main and preload bundles load nothing but Node built-ins and electron', (ctx) => {
    const main = path.join(ROOT, 'out', 'main', 'index.js');
    const preload = path.join(ROOT, 'out', 'preload', 'index.cjs');
    if (!existsSync(main) || !existsSync(preload)) {
      ctx.skip(true, 'out/main and out/preload are not built yet (npx electron-vite build); the static checks above still apply');
      return;
    }
    const mainImports = [...readFileSync(main, 'utf8').matchAll(/\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    for (const spec of mainImports) expect(spec === 'electron' || spec?.startsWith('node:') || spec?.startsWith('.'), `out/main imports ${spec}`).toBe(true);
    const preloadRequires = [...readFileSync(preload, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(preloadRequires).toEqual(['electron']);
  });

  it('a real electron-builder run packs only out/ and package.json into app.asar', async (ctx) => {
    if (!existsSync(path.join(ROOT, 'out', 'main', 'index.js')) || !existsSync(path.join(ROOT, 'out', 'preload', 'index.cjs'))) {
      ctx.skip(true, 'out/main and out/preload are not built yet (npx electron-vite build), so there is nothing to package');
      return;
    }
    const work = mkdtempSync(path.join(tmpdir(), 'fd-pack-'));
    // A stand-in for the Electron runtime (which cannot be downloaded here): electron-builder
    // copies it and adds resources/app.asar. Fuses need the real binary, so they are left out.
    const dist = path.join(work, 'electron-dist');
    mkdirSync(path.join(dist, 'resources'), { recursive: true });
    writeFileSync(path.join(dist, 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(dist, 'electron'), 0o755);
    writeFileSync(path.join(dist, 'LICENSE'), 'stand-in');
    const { electronFuses: _fuses, ...rest } = config;
    const testConfig = { ...rest, directories: { ...config.directories, output: path.join(work, 'release') }, electronDist: dist };
    writeFileSync(path.join(work, 'builder.json'), JSON.stringify(testConfig));
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), '--config', path.join(work, 'builder.json'), '--linux', 'dir'], {
      cwd: ROOT,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      timeout: 120_000,
    });
    const files = asarFiles(path.join(work, 'release', 'linux-unpacked', 'resources', 'app.asar'));
    expect(files).toContain('package.json');
    expect(files).toContain('out/main/index.js');
    expect(files).toContain('out/preload/index.cjs');
    const stray = files.filter((f) => f !== 'package.json' && !/^out\/(main|preload|renderer)\//.test(f));
    expect(stray).toEqual([]);
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
  }, 150_000);
});
