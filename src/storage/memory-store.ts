import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { isExpired, isKeyOfUser } from '../core/token-store.js';
import type { StoredToken, TokenStore } from '../core/token-store.js';

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
