import { abortable } from '../../core/abortable.js';
import { scheduleAt, type Clock } from '../../core/clock.js';
import { aborted, EmbedError } from '../../core/errors.js';
import type { TokenReason, TokenRecord } from '../../core/types.js';
import { IdleWatch, type IdleCause } from './idle-watch.js';
import { SETTINGS, type SettingValue } from '../../settings/table.js';

/**
 * `idle` (default): a token rotation that needs a frame swap waits until nobody uses the
 * embed. `immediate`: it swaps as soon as the token arrives. Message delivery (the frame
 * speaks the protocol) is immediate either way: it loses nothing.
 */
export type RotateMode = SettingValue<'rotate'>;
export const ROTATE_MODES: readonly RotateMode[] = SETTINGS.rotate.type;

/** The `rotate` attribute: unset is `idle`; anything but the two modes is `INVALID_ROTATE`. */
export function parseRotate(value: string | null | undefined): RotateMode {
  if (value == null || value === '') return 'idle';
  if ((ROTATE_MODES as readonly string[]).includes(value)) return value as RotateMode;
  throw new EmbedError(
    'INVALID_ROTATE',
    `rotate must be "idle" or "immediate", not "${value.slice(0, 40)}".`,
  );
}

/**
 * A deferred swap happens at the latest this long before the live frame's token expires:
 * long enough for the new frame to load (its swap needs a load, and the old frame keeps
 * showing until then) before the share page's data calls start to fail.
 */
export const SWAP_DEADLINE_MS = 10_000;

/**
 * The latest moment (clock ms) a swap away from `live` may wait for. Undefined when the live
 * frame's token has no known expiry: nothing will expire under the user, so the swap waits
 * for an idle moment however long that takes (a refusal by the frame still hurries it).
 */
export function swapDeadline(live: TokenRecord | undefined): number | undefined {
  return live?.expiresAt === undefined ? undefined : live.expiresAt - SWAP_DEADLINE_MS;
}

/** What let a swap through: an idle moment, the deadline, the frame's refusal, or no gate. */
export type SwapRelease = IdleCause | 'deadline' | 'refused' | 'immediate';

/**
 * Holds frame swaps back until the embed is idle (see IdleWatch), never past a deadline.
 * `hurry()` lets every wait through at once, and every later one until `swapped()`: the live
 * frame refused its token, so the user is already looking at "content not found" and
 * waiting only prolongs it.
 */
export class SwapGate {
  private readonly releases_ = new Set<(release: SwapRelease) => void>();
  private urgent_ = false;
  /** Only while `rotate` is `idle` and the live frame can only be swapped (`setSwaps`). */
  private watch_?: IdleWatch;
  private swaps_ = false;

  /** `target` is the element of the embed the user points at and focuses. */
  constructor(
    private readonly target_: HTMLElement,
    private readonly clock_: Clock,
    private mode_: RotateMode,
  ) {}

  /**
   * `rotate` changed on a live embed (no reload): `immediate` lets a waiting swap through
   * now; `idle` starts watching (see `setSwaps`), so only the use seen from now on counts.
   */
  setMode(mode: RotateMode): void {
    this.mode_ = mode;
    this.update_();
  }

  /**
   * Whether the live frame takes a new token only by a swap. The embed is watched only
   * then: from the moment such a frame is shown (what the user does in it is what a swap
   * loses), until it is replaced by one that takes tokens by message, or the run ends.
   * Not later, at the first swap that has to wait: a watch started then would not know
   * the pointer or the focus left the frame a moment ago, and would let the swap go under
   * a user who is still reading.
   */
  setSwaps(swaps: boolean): void {
    this.swaps_ = swaps;
    this.update_();
  }

  private update_(): void {
    if (this.mode_ === 'idle' && this.swaps_) {
      this.watch_ ??= new IdleWatch(this.target_, this.clock_);
      return;
    }
    this.dispose();
    // Nothing to protect any more (rotate="immediate", or the token goes by message).
    for (const release of [...this.releases_]) release('immediate');
  }

  /**
   * Holds a swap away from the token the live frame holds (`live`) for an idle moment and
   * resolves with the milliseconds it waited. A token that replaces a refused one goes at
   * once: the frame already shows "content not found".
   */
  async hold(
    live: TokenRecord | undefined,
    reason: TokenReason,
    signal: AbortSignal,
  ): Promise<number> {
    if (reason === 'rejected') return 0;
    const deadline = swapDeadline(live);
    // Free to go now: 0, not the milliseconds other embeds' work on the same token took
    // before this await resumed.
    if (!signal.aborted && this.releaseNow_(deadline)) return 0;
    const start = this.clock_.now();
    await this.wait(deadline, signal);
    return Math.max(0, this.clock_.now() - start);
  }

  /** Waits until the swap may happen. Rejects with ABORTED when `signal` aborts. */
  wait(deadline: number | undefined, signal: AbortSignal): Promise<SwapRelease> {
    if (signal.aborted) return Promise.reject(aborted(signal.reason));
    const watch = this.watch_;
    const now = this.releaseNow_(deadline);
    if (now || !watch) return Promise.resolve(now ?? 'immediate');
    return abortable<SwapRelease>(signal, (resolve) => {
      this.releases_.add(resolve);
      const stopIdle = watch.onIdle(resolve);
      const stopDeadline =
        deadline === undefined
          ? undefined
          : scheduleAt(this.clock_, deadline, () => resolve('deadline'));
      return () => {
        this.releases_.delete(resolve);
        stopIdle();
        stopDeadline?.();
      };
    });
  }

  /** Why a swap may go at once, or undefined while it has to wait. */
  private releaseNow_(deadline: number | undefined): SwapRelease | undefined {
    if (!this.watch_) return 'immediate';
    if (this.urgent_) return 'refused';
    if (deadline !== undefined && this.clock_.now() >= deadline) return 'deadline';
    return this.watch_.idleCause();
  }

  /** Lets every current wait through now, and every later one until `swapped()`. */
  hurry(): void {
    this.urgent_ = true;
    for (const release of [...this.releases_]) release('refused');
  }

  /** The live frame changed: a refusal of the previous one no longer hurries anything. */
  swapped(): void {
    this.urgent_ = false;
  }

  /** True while a swap is held back. */
  get waiting(): boolean {
    return this.releases_.size > 0;
  }

  dispose(): void {
    this.watch_?.dispose();
    this.watch_ = undefined;
  }
}
