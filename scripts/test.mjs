#!/usr/bin/env node
// `npm test`: every check, in steps — install (only what is missing or changed); lint and the
// typecheck beside the packages' native build; the build (only when a source changed); unit and
// integration tests; end-to-end tests. Stops after the first step in which a stage failed and
// prints how long each stage took; the times are also written to test-results/stages.json for
// .ci/run's summary.
//
// Lint and the typecheck need only the packages' JavaScript, and each of the three is mostly one
// thread (eslint, tsc, the C compiler), so on CI's 2 cores running them together takes about as
// long as the longest. The build waits: vite runs esbuild, whose install script `npm rebuild`
// runs. The output of stages run together is held and printed whole as each ends.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const npm = (...args) => ['npm', args];
const node = (script, ...args) => [process.execPath, [join(root, script), ...args]];

/** Steps run one after another; the stages of one step run at the same time. */
const steps = [
  [{ name: 'install', command: node('scripts/ensure-deps.mjs', '--packages-only') }],
  [
    { name: 'native build', command: node('scripts/ensure-deps.mjs') },
    { name: 'lint', command: npm('run', 'lint') },
    { name: 'typecheck', command: npm('run', 'typecheck') },
  ],
  [{ name: 'build', command: node('scripts/build.mjs') }],
  [{ name: 'unit and integration', command: npm('run', 'test:unit') }],
  [{ name: 'end-to-end', command: node('scripts/e2e.mjs', '--no-build', '--one-host') }],
];

const header = (name) => `\n── ${name} ──`;

/** Runs one stage; alone it writes straight to the terminal, beside others its output is held. */
function run(stage, alone) {
  const started = performance.now();
  const [cmd, args] = stage.command;
  return new Promise((resolve) => {
    if (alone) console.log(header(stage.name));
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32' && cmd === 'npm',
    });
    const held = [];
    child.stdout?.on('data', (chunk) => held.push(chunk));
    child.stderr?.on('data', (chunk) => held.push(chunk));
    const finish = (status) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      if (!alone) {
        console.log(`${header(stage.name)} (ran beside the others: ${seconds} s)`);
        process.stdout.write(Buffer.concat(held));
      }
      resolve({ stage: stage.name, seconds, ok: status === 0, status: status ?? 1 });
    };
    child.once('error', (error) => {
      held.push(Buffer.from(`${error.message}\n`));
      finish(1);
    });
    child.once('close', finish);
  });
}

const results = [];
let failed = null;
for (const step of steps) {
  const outcomes = await Promise.all(step.map((stage) => run(stage, step.length === 1)));
  results.push(...outcomes.map(({ stage, seconds, ok }) => ({ stage, seconds, ok, ...(step.length > 1 && { sideBySide: true }) })));
  const bad = outcomes.find((o) => !o.ok);
  if (bad) {
    failed = bad;
    break;
  }
}

mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'stages.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nnpm test stages:');
for (const r of results) console.log(`  ${r.stage.padEnd(22)} ${String(r.seconds).padStart(7)} s  ${r.ok ? 'ok' : 'FAILED'}${r.sideBySide ? '  (side by side)' : ''}`);
for (const s of steps.flat().slice(results.length)) console.log(`  ${s.name.padEnd(22)}       –    not run`);
if (failed) {
  console.error(`npm test: the ${failed.stage} stage failed.`);
  process.exit(failed.status);
}
