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
const ids = new WeakMap<TokenManager, string>();

/**
 * `config` identifies the token source (provider, endpoint, static token, lifetime): embeds
 * share a manager only when key and source agree, so a session whose source changes gets a
 * new manager even while its embeds restart one by one.
 */
export function acquireTokenManager(
  key: string,
  create: () => TokenManager,
  config = '',
): TokenManager {
  const id = `${key}\u0000${config}`;
  let entry = entries.get(id);
  if (!entry) {
    entry = { manager: create(), refs: 0 };
    entries.set(id, entry);
    ids.set(entry.manager, id);
  }
  entry.refs++;
  return entry.manager;
}

/** Drops one reference; a manager the registry does not hold (already disposed) is ignored. */
export function releaseTokenManager(manager: TokenManager): void {
  const id = ids.get(manager);
  const entry = id === undefined ? undefined : entries.get(id);
  if (!entry || entry.manager !== manager) return;
  entry.refs--;
  if (entry.refs > 0) return;
  entries.delete(id!);
  manager.dispose();
}

/** Managers alive in the registry; for leak tests. */
export function _activeManagerCount(): number {
  return entries.size;
}
