/** The app version baked in at build time (electron.vite.config.ts, renderer `define`). */
declare const __FIELDDESK_VERSION__: string | undefined;

export const APP_VERSION: string =
  typeof __FIELDDESK_VERSION__ === 'string' && __FIELDDESK_VERSION__ ? __FIELDDESK_VERSION__ : 'development';
