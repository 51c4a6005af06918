import type { Clock, TimerHandle } from './clock.js';

/**
 * Detects that the wall clock moved more than the timers did: a laptop that slept (timers
 * are frozen while wall time runs on) or a system clock change. Every `intervalMs` it
 * compares the time that passed on `clock.now()` with the time it waited; a difference
 * beyond `toleranceMs` calls `onDrift`, so expiry can be re-checked against the wall clock.
 * Returns a stop function.
 */
export function startHeartbeat(
  clock: Clock,
  intervalMs: number | (() => number),
  onDrift: () => void,
  toleranceMs = 5_000,
): () => void {
  let expected = 0;
  let handle: TimerHandle | undefined;
  let stopped = false;
  const arm = (): void => {
    const wait = typeof intervalMs === 'function' ? intervalMs() : intervalMs;
    expected = clock.now() + wait;
    handle = clock.setTimeout(beat, wait);
  };
  const beat = (): void => {
    const drift = clock.now() - expected;
    // Re-arm first, so an `onDrift` that stops the heartbeat clears the new timer.
    arm();
    if (Math.abs(drift) > toleranceMs) onDrift();
  };
  arm();
  return () => {
    if (stopped) return;
    stopped = true;
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}
