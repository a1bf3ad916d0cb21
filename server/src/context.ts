/**
 * What route modules need from the running server, passed explicitly (no globals):
 * the configuration, the store and the sign-in throttle.
 */
import type { ServerConfig } from './config';
import type { Store } from './db/database';
import type { LoginThrottle } from './auth/throttle';

export interface AppContext {
  config: ServerConfig;
  store: Store;
  throttle: LoginThrottle;
  sessionTtlMs: number;
}
