import type { Clock, TimerHandle } from './clock.js';
import type { Environment } from './environment.js';
import { backoffDelay } from './refresh-timing.js';

/**
 * Retries of a failed background refresh: exponential backoff with full jitter (so a fleet
 * of tabs that failed together does not retry together), paused while the browser is
 * offline. One pending retry at most; `reset` after a success starts the backoff over.
 */
export class RetryScheduler {
  private attempt = 0;
  private timer?: TimerHandle;
  private offOnline?: () => void;
  /** The last backoff delay drawn, for tests and diagnostics. */
  lastDelay?: number;

  constructor(
    private readonly clock: Clock,
    private readonly environment: Environment,
    private readonly random: () => number,
    private readonly maxDelayMs: number,
  ) {}

  /**
   * Runs `run` after the next backoff delay, but no later than `deadline` (the current
   * token's expiry: once it has passed, waiting longer only hides the failure).
   */
  schedule(run: () => void, deadline?: number): void {
    this.cancel();
    if (!this.environment.isOnline()) {
      this.whenOnline(run);
      return;
    }
    const delay = backoffDelay(this.attempt++, this.random, 1000, this.maxDelayMs);
    this.lastDelay = delay;
    const wait =
      deadline === undefined ? delay : Math.min(delay, Math.max(0, deadline - this.clock.now()));
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      run();
    }, wait);
  }

  /** Runs `run` once the network is back; no attempts are wasted while offline. */
  whenOnline(run: () => void): void {
    this.cancel();
    this.offOnline = this.environment.onOnline(() => {
      this.cancel();
      run();
    });
  }

  /** Drops any pending retry but keeps the attempt count (the next failure backs off more). */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.offOnline?.();
    this.offOnline = undefined;
  }

  reset(): void {
    this.cancel();
    this.attempt = 0;
  }
}
