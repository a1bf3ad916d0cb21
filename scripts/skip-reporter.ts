/**
 * A vitest reporter that lists every skipped test with its reason at the end of a run,
 * so a skip never passes silently (the default reporter only counts them). The reason is
 * the note given to `ctx.skip(note)`, or the test's name, which says why for skipIf tests.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const lines: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        const where = `[${test.project.name}] ${relative(process.cwd(), module.moduleId)}`;
        lines.push(`  - ${where} > ${test.fullName}${result.note ? ` — ${result.note}` : ''}`);
      }
    }
    if (lines.length > 0) console.log(`\nSkipped tests, and why:\n${lines.join('\n')}\n`);
  }
}
