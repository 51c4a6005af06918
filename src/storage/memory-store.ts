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
  private readonly entries_ = new Map<string, StoredToken>();

  constructor(private readonly clock_: Clock = systemClock) {}

  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.entries_.get(key);
    if (entry === undefined) return undefined;
    if (isExpired(entry, this.clock_.now())) {
      this.entries_.delete(key);
      return undefined;
    }
    return { ...entry };
  }

  async set(key: string, value: StoredToken): Promise<void> {
    this.entries_.set(key, { ...value });
  }

  async delete(key: string): Promise<void> {
    this.entries_.delete(key);
  }

  async clear(user?: string): Promise<void> {
    if (user === undefined) {
      this.entries_.clear();
      return;
    }
    for (const key of [...this.entries_.keys()]) {
      if (isKeyOfUser(key, user)) this.entries_.delete(key);
    }
  }
}
