import type { Clock, TimerHandle } from '../../core/clock.js';
import { followOnScreen } from './on-screen.js';
import { followPointer, isNear, type PointerSpot } from './pointer-trail.js';

/**
 * How long the pointer must have been away from the embed, and the focus away from its
 * frame, before nobody counts as using it. Reading a chart rarely takes the pointer away for
 * ten seconds; working with filters or a drill-down keeps it there.
 */
export const QUIET_MS = 10_000;
const FOCUS_POLL_MS = 1_000;
/**
 * The host page last saw the pointer this close to the embed: it is over the frame (the page
 * sees nothing of a pointer over a cross-site frame), or about to be.
 */
const NEAR_PX = 24;

/** Why the embed counts as idle: nobody sees it, or nobody has touched it for a while. */
export type IdleCause = 'hidden' | 'off-screen' | 'quiet';

/**
 * Answers "is somebody using this embed right now?" for a frame swap that would throw away
 * what the user did inside the frame (filters, scroll, a drill-down). Idle means: the tab is
 * hidden, the embed is off-screen, or the frame has not had the focus and the pointer has
 * not been over the embed for `quietMs`. An embed nobody ever pointed at or focused is
 * quiet from the start.
 *
 * Only the host page's side is visible: what happens inside the cross-origin frame reaches
 * us as the pointer reaching the frame's box and the focus moving into the frame, never as
 * clicks or keys. The focus is read from the document when asked (a frame removed while it
 * held the focus fires nothing); the pointer is followed on the host page (`followPointer`).
 * The clock times the quiet period, so tests drive it with a fake clock.
 */
export class IdleWatch {
  private hovered_ = false;
  /** Clock time the pointer or focus last left the embed; -Infinity: never touched. */
  private lastActive_ = -Infinity;
  private wasFocused_ = false;
  /** Unknown until the first IntersectionObserver report: counts as on-screen. */
  private offScreen_ = false;
  private quietTimer_?: TimerHandle;
  private readonly waiters_ = new Set<(cause: IdleCause) => void>();
  private readonly unlisten_: (() => void)[] = [];

  constructor(
    private readonly target_: HTMLElement,
    private readonly clock_: Clock,
    private readonly quietMs_ = QUIET_MS,
  ) {
    const doc = this.target_.ownerDocument;
    const evaluate = (): void => this.evaluate_();
    this.unlisten_.push(followPointer(doc, (spot) => this.onPointer_(spot)));
    // The focus entering or leaving the frame: `focusin`/`focusout` are composed, and the
    // window's `blur` is what a click into a cross-origin frame fires in the host page.
    this.listen_(this.target_, 'focusin', evaluate);
    this.listen_(this.target_, 'focusout', evaluate);
    if (doc.defaultView) {
      this.listen_(doc.defaultView, 'blur', evaluate);
      this.listen_(doc.defaultView, 'focus', evaluate);
    }
    this.listen_(doc, 'visibilitychange', evaluate);
    this.unlisten_.push(
      followOnScreen(this.target_, (onScreen) => {
        this.offScreen_ = !onScreen;
        this.evaluate_();
      }),
    );
  }

  /** Why the embed is idle now, or undefined while somebody is using it. */
  idleCause(): IdleCause | undefined {
    const focused = this.noteFocus_();
    if (this.target_.ownerDocument.visibilityState === 'hidden') return 'hidden';
    if (this.offScreen_) return 'off-screen';
    if (this.hovered_ || focused) return undefined;
    return this.clock_.now() - this.lastActive_ >= this.quietMs_ ? 'quiet' : undefined;
  }

  /**
   * Calls `callback` once the embed is idle: at once (synchronously) if it is now. Returns a
   * function that cancels the wait.
   */
  onIdle(callback: (cause: IdleCause) => void): () => void {
    const cause = this.idleCause();
    if (cause) {
      callback(cause);
      return () => {};
    }
    this.waiters_.add(callback);
    this.armQuietTimer_();
    return () => {
      this.waiters_.delete(callback);
      if (this.waiters_.size === 0) this.clearQuietTimer_();
    };
  }

  dispose(): void {
    for (const off of this.unlisten_.splice(0)) off();
    this.waiters_.clear();
    this.clearQuietTimer_();
  }

  private listen_(target: EventTarget, type: string, listener: () => void): void {
    target.addEventListener(type, listener);
    this.unlisten_.push(() => target.removeEventListener(type, listener));
  }

  private onPointer_(spot: PointerSpot | undefined): void {
    const hovered = isNear(this.target_.getBoundingClientRect(), spot, NEAR_PX);
    if (hovered === this.hovered_) return;
    if (this.hovered_) this.lastActive_ = this.clock_.now();
    this.hovered_ = hovered;
    this.evaluate_();
  }

  /** Whether the focus is inside the embed (its frame); records the moment it left. */
  private noteFocus_(): boolean {
    const focused = focusInside(this.target_);
    if (this.wasFocused_ && !focused)
      this.lastActive_ = Math.max(this.lastActive_, this.clock_.now());
    this.wasFocused_ = focused;
    return focused;
  }

  private evaluate_(): void {
    const cause = this.idleCause();
    if (!cause) {
      this.armQuietTimer_();
      return;
    }
    this.clearQuietTimer_();
    const waiters = [...this.waiters_];
    this.waiters_.clear();
    for (const waiter of waiters) waiter(cause);
  }

  /**
   * While someone waits: wake when the quiet period ends, or, while the frame holds the
   * focus, look again every second (a window without the system focus gets no focus events,
   * so the focus can leave unannounced). The pointer always announces its leaving.
   */
  private armQuietTimer_(): void {
    this.clearQuietTimer_();
    if (this.waiters_.size === 0 || this.hovered_) return;
    const wait = this.wasFocused_
      ? FOCUS_POLL_MS
      : this.lastActive_ + this.quietMs_ - this.clock_.now();
    this.quietTimer_ = this.clock_.setTimeout(() => {
      this.quietTimer_ = undefined;
      this.evaluate_();
    }, wait);
  }

  private clearQuietTimer_(): void {
    if (this.quietTimer_ !== undefined) this.clock_.clearTimeout(this.quietTimer_);
    this.quietTimer_ = undefined;
  }
}

/** The document's focused element, followed down through shadow roots, lies in `target`. */
function focusInside(target: HTMLElement): boolean {
  let active: Element | null = target.ownerDocument.activeElement;
  while (active) {
    if (active === target || target.contains(active)) return true;
    const inner: Element | null = active.shadowRoot?.activeElement ?? null;
    if (!inner || inner === active) return false;
    active = inner;
  }
  return false;
}
