/** Attachment URLs: local files, downloads verified by hash, bad addresses, content-type rules. */
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDownloader } from '../attachments/downloader';
import { createAttachmentStore } from '../attachments/store';
import { FAKE_TOKEN, createFakeUploadServer } from '../testing/fake-upload-server';
import { createAppProtocolHandler } from './app-protocol';
import { attachmentUrlFor, composeProtocolHandlers, createAttachmentProtocolHandler, sniffImageType } from './attachment-protocol';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
const WEBP = new TextEncoder().encode('RIFF\x24\x00\x00\x00WEBPVP8 ');
const HTML = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

async function setup(origin = 'app://fielddesk', signedIn = true, offline = false) {
  const store = createAttachmentStore(await mkdtemp(path.join(tmpdir(), 'fd-attach-proto-')));
  const server = createFakeUploadServer();
  const reports: boolean[] = [];
  const download = createDownloader({
    store,
    fetch: server.fetch,
    target: async () => (signedIn ? { serverUrl: 'http://desk.local:8470', token: FAKE_TOKEN } : null),
    reportConnectivity: (up) => reports.push(up),
    isOffline: () => offline,
  });
  const handler = createAttachmentProtocolHandler({ store, origin, download });
  const get = async (url: string, init?: RequestInit) => {
    const r = await handler(new Request(url, init));
    return { status: r.status, headers: r.headers, body: new Uint8Array(await r.arrayBuffer()) };
  };
  /** Puts bytes on the fake server as a finished upload. */
  const onServer = (bytes: Uint8Array, as = sha(bytes)) => {
    server.uploads.set(as, { size: bytes.byteLength, bytes: Buffer.from(bytes), complete: true });
    return as;
  };
  return { store, server, handler, get, onServer, reports };
}

