import { test } from '../support/fixtures';
import { runOfflineSlice } from '../support/slice';


test('web app: a technician works a ticket offline and it syncs exactly once', async ({ page, server }, testInfo) => {
  await runOfflineSlice(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
