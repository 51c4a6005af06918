/**
 * The one clock every timer in the kit goes through, so tests can fast-forward hours in
 * milliseconds. `now()` is wall-clock epoch milliseconds.
 */
export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Browsers fire timers longer than 2^31-1 ms at once; longer waits are re-armed in steps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `callback` when `clock.now()` reaches `at`, however far away that is. Returns a
 * cancel function. A deadline in the past fires on the next tick, never synchronously.
 */
export function scheduleAt(clock: Clock, at: number, callback: () => void): () => void {
  let handle: TimerHandle | undefined;
  let cancelled = false;
  const arm = (): void => {
    if (cancelled) return;
    const wait = at - clock.now();
    if (wait > MAX_TIMER_MS) {
      handle = clock.setTimeout(arm, MAX_TIMER_MS);
    } else {
      handle = clock.setTimeout(
        () => {
          if (!cancelled) callback();
        },
        Math.max(0, wait),
      );
    }
  };
  arm();
  return () => {
    cancelled = true;
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}
