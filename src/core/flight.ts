import { aborted } from './errors.js';
import type { TokenRecord } from './types.js';

/**
 * One provider request shared by every caller that needs a token meanwhile (one promise
 * per key). Callers join with their own AbortSignal; the request itself is aborted only
 * when the last interested party leaves: every waiter aborted and, for a proactive
 * refresh, the manager released.
 */
export class Flight {
  readonly controller = new AbortController();
  readonly promise: Promise<TokenRecord>;
  private waiters = 0;
  /** True while a retained manager wants this result even without waiters. */
  background = false;

  constructor(run: (signal: AbortSignal) => Promise<TokenRecord>) {
    this.promise = run(this.controller.signal);
    // Nobody may be listening (a background refresh); failures are handled by the manager.
    this.promise.catch(() => {});
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * A promise for this flight's result that rejects with ABORTED as soon as `signal` is
   * aborted (this caller gave up) or the flight itself is aborted (disposed, unwanted),
   * even if the provider ignores its signal and never settles.
   */
  join(signal?: AbortSignal): Promise<TokenRecord> {
    if (signal?.aborted || this.signal.aborted) return Promise.reject(aborted());
    this.waiters++;
    return new Promise<TokenRecord>((resolve, reject) => {
      let done = false;
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        this.waiters--;
        signal?.removeEventListener('abort', onCallerAbort);
        this.signal.removeEventListener('abort', onFlightAbort);
        return true;
      };
      const onCallerAbort = (): void => {
        if (!finish()) return;
        reject(aborted());
        this.abandonIfUnwanted();
      };
      const onFlightAbort = (): void => {
        if (finish()) reject(aborted());
      };
      signal?.addEventListener('abort', onCallerAbort, { once: true });
      this.signal.addEventListener('abort', onFlightAbort, { once: true });
      this.promise.then(
        (record) => finish() && resolve(record),
        (error: unknown) => finish() && reject(error),
      );
    });
  }

  /** Aborts the request when nobody waits for it and no retained manager wants it. */
  abandonIfUnwanted(): void {
    if (this.waiters <= 0 && !this.background) this.controller.abort();
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
