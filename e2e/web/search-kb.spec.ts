import { test, SECOND_HOST } from '../support/fixtures';
import { runSearchAndKnowledge } from './search-flow';

test('web app: search finds a ticket by a typo of its title and opens it with Enter; a KB article written offline syncs', SECOND_HOST, async ({ page, server }, testInfo) => {
  await runSearchAndKnowledge(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
