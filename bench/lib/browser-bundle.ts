/** The browser benchmarks' seed pages: an entry bundled for Chromium with esbuild, and the page that loads it. */
import { build } from 'esbuild';

/** Bundles a browser entry (with the renderer code it imports) into one ES module's text. */
export async function bundleBrowserEntry(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    minify: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no bundle for ${entry}.`);
  return file.text;
}

/** The page that runs a seed bundle served at /__bench/seed.js. */
export function seedPage(title: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><script type="module" src="/__bench/seed.js"></script></body></html>`;
}
