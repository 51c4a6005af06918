import type { TokenManager } from './token-manager.js';

/**
 * Page-wide sharing of token managers: every embed and session with the same key
 * (`instance|user`) gets the same manager, so 20 cards make one provider call and share
 * one refresh. Each `acquireTokenManager` must be paired with one `releaseTokenManager`;
 * the last release disposes the manager. Single-use managers are never shared: callers
 * give them unique keys.
 */
interface Entry {
  manager: TokenManager;
  refs: number;
}

const entries = new Map<string, Entry>();

export function acquireTokenManager(key: string, create: () => TokenManager): TokenManager {
  let entry = entries.get(key);
  if (!entry) {
    entry = { manager: create(), refs: 0 };
    entries.set(key, entry);
  }
  entry.refs++;
  return entry.manager;
}

/** Drops one reference; a manager the registry does not hold (already disposed) is ignored. */
export function releaseTokenManager(manager: TokenManager): void {
  const entry = entries.get(manager.key);
  if (!entry || entry.manager !== manager) return;
  entry.refs--;
  if (entry.refs > 0) return;
  entries.delete(manager.key);
  manager.dispose();
}

/** Managers alive in the registry; for leak tests. */
export function _activeManagerCount(): number {
  return entries.size;
}
