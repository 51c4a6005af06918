import { abortable } from './abortable.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { aborted, EmbedError, isEmbedError } from './errors.js';

/**
 * Serialises token work under a name. Across tabs this is what makes N tabs refresh a
 * shared token with one provider call: one tab holds the lock while it refreshes, the
 * others wait and then find the fresh token in the store.
 */
export interface TokenLock {
  run<T>(name: string, fn: () => Promise<T>, options?: { signal?: AbortSignal }): Promise<T>;
}

/** The part of the Web Locks API used here, so the core needs no DOM typings. */
interface LockManagerLike {
  request<T>(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: () => Promise<T>,
  ): Promise<T>;
}

const PREFIX = 'biuwer-embed:';

/**
 * Web Locks, shared by every same-origin tab and frame. Waiting longer than `timeoutMs`
 * rejects with `LOCK_TIMEOUT` (a tab stuck holding the lock must not block the others
 * for ever; the caller then proceeds without it). The timeout covers waiting only, never
 * the work done while holding the lock.
 */
export function webLocks(
  timeoutMs = 30_000,
  clock: Clock = systemClock,
  locks: LockManagerLike = (globalThis.navigator as unknown as { locks: LockManagerLike }).locks,
): TokenLock {
  return {
    async run(name, fn, options = {}) {
      const { signal } = options;
      if (signal?.aborted) throw aborted();
      const waiting = new AbortController();
      let timedOut = false;
      const timer = clock.setTimeout(() => {
        timedOut = true;
        waiting.abort();
      }, timeoutMs);
      const onAbort = (): void => waiting.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const stopWaiting = (): void => {
        clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      try {
        return await locks.request(
          PREFIX + name,
          { mode: 'exclusive', signal: waiting.signal },
          () => {
            stopWaiting();
            return fn();
          },
        );
      } catch (error) {
        // An AbortError from `request` means we gave up waiting; anything else is fn's own.
        if (waiting.signal.aborted && !isEmbedError(error)) {
          throw timedOut
            ? new EmbedError('LOCK_TIMEOUT', 'Timed out waiting for the token lock.')
            : aborted();
        }
        throw error;
      } finally {
        stopWaiting();
      }
    },
  };
}

/**
 * An in-page mutex for browsers without Web Locks: it dedupes within the page only, so
 * tabs may each refresh (correct, just not minimal).
 */
export function localLock(): TokenLock {
  const tails = new Map<string, Promise<void>>();
  return {
    async run(name, fn, options = {}) {
      const { signal } = options;
      if (signal?.aborted) throw aborted();
      const previous = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous.then(() => mine);
      tails.set(name, tail);
      try {
        await abortable<void>(signal, (resolve) => void previous.then(resolve));
        return await fn();
      } finally {
        // An aborted waiter releases its slot at once; the next one still waits for `previous`.
        release();
        if (tails.get(name) === tail) tails.delete(name);
      }
    },
  };
}

/** Web Locks when the browser has them, else the in-page mutex. */
export function defaultLock(clock: Clock = systemClock, timeoutMs = 30_000): TokenLock {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  return locks ? webLocks(timeoutMs, clock, locks) : localLock();
}
