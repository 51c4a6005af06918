/**
 * Hooks for the kit's own tests. Not exported from the package entry, not element properties,
 * not React props and not in the manifest: a test imports this module and passes a fake
 * clock to an embed before it starts (e.g. right after `document.createElement`).
 */
import { systemClock, type Clock } from '../core/clock.js';

const clocks = new WeakMap<Element, Clock>();

/** Every timer of this embed (frame load timeout, token refresh, retries) runs on `clock`. */
export function useClock(element: Element, clock: Clock): void {
  clocks.set(element, clock);
}

export function clockOf(element: Element): Clock {
  return clocks.get(element) ?? systemClock;
}
