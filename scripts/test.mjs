#!/usr/bin/env node
// `npm test`: every check, in stages — install (only what is missing), lint, typecheck, build
// (only when a source changed), unit and integration tests, end-to-end tests. Stops at the
// first stage that fails and prints how long each stage took; the times are also written to
// test-results/stages.json for .ci/run's summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const npm = (...args) => ['npm', args];
const node = (script, ...args) => [process.execPath, [join(root, script), ...args]];

const stages = [
  { name: 'install', command: node('scripts/ensure-deps.mjs') },
  { name: 'lint', command: npm('run', 'lint') },
  { name: 'typecheck', command: npm('run', 'typecheck') },
  { name: 'build', command: node('scripts/build.mjs') },
  { name: 'unit and integration', command: npm('run', 'test:unit') },
  { name: 'end-to-end', command: node('scripts/e2e.mjs', '--no-build') },
];

const results = [];
let failed = null;
for (const stage of stages) {
  console.log(`\n── ${stage.name} ──`);
  const started = performance.now();
  const [cmd, args] = stage.command;
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && cmd === 'npm' });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const ok = r.status === 0;
  results.push({ stage: stage.name, seconds, ok });
  if (!ok) {
    failed = { stage: stage.name, status: r.status ?? 1 };
    break;
  }
}

mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'stages.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nnpm test stages:');
for (const r of results) console.log(`  ${r.stage.padEnd(22)} ${String(r.seconds).padStart(7)} s  ${r.ok ? 'ok' : 'FAILED'}`);
for (const s of stages.slice(results.length)) console.log(`  ${s.name.padEnd(22)}       –    not run`);
if (failed) {
  console.error(`npm test: the ${failed.stage} stage failed.`);
  process.exit(failed.status);
}
