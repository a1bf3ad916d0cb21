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

/**
 * The option of a scenario's run in its second host. Every scenario the two hosts share runs in
 * both in the full run (`npm run test:e2e`); `npm test` runs each of them in one host only, the
 * one its user works in (technicians' offline work on the desktop, desk staff's in the browser),
 * and leaves out the runs tagged with this, to keep CI within its 15 minutes. What differs between
 * the hosts (sign-in, the offline slice, attachments and inventory through main) runs in both
 * always: those tests carry no tag.
 */
export const SECOND_HOST = { tag: '@second-host' } as const;
