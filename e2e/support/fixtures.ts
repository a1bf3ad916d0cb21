import { test as base } from '@playwright/test';
import { ServerProcess } from './server';

/**
 * `test` with a `server` fixture: a real FieldDesk server process on its own port with its own
 * fresh copy of the demo data, stopped after the test, its log attached to the results (its data
 * directory is kept when the test failed).
 */
export const test = base.extend<{ server: ServerProcess }>({
  server: async ({}, use, testInfo) => {
    const server = await ServerProcess.start(testInfo.outputPath('server.log'));
    try {
      await use(server);
    } finally {
      const passed = testInfo.status === testInfo.expectedStatus;
      await server.dispose({ removeData: passed });
      await testInfo.attach('server.log', { path: server.logPath, contentType: 'text/plain' });
    }
  },
});

export { expect } from '@playwright/test';