describe('attachment protocol handler', () => {
  it('serves PNG, JPEG, GIF and WebP inline as images, recognised by their bytes', async () => {
    const t = await setup();
    for (const [bytes, type] of [[PNG, 'image/png'], [JPEG, 'image/jpeg'], [GIF, 'image/gif'], [WEBP, 'image/webp']] as const) {
      const { sha256 } = await t.store.put(bytes);
      const r = await t.get(attachmentUrlFor('app://fielddesk', sha256));
      expect(r.status, type).toBe(200);
      expect(r.headers.get('content-type')).toBe(type);
      expect(r.headers.get('content-disposition')).toBeNull();
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('content-security-policy')).toContain('sandbox');
      expect(r.headers.get('content-length')).toBe(String(bytes.byteLength));
      expect(r.body).toEqual(bytes);
    }
    expect(t.server.log).toEqual([]);
  });

  it('serves everything else as a download of application/octet-stream, whatever it looks like', async () => {
    const t = await setup();
    for (const bytes of [HTML, SVG, new TextEncoder().encode('%PDF-1.7'), new Uint8Array()]) {
      const { sha256 } = await t.store.put(bytes);
      const r = await t.get(`app://fielddesk/attachments/${sha256}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/octet-stream');
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${sha256}"`);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.body).toEqual(bytes);
    }
  });

  it('answers HEAD without a body', async () => {
    const t = await setup();
    const { sha256 } = await t.store.put(PNG);
    const r = await t.handler(new Request(`app://fielddesk/attachments/${sha256}`, { method: 'HEAD' }));
    expect(r.status).toBe(200);
    expect(r.body).toBeNull();
    expect(r.headers.get('content-type')).toBe('image/png');
  });

  it('refuses malformed addresses before touching the disk or the network', async () => {
    const t = await setup();
    const good = sha(PNG);
    for (const url of [
      'app://fielddesk/attachments/..%2f..%2fsession.json',
      `app://fielddesk/attachments/${good.toUpperCase()}`,
      `app://fielddesk/attachments/${good.slice(1)}`,
      `app://fielddesk/attachments/${good}/x`,
      `app://fielddesk/attachments/${good}%00`,
      'app://fielddesk/attachments/',
    ]) {
      const r = await t.get(url);
      expect(r.status, url).toBe(400);
      expect(new TextDecoder().decode(r.body)).toMatch(/64 lowercase hexadecimal digits/);
    }
    // Dot segments are removed by the URL parser: what is left is not an attachment address at all.
    expect((await t.get('app://fielddesk/attachments/%2e%2e/session.json')).status).toBe(404);
    expect((await t.get(`app://evil/attachments/${good}`)).status).toBe(403);
    expect((await t.get(`app://fielddesk/attachments/${good}`, { method: 'POST', body: 'x' })).status).toBe(405);
    expect(t.server.log).toEqual([]);
  });

  it('downloads a missing file with the bearer token, verifies and keeps it, then serves it from disk', async () => {
    const t = await setup();
    const address = t.onServer(JPEG);
    const r = await t.get(`app://fielddesk/attachments/${address}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(r.body).toEqual(JPEG);
    expect(t.server.log).toEqual([`GET /api/attachments/${address}`]);
    expect(await t.store.has(address)).toBe(true);
    expect(t.reports).toEqual([true]);
    // Twice at once: one download shared. Later: from disk only.
    const other = t.onServer(PNG);
    const [a, b] = await Promise.all([t.get(`app://fielddesk/attachments/${other}`), t.get(`app://fielddesk/attachments/${other}`)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await t.get(`app://fielddesk/attachments/${address}`);
    expect(t.server.log).toEqual([`GET /api/attachments/${address}`, `GET /api/attachments/${other}`]);
  });

  it('discards bytes from the server that do not match the address (502) and keeps nothing', async () => {
    const t = await setup();
    const claimed = t.onServer(HTML, sha(PNG));
    const r = await t.get(`app://fielddesk/attachments/${claimed}`);
    expect(r.status).toBe(502);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(new TextDecoder().decode(r.body)).toMatch(/do not match this attachment's SHA-256; they were discarded/);
    expect(await t.store.has(claimed)).toBe(false);
  });

  it('answers 404 with a plain sentence when the file is neither here nor obtainable', async () => {
    const t = await setup();
    const missing = sha(GIF);
    t.server.knobs.down = true;
    const offline = await t.get(`app://fielddesk/attachments/${missing}`);
    expect(offline.status).toBe(404);
    expect(new TextDecoder().decode(offline.body)).toBe('This attachment is not on this computer yet. Could not reach the FieldDesk server at http://desk.local:8470: connection refused.\n');
    expect(t.reports).toEqual([false]);
    t.server.knobs.down = false;
    const unknown = await t.get(`app://fielddesk/attachments/${missing}`);
    expect(unknown.status).toBe(404);
    expect(new TextDecoder().decode(unknown.body)).toMatch(/server did not give it: No such attachment/);

    const signedOut = await setup('app://fielddesk', false);
    const r = await signedOut.get(`app://fielddesk/attachments/${missing}`);
    expect(r.status).toBe(404);
    expect(new TextDecoder().decode(r.body)).toMatch(/cannot download it until you sign in/);
    expect(signedOut.server.log).toEqual([]);

    // Known to be offline: a sentence at once, no request that would only time out.
    const known = await setup('app://fielddesk', true, true);
    const fast = await known.get(`app://fielddesk/attachments/${missing}`);
    expect(fast.status).toBe(404);
    expect(new TextDecoder().decode(fast.body)).toMatch(/FieldDesk is offline/);
    expect(known.server.log).toEqual([]);
  });

  it('serves the e2e host origin the same way, and composes in front of the app handler', async () => {
    const t = await setup('http://fielddesk.app');
    const { sha256 } = await t.store.put(PNG);
    expect(attachmentUrlFor('http://fielddesk.app', sha256)).toBe(`http://fielddesk.app/attachments/${sha256}`);
    const app = createAppProtocolHandler(await mkdtemp(path.join(tmpdir(), 'fd-empty-renderer-')), { origin: 'http://fielddesk.app' });
    const both = composeProtocolHandlers(t.handler, app);
    const image = await both(new Request(`http://fielddesk.app/attachments/${sha256}`));
    expect(image.headers.get('content-type')).toBe('image/png');
    const page = await both(new Request('http://fielddesk.app/tickets'));
    expect(await page.text()).toContain('index.html is missing');
    expect((await t.get(`app://fielddesk/attachments/${sha256}`)).status).toBe(403);
  });

  it('sniffs only the four inline image types', () => {
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(PNG.subarray(0, 7))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('RIFF\x24\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(sniffImageType(SVG)).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
