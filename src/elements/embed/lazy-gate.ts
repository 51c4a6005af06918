import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * `loading="lazy"`: nothing (no token request, no frame) happens until the element comes
 * within `rootMargin` of the viewport. Once near, it stays near for the element's life.
 */
export class LazyGate implements ReactiveController {
  near = false;
  private observer?: IntersectionObserver;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly onNear: () => void,
    private readonly rootMargin = '200px',
  ) {
    host.addController(this);
  }

  watch(): void {
    if (this.observer || this.near) return;
    this.observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.near = true;
        this.disconnect();
        this.onNear();
      },
      { rootMargin: this.rootMargin },
    );
    this.observer.observe(this.host);
  }

  reset(): void {
    this.disconnect();
    this.near = false;
  }

  hostDisconnected(): void {
    this.disconnect();
  }

  private disconnect(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
