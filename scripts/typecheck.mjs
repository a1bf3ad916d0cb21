#!/usr/bin/env node
// `npm run typecheck`: every layer's own tsconfig (each has its own globals: common has no DOM
// and no Node, the renderer no Node, …), one after the other. Incremental: tsc keeps what it
// learnt in node_modules/.cache/tsc/, so a second run checks only what changed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const projects = [
  'common',
  'common/tsconfig.test.json',
  'main',
  'preload',
  'renderer',
  'server',
  // integration, bench, e2e, scripts and the tools' configs, as one program (see the file).
  'tsconfig.harness.json',
];
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const project of projects) {
  const buildInfo = join(root, 'node_modules', '.cache', 'tsc', `${project.replaceAll('/', '_')}.tsbuildinfo`);
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--incremental', '--tsBuildInfoFile', buildInfo], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error(`typecheck: ${project} has type errors.`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
