import { test as base } from '@playwright/test';
import { ServerProcess } from './server';

/**
 * `test` with a `server` fixture: a real FieldDesk server process with its own fresh data
 * directory (demo data seeded), stopped after the test, its log attached to the results.
 */
export const test = base.extend<{ server: ServerProcess }>({
  server: async ({}, use, testInfo) => {
    const server = await ServerProcess.start(testInfo.outputPath('server.log'));
    try {
      await use(server);
    } finally {
      await server.dispose();
      await testInfo.attach('server.log', { path: server.logPath, contentType: 'text/plain' });
    }
  },
});

export { expect } from '@playwright/test';
