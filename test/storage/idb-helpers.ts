import { createStore, entries, get, set } from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { WAIT_MS } from '../helpers/wait.js';

let counter = 0;

/** A database name no other test (or test file running in parallel) uses. */
export function uniqueDbName(label = 'test'): string {
  counter += 1;
  return `biuwer-embed-${label}-${Date.now()}-${counter}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Deletes a database; fails the test (rather than hanging) if a connection blocks it. The
 * timeout is generous: on a busy machine a delete that is not blocked can take seconds.
 */
export function deleteDb(name: string, timeoutMs = WAIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    const timer = setTimeout(
      () => reject(new Error(`deleting ${name} is blocked by an open connection`)),
      timeoutMs,
    );
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(request.error);
    };
  });
}

/** Runs `fn` on the raw 'tokens' object store, bypassing IdbTokenStore, then closes it. */
export async function withRawStore<T>(
  dbName: string,
  fn: (store: UseStore) => Promise<T>,
): Promise<T> {
  const store = createStore(dbName, 'tokens');
  try {
    return await fn(store);
  } finally {
    const db = await store('readonly', (objectStore) => objectStore.transaction.db);
    db.close();
  }
}

export function rawEntries(dbName: string): Promise<[IDBValidKey, unknown][]> {
  return withRawStore(dbName, (store) => entries<IDBValidKey, unknown>(store));
}

export function rawGet(dbName: string, key: IDBValidKey): Promise<unknown> {
  return withRawStore(dbName, (store) => get<unknown>(key, store));
}

export function rawSet(dbName: string, key: IDBValidKey, value: unknown): Promise<void> {
  return withRawStore(dbName, (store) => set(key, value, store));
}

/** Makes `indexedDB.open` throw, as it does where storage is blocked; returns the undo. */
export function stubIndexedDbOpen(
  error = new DOMException('Access to IndexedDB is denied.', 'SecurityError'),
): () => void {
  Object.defineProperty(indexedDB, 'open', {
    configurable: true,
    value: () => {
      throw error;
    },
  });
  return () => {
    Reflect.deleteProperty(indexedDB, 'open');
  };
}

/** Hides `globalThis.indexedDB` entirely (old WebViews, some privacy modes); returns the undo. */
export function hideIndexedDb(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  if (!descriptor?.configurable) throw new Error('cannot hide globalThis.indexedDB here');
  Object.defineProperty(globalThis, 'indexedDB', { configurable: true, value: undefined });
  return () => {
    Object.defineProperty(globalThis, 'indexedDB', descriptor);
  };
}
