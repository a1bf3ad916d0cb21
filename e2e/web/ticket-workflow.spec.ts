import { test, SECOND_HOST } from '../support/fixtures';
import { runTicketWorkflow } from '../support/ticket-workflow';

test('web app: a technician works a new ticket to closed with the server unreachable, then one sync sends it all', SECOND_HOST, async ({ page, server }, testInfo) => {
  test.setTimeout(360_000);
  await runTicketWorkflow(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
