/**
 * The desktop plumbing of "This device": the page calls window.fielddesk.scanInventory (the real
 * preload bridge), main's real IPC handler runs the real inventory worker built into
 * out/main/inventory-worker.js, and this machine is scanned for real; progress arrives as
 * events on the bridge. No server is needed: scanning works offline.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { IpcResult, LocalInventory, PlatformEvent } from '@fielddesk/common/ipc/contract';
import { INVENTORY_WORKER, openDesktopApp } from '../desktop-host/host';
import { RENDERER_DIR, UNREACHABLE_SERVER_URL } from '../support/server';

test('the page scans this machine through the bridge, with progress, offline', async ({ context }, testInfo) => {
  expect(existsSync(INVENTORY_WORKER), `${INVENTORY_WORKER} is missing: run \`npm run build\` first (scripts/e2e.mjs does).`).toBe(true);
  const app = await openDesktopApp(context, {
    serverUrl: UNREACHABLE_SERVER_URL,
    userDataDir: mkdtempSync(join(tmpdir(), 'fielddesk-userdata-')),
    rendererDir: RENDERER_DIR,
  });
  try {
    const answer = await app.page.evaluate(async () => {
      const bridge = (window as unknown as { fielddesk: { scanInventory(): Promise<unknown>; onEvent(l: (e: unknown) => void): () => void } }).fielddesk;
      const events: unknown[] = [];
      const stop = bridge.onEvent((e) => events.push(e));
      const result = await bridge.scanInventory();
      // Events are delivered after the handler answers in this host; give the last ones a moment.
      await new Promise((resolve) => setTimeout(resolve, 500));
      stop();
      return { result, events };
    });
    const result = answer.result as IpcResult<LocalInventory>;
    if (!result.ok) throw new Error(`scanInventory failed: ${result.error.code}: ${result.error.message}`);
    const inventory = result.value;
    await testInfo.attach('inventory.json', { body: JSON.stringify(inventory, null, 2), contentType: 'application/json' });
    expect(inventory.document).toMatchObject({ itemtype: 'Computer', action: 'inventory', deviceid: expect.stringMatching(/-[0-9a-f]{16}$/) });
    expect(inventory.document.content).toHaveProperty('versionclient');
    // On a loaded machine a probe may run out of time: its section is then absent, with a note.
    if (!('operatingsystem' in inventory.document.content)) expect(inventory.notes.map((n) => n.probe)).toContain('operatingsystem');
    expect(inventory.durationMs).toBeGreaterThan(0);

    const progress = (answer.events as PlatformEvent[]).flatMap((e) => (e.type === 'inventory-progress' ? [e.progress] : []));
    expect(progress.length).toBeGreaterThan(0);
    const last = progress.at(-1)!;
    expect(last.done).toBeLessThanOrEqual(last.total);
    expect(app.logs.join('\n')).toMatch(/Scanned this machine in \d+ ms/);
  } finally {
    await testInfo.attach('main.log', { body: app.logs.join('\n'), contentType: 'text/plain' });
    await app.close();
  }
});
