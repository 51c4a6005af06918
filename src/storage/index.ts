import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import type { EmbedError } from '../core/errors.js';
import { FallbackTokenStore } from './fallback-store.js';
import { DEFAULT_DB_NAME, IdbTokenStore } from './idb-store.js';
import { MemoryTokenStore } from './memory-store.js';
import type { TokenStore } from '../core/token-store.js';

export { FallbackTokenStore } from './fallback-store.js';
export type { FallbackTokenStoreOptions } from './fallback-store.js';
export { DEFAULT_DB_NAME, IdbTokenStore } from './idb-store.js';
export type { IdbTokenStoreOptions } from './idb-store.js';
export { MemoryTokenStore } from './memory-store.js';
export { storageKey } from '../core/token-store.js';
export type { StoredToken, TokenStore } from '../core/token-store.js';

export interface CreateTokenStoreOptions {
  /** `indexeddb` (default) persists encrypted tokens; `none` keeps them for this page only. */
  persist?: 'indexeddb' | 'none';
  dbName?: string;
  clock?: Clock;
  /** Called once if IndexedDB fails and tokens fall back to memory. */
  onUnavailable?: (error: EmbedError) => void;
}

export function createTokenStore(options: CreateTokenStoreOptions = {}): TokenStore {
  const clock = options.clock ?? systemClock;
  if (options.persist === 'none') return new MemoryTokenStore(clock);
  return new FallbackTokenStore(persistentStore(options.dbName ?? DEFAULT_DB_NAME, clock), {
    clock,
    onUnavailable: options.onUnavailable,
  });
}

let defaultStore: FallbackTokenStore | undefined;
const unavailableListeners = new Set<(error: EmbedError) => void>();

/**
 * The page-wide store (one per page, created on first use) so every embed and session
 * shares one cache and one fallback. Each distinct `onUnavailable` function is called at
 * most once, when the store falls back to memory; functions passed after that are not
 * called, so a page gets one warning. Pass a stable function: it is held until then.
 */
export function getDefaultTokenStore(
  onUnavailable?: (error: EmbedError) => void,
): FallbackTokenStore {
  if (onUnavailable !== undefined && !defaultStore?.usingMemory) {
    unavailableListeners.add(onUnavailable);
  }
  defaultStore ??= new FallbackTokenStore(persistentStore(DEFAULT_DB_NAME, systemClock), {
    onUnavailable: (error) => {
      const listeners = [...unavailableListeners];
      unavailableListeners.clear();
      for (const listener of listeners) {
        try {
          listener(error);
        } catch (listenerError) {
          globalThis.reportError?.(listenerError);
        }
      }
    },
  });
  return defaultStore;
}

/**
 * Logout: deletes stored tokens, all of them or only `user`'s, from IndexedDB and from the
 * page-wide memory fallback. Never rejects: where IndexedDB cannot be opened there is
 * nothing persisted that this page could reach.
 */
export async function clearStoredTokens(
  user?: string,
  options: { dbName?: string } = {},
): Promise<void> {
  const dbName = options.dbName ?? DEFAULT_DB_NAME;
  if (defaultStore !== undefined && dbName === DEFAULT_DB_NAME) {
    await defaultStore.clear(user);
    // Done if that clear reached IndexedDB; if the store is in memory, still try the
    // database: quota errors block writes, not deletes, and old entries may be there.
    if (!defaultStore.usingMemory) return;
  }
  if (!hasIndexedDb()) return;
  const store = new IdbTokenStore({ dbName });
  try {
    await store.clear(user);
  } catch {
    // IndexedDB refused (blocked, private mode): nothing this page can delete.
  } finally {
    store.close();
  }
}

/** Reading `indexedDB` itself throws in some contexts (e.g. Firefox with cookies blocked). */
function hasIndexedDb(): boolean {
  try {
    return typeof globalThis.indexedDB?.open === 'function';
  } catch {
    return false;
  }
}

function persistentStore(dbName: string, clock: Clock): TokenStore {
  return hasIndexedDb() ? new IdbTokenStore({ dbName, clock }) : missingIndexedDb;
}

/** Stands in for a missing IndexedDB so the fallback switches, and reports, on first use. */
const missingIndexedDb: TokenStore = {
  get: unavailable,
  set: unavailable,
  delete: unavailable,
  clear: unavailable,
};

function unavailable(): Promise<never> {
  return Promise.reject(new Error('IndexedDB is not available in this browsing context.'));
}
