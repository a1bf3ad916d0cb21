/**
 * Printable asset labels in the web app (issue 13, item 7): `l` on an asset opens the label
 * dialog; the PDF and the SVG download offline, sized for the stock, and their codes decode.
 */
import { test, SECOND_HOST } from '../support/fixtures';
import { runAssetLabels } from '../support/asset-labels';

test('web app: an asset label downloads as PDF and SVG for each stock, and its Code 128 and QR decode to the tag', SECOND_HOST, async ({ page, server }, testInfo) => {
  test.setTimeout(180_000);
  await runAssetLabels(page, server, testInfo, { appUrl: (path) => `${server.url}${path}` });
});
