/** The app:// handler: serving, SPA fallback, content types, and every traversal vector. */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { Refusal, createAppProtocolHandler, safeSegments, type AppProtocolHandler } from './app-protocol';

const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';
let base: string;
let root: string;
let handler: AppProtocolHandler;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'fd-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await mkdir(path.join(root, 'help'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(root, 'help', 'index.html'), '<!doctype html>help');
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'index-abc123.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, 'assets', 'font.woff2'), 'woff2');
  await writeFile(path.join(root, 'manifest.webmanifest'), '{}');
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await writeFile(path.join(base, 'secret'), SECRET);
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'assets', 'escape.txt'));
  await symlink(base, path.join(root, 'outside'));
  await symlink(path.join(root, 'assets', 'logo.svg'), path.join(root, 'inside-link.svg'));
  handler = createAppProtocolHandler(root);
});

async function get(url: string, init?: RequestInit): Promise<{ status: number; type: string | null; body: string; headers: Headers }> {
  const response = await handler(new Request(url, init));
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text(), headers: response.headers };
}

describe('serving the renderer', () => {
  it('serves index.html at / with the CSP header and no caching of the page', async () => {
    const r = await get('app://fielddesk/');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('<div id="root">');
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with the right content types', async () => {
    expect((await get('app://fielddesk/assets/index-abc123.js')).type).toBe('text/javascript; charset=utf-8');
    expect((await get('app://fielddesk/assets/index-abc123.css')).type).toBe('text/css; charset=utf-8');
    expect((await get('app://fielddesk/assets/logo.svg')).type).toBe('image/svg+xml');
    expect((await get('app://fielddesk/assets/font.woff2')).type).toBe('font/woff2');
    expect((await get('app://fielddesk/manifest.webmanifest')).type).toBe('application/manifest+json; charset=utf-8');
    expect((await get('app://fielddesk/assets/index-abc123.js')).headers.get('content-security-policy')).toBeNull();
  });

  it('falls back to index.html for client-side routes (paths without an extension)', async () => {
    for (const url of ['app://fielddesk/tickets', 'app://fielddesk/tickets/0190f0a0-0000-7000-8000-000000000001', 'app://fielddesk/login?next=%2Fqueue']) {
      const r = await get(url);
      expect(r.status, url).toBe(200);
      expect(r.body, url).toContain('<div id="root">');
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('serves a folder index and follows symlinks that stay inside the root', async () => {
    expect((await get('app://fielddesk/help/')).body).toContain('help');
    expect((await get('app://fielddesk/inside-link.svg')).status).toBe(200);
  });

  it('answers 404 for a missing asset instead of the page', async () => {
    const r = await get('app://fielddesk/assets/missing-123.js');
    expect(r.status).toBe(404);
    expect(r.body).toContain('Not found');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handler(new Request('app://fielddesk/assets/index-abc123.js', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await get('app://fielddesk/', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('says plainly when the renderer is not built', async () => {
    const empty = createAppProtocolHandler(await mkdtemp(path.join(tmpdir(), 'fd-empty-')));
    const r = await empty(new Request('app://fielddesk/'));
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('index.html is missing');
  });
});

describe('traversal attempts never leave the root', () => {
  const refused = [
    ['encoded dot-dot with encoded slash', 'app://fielddesk/%2e%2e%2fsecret.txt', 400],
    ['dot-dot with encoded slashes', 'app://fielddesk/assets/..%2f..%2fsecret.txt', 400],
    ['encoded backslash', 'app://fielddesk/..%5csecret.txt', 400],
    ['literal backslash', 'app://fielddesk/assets\\..\\..\\secret.txt', 400],
    ['double-encoded dot-dot', 'app://fielddesk/%252e%252e/secret.txt', 404],
    ['null byte', 'app://fielddesk/index.html%00.png', 400],
    ['absolute path (empty segment)', 'app://fielddesk//etc/passwd', 400],
    ['absolute Windows path', 'app://fielddesk/C:/Windows/win.ini', 400],
    ['malformed percent-encoding', 'app://fielddesk/%E0%A4%A', 400],
    ['symlinked file escaping the root', 'app://fielddesk/assets/escape.txt', 403],
    ['symlinked folder escaping the root', 'app://fielddesk/outside/secret.txt', 403],
    ['symlinked folder escaping the root, no extension', 'app://fielddesk/outside/secret', 403],
    ['wrong host', 'app://evil/index.html', 403],
    ['wrong scheme', 'https://fielddesk/index.html', 403],
  ] as const;

  for (const [name, url, status] of refused) {
    it(`${name}: ${url} -> ${status}`, async () => {
      const r = await get(url);
      expect(r.status).toBe(status);
      expect(r.body).not.toContain(SECRET);
    });
  }

  it('plain and %2e-encoded "../" are resolved by the URL parser to a path inside the root', async () => {
    // Chromium (for a standard scheme) and the WHATWG URL parser remove dot segments before
    // the handler sees the request; what is left is an ordinary path below the root.
    for (const url of ['app://fielddesk/../secret.txt', 'app://fielddesk/assets/%2e%2e/%2e%2e/secret.txt', 'app://fielddesk/.%2e/secret.txt']) {
      const r = await get(url);
      expect(r.status, url).toBe(404);
      expect(r.body).not.toContain(SECRET);
    }
  });

  it('refuses dot segments and decoded traversal even if a path reaches it unnormalized (defence in depth)', () => {
    for (const raw of ['/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/./index.html', '/assets/%2e']) {
      expect(() => safeSegments(raw), raw).toThrow(expect.objectContaining({ status: 403 }) as Error);
    }
    expect(() => safeSegments('relative/path')).toThrow(Refusal);
    expect(safeSegments('/')).toEqual([]);
    expect(safeSegments('/assets/a%20b.png')).toEqual(['assets', 'a b.png']);
  });
});
