/**
 * What route modules need from the running server, passed explicitly (no globals):
 * the configuration, the store, the sign-in throttle and the change notifier.
 */
import type { ServerConfig } from './config';
import type { Store } from './db/database';
import type { LoginThrottle } from './auth/throttle';
import type { ChangeNotifier } from './sync/notifier';

export interface AppContext {
  config: ServerConfig;
  store: Store;
  throttle: LoginThrottle;
  sessionTtlMs: number;
  /** Call `changes.notify()` after committing a write clients may pull (pokes them). */
  changes: ChangeNotifier;
}
