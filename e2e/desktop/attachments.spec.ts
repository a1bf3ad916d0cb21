import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import { openDesktopApp } from '../desktop-host/host';
import { ServerView } from '../support/api';
import { RENDERER_DIR } from '../support/server';
import { openTicket, shot, signIn } from '../support/slice';


/** A small but real PNG: 2 x 2 pixels. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test('a photo attached offline is kept by main, uploaded when the server is back, and verified by hash', async ({ context, server }, testInfo) => {
  const tech = await ServerView.signIn(server.url, 'tech1');
  const ticket = [...(await tech.pullAll()).tickets.values()].find((t) => t.status === 'assigned' && t.assigneeId === tech.userId);
  if (!ticket) throw new Error('the demo seed should give tech1 an assigned ticket');
  const sha256 = createHash('sha256').update(PNG).digest('hex');

  const app = await openDesktopApp(context, {
    serverUrl: server.url,
    userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')),
    rendererDir: RENDERER_DIR,
  });
  const { page } = app;
  try {
    await page.goto('http://fielddesk.app/');
    await signIn(page, { username: 'tech1', serverUrl: server.url });
    await openTicket(page, ticket);

    await server.stop();
    await page.getByTestId('attach-file-input').setInputFiles({ name: 'broken-fuser.png', mimeType: 'image/png', buffer: PNG });
    const item = page.getByTestId('attachment-item').filter({ hasText: 'broken-fuser.png' });
    await expect(item).toBeVisible();
    await expect(item.getByTestId('attachment-waiting')).toHaveText('Waiting to upload');
    // The thumbnail comes from main's local store, with no server.
    await expect(item.getByTestId('attachment-thumbnail')).toHaveJSProperty('naturalWidth', 2);
    await shot(page, testInfo, 'attachment-offline');

    await server.startAgain();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('pending-count')).toHaveText('0', { timeout: 30_000 });
    await expect(item.getByTestId('attachment-waiting')).toHaveCount(0, { timeout: 30_000 });

    expect(await tech.download(sha256)).toEqual(PNG);
    const records = (await tech.pullAll()).attachments.filter((a) => a.ticketId === ticket.id && a.sha256 === sha256);
    expect(records).toHaveLength(1);
    expect(records[0]?.uploaded).toBe(true);
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
