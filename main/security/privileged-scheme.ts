/**
 * App-wide switches of the security baseline, applied before the app is ready:
 * every renderer sandboxed, and the app:// scheme registered as a standard, secure
 * scheme (so IndexedDB, fetch and same-origin rules work there as on https).
 */
import { APP_SCHEME } from './origin';

export interface PrivilegedScheme {
  scheme: string;
  privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean; corsEnabled: boolean; bypassCSP: boolean; allowServiceWorkers: boolean; stream: boolean };
}

export const APP_SCHEME_PRIVILEGES: PrivilegedScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false, allowServiceWorkers: false, stream: false },
};

export interface AppLike {
  enableSandbox(): void;
}
export interface ProtocolRegistrarLike {
  registerSchemesAsPrivileged(schemes: PrivilegedScheme[]): void;
}

/** Call once at start, before app 'ready'. */
export function applyAppSecurity(app: AppLike, protocol: ProtocolRegistrarLike): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}
