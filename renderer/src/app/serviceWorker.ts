/**
 * The web app's service worker (vite-plugin-pwa, generateSW): precaches the app shell so
 * the web app still loads while the server is down. Never registered in the desktop app,
 * which is served from app:// by main and needs none.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  try {
    const { registerSW } = await import('virtual:pwa-register');
    registerSW({ immediate: true });
  } catch (e) {
    // The app works without it; it only cannot start while the server is unreachable.
    console.warn('FieldDesk: the offline service worker could not be registered:', e);
  }
}
