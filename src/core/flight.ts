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
    if (signal?.aborted || this.signal_.aborted) return Promise.reject(aborted());
    this.waiters_++;
    return new Promise<TokenRecord>((resolve, reject) => {
      let done = false;
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        this.waiters_--;
        signal?.removeEventListener('abort', onCallerAbort);
        this.signal_.removeEventListener('abort', onFlightAbort);
        return true;
      };
      const onCallerAbort = (): void => {
        if (!finish()) return;
        reject(aborted());
        this.abandonIfUnwanted_();
      };
      const onFlightAbort = (): void => {
        if (finish()) reject(aborted());
      };
      signal?.addEventListener('abort', onCallerAbort, { once: true });
      this.signal_.addEventListener('abort', onFlightAbort, { once: true });
      this.promise_.then(
        (record) => finish() && resolve(record),
        (error: unknown) => finish() && reject(error),
      );
    });
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
