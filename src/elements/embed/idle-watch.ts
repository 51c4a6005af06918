import type { Clock, TimerHandle } from '../../core/clock.js';
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
  private hovered = false;
  /** Clock time the pointer or focus last left the embed; -Infinity: never touched. */
  private lastActive = -Infinity;
  private wasFocused = false;
  /** Unknown until the first IntersectionObserver report: counts as on-screen. */
  private offScreen = false;
  private observer?: IntersectionObserver;
  private quietTimer?: TimerHandle;
  private readonly waiters = new Set<(cause: IdleCause) => void>();
  private readonly unlisten: (() => void)[] = [];

  constructor(
    private readonly target: HTMLElement,
    private readonly clock: Clock,
    private readonly quietMs = QUIET_MS,
  ) {
    const doc = target.ownerDocument;
    const evaluate = (): void => this.evaluate();
    this.unlisten.push(followPointer(doc, (spot) => this.onPointer(spot)));
    // The focus entering or leaving the frame: `focusin`/`focusout` are composed, and the
    // window's `blur` is what a click into a cross-origin frame fires in the host page.
    this.listen(target, 'focusin', evaluate);
    this.listen(target, 'focusout', evaluate);
    if (doc.defaultView) {
      this.listen(doc.defaultView, 'blur', evaluate);
      this.listen(doc.defaultView, 'focus', evaluate);
    }
    this.listen(doc, 'visibilitychange', evaluate);
    if (typeof IntersectionObserver === 'function') {
      this.observer = new IntersectionObserver((entries) => {
        const last = entries.at(-1);
        if (!last) return;
        this.offScreen = !last.isIntersecting;
        this.evaluate();
      });
      this.observer.observe(target);
    }
  }

  /** Why the embed is idle now, or undefined while somebody is using it. */
  idleCause(): IdleCause | undefined {
    const focused = this.noteFocus();
    if (this.target.ownerDocument.visibilityState === 'hidden') return 'hidden';
    if (this.offScreen) return 'off-screen';
    if (this.hovered || focused) return undefined;
    return this.clock.now() - this.lastActive >= this.quietMs ? 'quiet' : undefined;
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
    this.waiters.add(callback);
    this.armQuietTimer();
    return () => {
      this.waiters.delete(callback);
      if (this.waiters.size === 0) this.clearQuietTimer();
    };
  }

  dispose(): void {
    for (const off of this.unlisten.splice(0)) off();
    this.observer?.disconnect();
    this.observer = undefined;
    this.waiters.clear();
    this.clearQuietTimer();
  }

  private listen(target: EventTarget, type: string, listener: () => void): void {
    target.addEventListener(type, listener);
    this.unlisten.push(() => target.removeEventListener(type, listener));
  }

  private onPointer(spot: PointerSpot | undefined): void {
    const hovered = isNear(this.target.getBoundingClientRect(), spot, NEAR_PX);
    if (hovered === this.hovered) return;
    if (this.hovered) this.lastActive = this.clock.now();
    this.hovered = hovered;
    this.evaluate();
  }

  /** Whether the focus is inside the embed (its frame); records the moment it left. */
  private noteFocus(): boolean {
    const focused = focusInside(this.target);
    if (this.wasFocused && !focused) this.lastActive = Math.max(this.lastActive, this.clock.now());
    this.wasFocused = focused;
    return focused;
  }

  private evaluate(): void {
    const cause = this.idleCause();
    if (!cause) {
      this.armQuietTimer();
      return;
    }
    this.clearQuietTimer();
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter(cause);
  }

  /**
   * While someone waits: wake when the quiet period ends, or, while the frame holds the
   * focus, look again every second (a window without the system focus gets no focus events,
   * so the focus can leave unannounced). The pointer always announces its leaving.
   */
  private armQuietTimer(): void {
    this.clearQuietTimer();
    if (this.waiters.size === 0 || this.hovered) return;
    const wait = this.wasFocused
      ? FOCUS_POLL_MS
      : this.lastActive + this.quietMs - this.clock.now();
    this.quietTimer = this.clock.setTimeout(() => {
      this.quietTimer = undefined;
      this.evaluate();
    }, wait);
  }

  private clearQuietTimer(): void {
    if (this.quietTimer !== undefined) this.clock.clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
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
