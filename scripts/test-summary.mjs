#!/usr/bin/env node
// Prints the end of a test run: with --stages, the time of each stage (test-results/stages.json
// written by `npm test`, then the smoke test and the total given as --smoke-seconds and
// --total-seconds); the names of end-to-end tests that passed only on a retry, which count as
// failed; and one closing line for the whole run ("N passed, N failed, N skipped") from the JSON
// reports vitest and Playwright write into test-results/. Exits 1 when a test failed or needed
// a retry.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { stages: { type: 'boolean' }, 'smoke-seconds': { type: 'string' }, 'total-seconds': { type: 'string' } },
});
const dir = join(import.meta.dirname, '..', 'test-results');
const readJson = (name) => (existsSync(join(dir, name)) ? JSON.parse(readFileSync(join(dir, name), 'utf8')) : null);

if (args.stages) {
  const rows = (readJson('stages.json') ?? []).map((s) => [s.stage, s.seconds, `${s.ok ? 'ok' : 'FAILED'}${s.sideBySide ? '  (side by side)' : ''}`]);
  if (args['smoke-seconds'] !== undefined) rows.push(['smoke (npm start)', Number(args['smoke-seconds']), '']);
  if (args['total-seconds'] !== undefined) rows.push(['total', Number(args['total-seconds']), '']);
  console.log('\nStage times:');
  for (const [name, seconds, note] of rows) console.log(`  ${name.padEnd(22)} ${String(seconds).padStart(7)} s  ${note}`);
}

let passed = 0;
let failed = 0;
let skipped = 0;

const unit = readJson('unit.json');
if (unit) {
  passed += unit.numPassedTests ?? 0;
  failed += unit.numFailedTests ?? 0;
  skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
}

/** Every test of a Playwright JSON report, with its title path. */
function* playwrightTests(suite, path = []) {
  const here = suite.title ? [...path, suite.title] : path;
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) yield { title: [...here, spec.title].join(' › '), project: test.projectName, test };
  }
  for (const child of suite.suites ?? []) yield* playwrightTests(child, here);
}

const e2e = readJson('e2e.json');
const retried = [];
if (e2e) {
  passed += e2e.stats?.expected ?? 0;
  failed += (e2e.stats?.unexpected ?? 0) + (e2e.stats?.flaky ?? 0);
  skipped += e2e.stats?.skipped ?? 0;
  for (const suite of e2e.suites ?? []) {
    for (const { title, project, test } of playwrightTests(suite)) {
      if (test.status === 'flaky') retried.push(`[${project}] ${title}`);
    }
  }
}

if (retried.length > 0) {
  console.log(`\nPassed only on a retry, counted as failed (${retried.length}):`);
  for (const name of retried) console.log(`  ${name}`);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
