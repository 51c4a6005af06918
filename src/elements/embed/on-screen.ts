type Listener = (onScreen: boolean) => void;

let observer: IntersectionObserver | undefined;
const listeners = new Map<Element, Listener>();

/**
 * Reports whether `target` is in the viewport: at once (the observer's first report for a
 * target) and on every change. One IntersectionObserver serves every embed of the page (its
 * implicit root, the top-level viewport, is the same for all): the browser then computes
 * one observer's targets per rendering frame, not one observer per embed.
 */
export function followOnScreen(target: Element, listener: Listener): () => void {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
  });
  listeners.set(target, listener);
  // Observed again, so this listener gets a first report even if the target already was.
  observer.unobserve(target);
  observer.observe(target);
  return () => {
    // A later follower of the same element (the next run of an embed) keeps its reports.
    if (listeners.get(target) !== listener) return;
    listeners.delete(target);
    observer?.unobserve(target);
  };
}
