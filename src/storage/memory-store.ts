import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import type { StoredToken, TokenStore } from './token-store.js';

/**
 * True when `key` (built by `storageKey(instanceOrigin, user)`) belongs to `user`. An origin
 * never contains `|`, so the user is everything after the first one; comparing it exactly
 * (rather than `endsWith('|' + user)`) keeps `clear('ann')` away from a user `acme|ann`.
 */
export function isKeyOfUser(key: string, user: string): boolean {
  const separator = key.indexOf('|');
  return separator >= 0 && key.slice(separator + 1) === user;
}

/** True when an entry has a known expiry that the clock has reached. */
export function isExpired(entry: { expiresAt?: number }, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

/**
 * Tokens kept for the life of the page only: used with `persist="none"` and as the fallback
 * when IndexedDB cannot be used. Values are copied in and out so a caller mutating the
 * object it passed or received cannot change what is stored.
 */
export class MemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, StoredToken>();

  constructor(private readonly clock: Clock = systemClock) {}

  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (isExpired(entry, this.clock.now())) {
      this.entries.delete(key);
      return undefined;
    }
    return { ...entry };
  }

  async set(key: string, value: StoredToken): Promise<void> {
    this.entries.set(key, { ...value });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async clear(user?: string): Promise<void> {
    if (user === undefined) {
      this.entries.clear();
      return;
    }
    for (const key of [...this.entries.keys()]) {
      if (isKeyOfUser(key, user)) this.entries.delete(key);
    }
  }
}
