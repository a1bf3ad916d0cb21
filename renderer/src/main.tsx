/**
 * Renderer entry: picks the platform (desktop bridge or web), renders the app, and in the
 * web app only registers the offline service worker.
 */
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { detectPlatform, isDesktop } from './platform';
import { App } from './app/App';
import { registerServiceWorker } from './app/serviceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('FieldDesk: index.html has no #root element.');

try {
  const platform = detectPlatform();
  createRoot(root).render(
    <StrictMode>
      <App platform={platform} />
    </StrictMode>,
  );
  if (!isDesktop()) void registerServiceWorker();
} catch (e) {
  // Nothing else can run: say what is wrong instead of a blank window.
  root.textContent = `FieldDesk could not start: ${e instanceof Error ? e.message : String(e)}`;
}
