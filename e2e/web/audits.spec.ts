/**
 * An asset audit in the web app (issue 14): two auditors, one offline with a keyboard-wedge
 * scanner, merged, reviewed, signed and closed, with the report's CSV and PDF (support/audits.ts).
 */
import { SECOND_HOST, test } from '../support/fixtures';
import { runOfflineAudit } from '../support/audits';

test('web app: an auditor scans a location and 20 assets offline with a wedge scanner, a second auditor’s scans merge, the audit closes signed, and its report downloads', SECOND_HOST, async ({ page, server }, testInfo) => {
  test.setTimeout(240_000);
  await runOfflineAudit(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
