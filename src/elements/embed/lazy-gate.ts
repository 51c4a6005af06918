import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * `loading="lazy"`: nothing (no token request, no frame) happens until the element comes
 * within `rootMargin` of the viewport. Once near, it stays near for the element's life.
 */
export class LazyGate implements ReactiveController {
  near = false;
  private observer_?: IntersectionObserver;

  constructor(
    private readonly host_: ReactiveControllerHost & Element,
    private readonly onNear_: () => void,
    private readonly rootMargin_ = '200px',
  ) {
    host_.addController(this);
  }

  watch(): void {
    if (this.observer_ || this.near) return;
    this.observer_ = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.near = true;
        this.disconnect_();
        this.onNear_();
      },
      { rootMargin: this.rootMargin_ },
    );
    this.observer_.observe(this.host_);
  }

  reset(): void {
    this.disconnect_();
    this.near = false;
  }

  hostDisconnected(): void {
    this.disconnect_();
  }

  private disconnect_(): void {
    this.observer_?.disconnect();
    this.observer_ = undefined;
  }
}
