import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Builds the desktop app: main (Node), preload (sandboxed, CommonJS) and the renderer.
 * The renderer build is also what the server serves as the web app.
 */
// electron-vite picks the Node and Chrome build targets from the Electron major version, which it
// reads from node_modules/electron/package.json unless ELECTRON_MAJOR_VER is set. Build for the
// version this project pins, so the build never depends on whether the Electron package (an
// optional dependency whose binary download may fail) is installed on this machine.
const pinnedElectron: string = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8'))
  .optionalDependencies.electron;
process.env.ELECTRON_MAJOR_VER ??= pinnedElectron.split('.')[0];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'main/index.ts'),
          // The inventory scan runs in a worker thread (main/inventory/runInWorker.ts loads this file).
          'inventory-worker': resolve(import.meta.dirname, 'main/inventory/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    define: {
      __FIELDDESK_VERSION__: JSON.stringify(process.env.npm_package_version ?? ''),
    },
    plugins: [
      react(),
      // The web app's offline shell: sw.js precaches the built app so the web app loads while
      // the server is down. Registered by renderer/src/app/serviceWorker.ts in the web app only
      // (never in the desktop app); injectRegister false keeps index.html free of inline script.
      VitePWA({
        strategies: 'generateSW',
        registerType: 'autoUpdate',
        injectRegister: false,
        manifest: {
          name: 'FieldDesk',
          short_name: 'FieldDesk',
          description: 'Offline-first IT service desk',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          theme_color: '#4c6ef5',
          background_color: '#ffffff',
          icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,ico,woff,woff2,webmanifest}'],
          navigateFallback: 'index.html',
          navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/healthz/],
          cleanupOutdatedCaches: true,
          clientsClaim: true,
          skipWaiting: true,
          maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        },
      }),
    ],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      // The same build is downloaded by web browsers: keep it small (electron-vite does not minify by default).
      minify: 'esbuild',
      // One entry chunk by design (it is precached whole for offline start).
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
