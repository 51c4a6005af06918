import { abortable } from './abortable.js';
import { aborted } from './errors.js';
import type { TokenRecord } from './types.js';

/**
 * One provider request shared by every caller that needs a token meanwhile (one promise
 * per key). Callers join with their own AbortSignal; the request itself is aborted only
 * when the last interested party leaves: every waiter aborted and, for a proactive
 * refresh, the manager released.
 */
export class Flight {
  readonly controller_ = new AbortController();
  readonly promise_: Promise<TokenRecord>;
  private waiters_ = 0;
  /** True while a retained manager wants this result even without waiters. */
  background_ = false;

  constructor(run: (signal: AbortSignal) => Promise<TokenRecord>) {
    this.promise_ = run(this.controller_.signal);
    // Nobody may be listening (a background refresh); failures are handled by the manager.
    this.promise_.catch(() => {});
  }

  get signal_(): AbortSignal {
    return this.controller_.signal;
  }

  /**
   * A promise for this flight's result that rejects with ABORTED as soon as `signal` is
   * aborted (this caller gave up) or the flight itself is aborted (disposed, unwanted),
   * even if the provider ignores its signal and never settles.
   */
  join_(signal?: AbortSignal): Promise<TokenRecord> {
    if (this.signal_.aborted) return Promise.reject(aborted());
    return abortable<TokenRecord>(
      signal,
      (resolve, reject) => {
        this.waiters_++;
        const onFlightAbort = (): void => reject(aborted());
        this.signal_.addEventListener('abort', onFlightAbort);
        this.promise_.then(resolve, reject);
        return () => {
          this.waiters_--;
          this.signal_.removeEventListener('abort', onFlightAbort);
        };
      },
      // This caller gave up: the request goes too when it was the last one waiting.
      () => this.abandonIfUnwanted_(),
    );
  }

  /** Aborts the request when nobody waits for it and no retained manager wants it. */
  abandonIfUnwanted_(): void {
    if (this.waiters_ <= 0 && !this.background_) this.controller_.abort();
  }
}

/** Runs `fn` with a signal that follows `outer` (when given), cleaning the link up after. */
export async function withLinkedSignal<T>(
  outer: AbortSignal | undefined,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  if (outer?.aborted) throw aborted();
  const onAbort = (): void => controller.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn(controller.signal);
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
}
