import type { Clock, TimerHandle } from './clock.js';
import type { Environment } from './environment.js';
import { backoffDelay } from './refresh-timing.js';

/**
 * Retries of a failed background refresh: exponential backoff with full jitter (so a fleet
 * of tabs that failed together does not retry together), paused while the browser is
 * offline. One pending retry at most; `reset` after a success starts the backoff over.
 */
export class RetryScheduler {
  private attempt_ = 0;
  private timer_?: TimerHandle;
  private offOnline_?: () => void;
  /** The last backoff delay drawn, for tests and diagnostics. */
  lastDelay?: number;

  constructor(
    private readonly clock_: Clock,
    private readonly environment_: Environment,
    private readonly random_: () => number,
    private readonly maxDelayMs_: number,
  ) {}

  /**
   * Runs `run` after the next backoff delay, but no later than `deadline` (the current
   * token's expiry: once it has passed, waiting longer only hides the failure).
   */
  schedule_(run: () => void, deadline?: number): void {
    this.cancel_();
    if (!this.environment_.isOnline()) {
      this.whenOnline_(run);
      return;
    }
    const delay = backoffDelay(this.attempt_++, this.random_, 1000, this.maxDelayMs_);
    this.lastDelay = delay;
    const wait =
      deadline === undefined ? delay : Math.min(delay, Math.max(0, deadline - this.clock_.now()));
    this.timer_ = this.clock_.setTimeout(() => {
      this.timer_ = undefined;
      run();
    }, wait);
  }

  /** Runs `run` once the network is back; no attempts are wasted while offline. */
  whenOnline_(run: () => void): void {
    this.cancel_();
    this.offOnline_ = this.environment_.onOnline(() => {
      this.cancel_();
      run();
    });
  }

  /** Drops any pending retry but keeps the attempt count (the next failure backs off more). */
  cancel_(): void {
    if (this.timer_ !== undefined) this.clock_.clearTimeout(this.timer_);
    this.timer_ = undefined;
    this.offOnline_?.();
    this.offOnline_ = undefined;
  }

  reset_(): void {
    this.cancel_();
    this.attempt_ = 0;
  }
}
