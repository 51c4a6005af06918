import { isUsable, refreshAt } from '../core/refresh-timing.js';
import type { StoredGrant, TokenStore } from './types.js';
import { HttpError } from './http.js';

/**
 * Whether a kept token may be handed out again: usable, and not yet in the kit's refresh
 * window. The rule is the client's own (refresh-timing), so a client that asks because its
 * token is due never gets that same token back.
 */
export function reusable(grant: StoredGrant | undefined, now: number): grant is StoredGrant {
  if (!grant) return false;
  const record = { ...grant, singleUse: false };
  return isUsable(record, now) && now < (refreshAt(record) ?? Infinity);
}

export interface FlightOptions {
  store: TokenStore;
  now: () => number;
  /** Calls `issue` and stores the result. */
  mint: () => Promise<StoredGrant>;
  /** Lifetime of a cross-process lock: longer than `issue` may take. */
  lockTtlMs: number;
  /** A store failure: reported, then treated as a miss (content beats deduplication). */
  report: (error: unknown) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One promise per key in this process; with a store that locks, one issuer across processes.
 * `discard` (reason rejected, or `force`) throws the kept token away first and accepts only
 * another one.
 */
export class TokenFlights {
  private readonly flights = new Map<string, Promise<StoredGrant>>();

  async obtain(key: string, discard: boolean, options: FlightOptions): Promise<StoredGrant> {
    // A running flight is issuing a new token: right for a refusal too.
    const running = this.flights.get(key);
    if (running) return running;
    if (!discard) {
      const kept = await this.safely(options, () => options.store.get(key));
      if (reusable(kept, options.now())) return kept;
      const late = this.flights.get(key);
      if (late) return late;
    }
    const flight = this.lead(key, discard, options).finally(() => this.flights.delete(key));
    this.flights.set(key, flight);
    return flight;
  }

  private async lead(key: string, discard: boolean, options: FlightOptions): Promise<StoredGrant> {
    const { store, now, mint, lockTtlMs } = options;
    const get = () => this.safely(options, () => store.get(key));
    const refused = discard ? (await get())?.token : undefined;
    // A waiter takes a token someone else kept meanwhile, but never the refused one.
    const acceptable = (grant: StoredGrant | undefined): grant is StoredGrant =>
      reusable(grant, now()) && !(discard && grant.token === refused);
    const discardAndMint = async () => {
      if (discard) await this.safely(options, () => store.delete(key));
      return mint();
    };
    if (!store.lock) return discardAndMint();
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const release = await this.safely(options, () => store.lock?.(key, lockTtlMs), null);
      if (release === null) return discardAndMint(); // the lock itself failed
      if (release) {
        try {
          const current = await get();
          return acceptable(current) ? current : await discardAndMint();
        } finally {
          await this.safely(options, release);
        }
      }
      // Another process is issuing: poll for its token, with a growing pause.
      const pause = Math.min(250, 10 * 1.5 ** attempt);
      await sleep(pause);
      waited += pause;
      const current = await get();
      if (acceptable(current)) return current;
      // The holder's lock expires after lockTtlMs, so this is only reached if every holder
      // keeps failing: give up rather than hold the request forever.
      if (waited > 2 * lockTtlMs) {
        throw new HttpError(503, 'TOKEN_BUSY', 'Another server is issuing this token; try again.');
      }
    }
  }

  private async safely<T, F = undefined>(
    options: FlightOptions,
    work: () => Promise<T> | undefined,
    fallback?: F,
  ): Promise<T | F> {
    try {
      return (await work()) as T;
    } catch (error) {
      options.report(error);
      return fallback as F;
    }
  }
}
