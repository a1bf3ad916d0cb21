/**
 * The web app: serves the built renderer (FIELDDESK_WEB_DIR) with @fastify/static, falls
 * back to index.html for client-side routes, and sets the security headers every response
 * carries (a strict CSP: the renderer loads nothing from elsewhere and runs no inline
 * script; Mantine needs inline styles).
 *
 * Caching: index.html and the service worker (sw.js) are always revalidated, so a new
 * build reaches clients; hashed files under /assets/ are cached for a year.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http/errors';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const NO_CACHE = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    return payload;
  });
}

function isApiPath(url: string): boolean {
  const p = url.split('?')[0] ?? '';
  return p === '/api' || p.startsWith('/api/') || p === '/healthz';
}

/** Client-side routes get index.html; paths that look like files (a dot in the last segment) do not. */
function wantsAppShell(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (isApiPath(request.url)) return false;
  const last = (request.url.split('?')[0] ?? '').split('/').pop() ?? '';
  return !last.includes('.');
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = request.url.split('?')[0] ?? '';
  return sendError(reply, 404, 'not_found', `There is no ${request.method} ${p} on this server.`);
}

export interface WebAppStatus {
  served: boolean;
  dir: string;
  problem: string | null;
}

export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<WebAppStatus> {
  const index = path.join(webDir, 'index.html');
  let problem: string | null = null;
  if (!fs.existsSync(webDir)) problem = `the directory ${webDir} does not exist`;
  else if (!fs.statSync(webDir).isDirectory()) problem = `${webDir} is not a directory`;
  else if (!fs.existsSync(index)) problem = `${webDir} has no index.html`;

  if (problem) {
    const text =
      `FieldDesk web app is not available: ${problem}.\n\n` +
      `Build the renderer with "npm run build:app" (it is written to out/renderer), or point FIELDDESK_WEB_DIR at a built renderer, then restart the server.\n` +
      `The API (/api/...) and /healthz work regardless.\n`;
    app.setNotFoundHandler((request, reply) => {
      if (!wantsAppShell(request) && request.url !== '/') return notFound(request, reply);
      return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(text);
    });
    return { served: false, dir: webDir, problem };
  }

  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    index: ['index.html'],
    cacheControl: false,
    dotfiles: 'ignore',
    setHeaders(res, filePath) {
      const rel = path.relative(webDir, filePath).split(path.sep).join('/');
      if (NO_CACHE.has(rel) || rel.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
      else if (rel.startsWith('assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'public, max-age=0, must-revalidate');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (!wantsAppShell(request)) return notFound(request, reply);
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  });
  return { served: true, dir: webDir, problem: null };
}
