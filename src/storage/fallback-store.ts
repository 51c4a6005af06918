import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { EmbedError } from '../core/errors.js';
import { MemoryTokenStore } from './memory-store.js';
import type { StoredToken, TokenStore } from '../core/token-store.js';

export interface FallbackTokenStoreOptions {
  /** Called once, when the primary first fails and tokens move to memory. */
  onUnavailable?: (error: EmbedError) => void;
  clock?: Clock;
}

/**
 * Delegates to a persistent store until it fails once (IndexedDB blocked, private mode,
 * quota exceeded, open refused), then keeps tokens in memory for the rest of the page.
 * The switch is permanent: a store that failed once is likely to fail again mid-refresh,
 * and flip-flopping would hide tokens written to one side from reads on the other.
 * Nothing is copied across, so the worst case is one extra token request. Never rejects.
 */
export class FallbackTokenStore implements TokenStore {
  private memory?: MemoryTokenStore;
  private readonly clock: Clock;

  constructor(
    private readonly primary: TokenStore,
    private readonly options: FallbackTokenStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** True once the primary has failed and tokens live in memory only. */
  get usingMemory(): boolean {
    return this.memory !== undefined;
  }

  get(key: string): Promise<StoredToken | undefined> {
    return this.run((store) => store.get(key));
  }

  set(key: string, value: StoredToken): Promise<void> {
    return this.run((store) => store.set(key, value));
  }

  delete(key: string): Promise<void> {
    return this.run((store) => store.delete(key));
  }

  clear(user?: string): Promise<void> {
    return this.run((store) => store.clear(user));
  }

  private async run<T>(operation: (store: TokenStore) => Promise<T>): Promise<T> {
    if (this.memory === undefined) {
      try {
        return await operation(this.primary);
      } catch (cause) {
        return operation(this.switchToMemory(cause));
      }
    }
    return operation(this.memory);
  }

  /** Idempotent: several operations in flight may fail together; only the first reports. */
  private switchToMemory(cause: unknown): MemoryTokenStore {
    if (this.memory !== undefined) return this.memory;
    const memory = new MemoryTokenStore(this.clock);
    this.memory = memory;
    const error = new EmbedError(
      'STORAGE_UNAVAILABLE',
      'Token storage (IndexedDB) is unavailable; tokens are kept in memory for this page.',
      { cause },
    );
    try {
      this.options.onUnavailable?.(error);
    } catch (listenerError) {
      // A faulty listener must not break token storage; surface it the way an event
      // listener's exception would be, without rejecting the operation.
      globalThis.reportError?.(listenerError);
    }
    return memory;
  }
}
