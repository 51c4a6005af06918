import type { Clock, TimerHandle } from '../../src/core/clock.js';

interface Timer {
  id: number;
  /** Due on the monotonic timeline, which `jump` does not move (as real timers ignore clock changes). */
  due: number;
  callback: () => void;
}

/** The real setTimeout, captured before any test could stub the global. */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/** Lets every queued microtask (and the microtasks those queue) run. */
async function drainMicrotasks(rounds = 25): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/**
 * A controllable `Clock` for tests. Two timelines are kept apart on purpose:
 * - the monotonic one, on which timers are due, moves only with `tick`;
 * - the wall clock (`now()`) moves with `tick` and also with `jump`, which models a
 *   laptop sleeping or the user changing the system time: timers do not fire, but
 *   `now()` says more (or less) time has passed.
 */
export class FakeClock implements Clock {
  private offset: number;
  private monotonic = 0;
  private nextId = 1;
  private timers = new Map<number, Timer>();

  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.offset = start;
  }

  now(): number {
    return this.monotonic + this.offset;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.set(id, { id, due: this.monotonic + delay, callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Timers armed and not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Advances time by `ms`, firing due timers in order (by due time, then creation). After
   * each timer the microtask queue is drained, so promise chains a timer starts can arm
   * further timers that fire within the same tick, as they would for real.
   */
  async tick(ms: number): Promise<void> {
    const target = this.monotonic + Math.max(0, ms);
    await drainMicrotasks();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.timers.delete(next.id);
      this.monotonic = next.due;
      next.callback();
      await drainMicrotasks();
    }
    this.monotonic = target;
    await this.flush();
  }

  /** Fires every timer until none is left (or `limit` have fired, to stop runaway loops). */
  async runAll(limit = 10_000): Promise<void> {
    for (let fired = 0; fired < limit; fired++) {
      const next = this.nextDue(Infinity);
      if (!next) return;
      await this.tick(next.due - this.monotonic);
    }
    throw new Error(`FakeClock.runAll: more than ${limit} timers fired; a timer loop?`);
  }

  /** Moves the wall clock by `ms` (negative allowed) without firing any timer. */
  jump(ms: number): void {
    this.offset += ms;
  }

  /**
   * Lets pending microtasks and one round of real tasks run (real IndexedDB, Web Locks and
   * BroadcastChannel deliver through real tasks, which no fake timer can advance).
   */
  async flush(): Promise<void> {
    await drainMicrotasks();
    await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
    await drainMicrotasks();
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) {
        best = timer;
      }
    }
    return best;
  }
}
