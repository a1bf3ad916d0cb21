/**
 * The audit's camera scanning in Debian's Chromium (issue 14): Chromium's fake camera
 * (`--use-fake-device-for-media-stream --use-file-for-fake-video-capture`) plays a Y4M video
 * made here from bwip-js barcodes (Code 128, QR of a location label, Data Matrix, EAN-13,
 * Code 39), and the CameraScanner decodes each of them. A camera that is missing or refused is
 * said plainly. The component runs in a small page bundled by this spec (audit-camera/page.tsx),
 * so the app's build is untouched.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { locationLabelCode } from '@fielddesk/common/audits/codes';
import { chromiumLaunchOptions } from '../support/chromium';
import { barcodeFrame, type TestSymbology } from '../../renderer/src/features/audits/camera/testBarcodes';

const W = 640;
const H = 480;
const FPS = 5;
const LOC = locationLabelCode('5f0c8a9e-3b1d-4c2e-9f00-1a2b3c4d5e6f');
const CODES: Array<[TestSymbology, string]> = [
  ['code128', 'AST-0042'],
  ['qrcode', LOC],
  ['datamatrix', 'LAB-2026-000123'],
  ['ean13', '4006381333931'],
  ['code39', 'AST-39'],
];

/** A Y4M video (4:2:0, grey): each code for `seconds`, then half a second of nothing. */
function y4m(codes: Array<[TestSymbology, string]>, seconds = 1.6): Buffer {
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const blank = Buffer.alloc(W * H, 150);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`)];
  const frame = (luma: Buffer) => parts.push(Buffer.from('FRAME\n'), luma, chroma);
  for (const [bcid, text] of codes) {
    const f = barcodeFrame(bcid, text, W, H);
    const luma = Buffer.from(f.lum.buffer, f.lum.byteOffset, f.lum.byteLength);
    for (let i = 0; i < Math.round(seconds * FPS); i++) frame(luma);
    for (let i = 0; i < Math.ceil(FPS / 2); i++) frame(blank);
  }
  return Buffer.concat(parts);
}

let dir: string;
let server: Server;
let url: string;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fielddesk-camera-'));
  writeFileSync(join(dir, 'codes.y4m'), y4m(CODES));
  await build({
    entryPoints: [join(import.meta.dirname, 'audit-camera', 'page.tsx')],
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    outdir: join(dir, 'www'),
    entryNames: 'page',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="page.css"></head><body><div id="root"></div><script type="module" src="page.js"></script></body></html>');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').replace(/^\/+/, '').split('?')[0]!;
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, 'www', name));
      res.writeHead(200, { 'content-type': types[extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function launch(args: string[]): Promise<Browser> {
  const base = chromiumLaunchOptions();
  return chromium.launch({ ...base, args: [...(base.args ?? []), ...args] });
}

test('the camera decodes Code 128, a QR location label, Data Matrix, EAN-13 and Code 39 from Chromium’s fake camera', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const browser = await launch(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${join(dir, 'codes.y4m')}`, '--use-fake-ui-for-media-stream']);
  try {
    const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.getByTestId('camera-scanner')).toHaveAttribute('data-state', 'running');
    const codes = page.getByTestId('codes').locator('li');
    await expect
      .poll(async () => new Set(await codes.allTextContents()), { timeout: 60_000, intervals: [500] })
      .toEqual(new Set(CODES.map(([, text]) => text)));
    // Each code once per showing: the video loops, so at most a few times each, never once per frame.
    const all = await codes.allTextContents();
    for (const [, text] of CODES) expect(all.filter((c) => c === text).length).toBeLessThanOrEqual(3);
    await expect(page.getByTestId('verdict')).not.toHaveAttribute('data-verdict', 'none');
    await page.screenshot({ path: testInfo.outputPath('camera.png') });
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a missing camera and a refused camera are said plainly', async ({}, testInfo) => {
  // No fake device: this machine has no camera, and the prompt is accepted.
  const none = await launch(['--use-fake-ui-for-media-stream']);
  try {
    const page = await none.newPage();
    await page.goto(url);
    await expect(page.getByTestId('camera-error')).toContainText('No camera on this device — scan with a scanner or type the tag');
    await page.screenshot({ path: testInfo.outputPath('no-camera.png') });
  } finally {
    await none.close();
  }
  // A camera exists, and the person refuses it.
  const refused = await launch(['--use-fake-device-for-media-stream', '--deny-permission-prompts']);
  try {
    const page = await refused.newPage();
    await page.goto(url);
    await expect(page.getByTestId('camera-error')).toContainText('Camera access was refused — allow it in the browser/system settings, or type the tag');
  } finally {
    await refused.close();
  }
});
