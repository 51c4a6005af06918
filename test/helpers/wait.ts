/**
 * Waiting in tests, made for a loaded machine: two cores shared with other jobs can stall a
 * test page (or the frame it embeds) for seconds, so a test waits for the event or
 * condition it needs, never for a number of milliseconds, and gives up only after a time no
 * healthy run comes near. Fake-clock tests wait this way for real work (IndexedDB, locks,
 * frames) and move their own clock for everything timed.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/** How long a test waits for something that should happen; healthy runs take far less. */
export const WAIT_MS = 20_000;

/**
 * How long a test gives a wrong late effect (a second error, a late token's frame) to show
 * before it asserts that nothing more happened, where no later positive event exists to wait
 * on. It cannot make a test flaky: a slow machine can only make the check miss a late wrong
 * effect, never fail a correct run. Prefer a real sync point wherever one exists.
 */
export const NOTHING_MORE_MS = 100;

/** Resolves after `ms` real milliseconds: only for the negative checks described above. */
export function graceFor(ms = NOTHING_MORE_MS): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** The real setTimeout, captured before any test could stub the global. */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/** open-wc's `waitUntil`, with a generous default timeout (its own is one second). */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: WAIT_MS, ...options });
}

/**
 * Resolves with the next protocol message a frame's window posts to this page that
 * matches `type` (and `accept`, when given). The window is read when the message arrives,
 * so a frame swapped meanwhile is followed.
 */
export function nextFrameMessage<T = Record<string, unknown>>(
  frameWindow: () => Window | null | undefined,
  type: string,
  accept: (data: T) => boolean = () => true,
  timeoutMs = WAIT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
    };
    const onMessage = (event: MessageEvent): void => {
      const data = event.data as { biuwer?: unknown; type?: unknown } | null;
      if (data?.biuwer !== 1 || data.type !== type) return;
      if (!event.source || event.source !== frameWindow()) return;
      if (!accept(data as T)) return;
      done();
      resolve(data as T);
    };
    const timer = realSetTimeout(() => {
      done();
      reject(new Error(`the frame posted no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    window.addEventListener('message', onMessage);
  });
}

/**
 * Resolves once every message this window posted to itself before the call has been
 * dispatched to every listener added before the call (messages to one window are delivered
 * in order): the proof that forged messages were seen and ignored, with no fixed wait.
 */
export function ownMessagesDelivered(): Promise<void> {
  const marker = `drained-${Math.random().toString(36).slice(2)}`;
  return new Promise<void>((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== window || event.data !== marker) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
    window.postMessage(marker, '*');
  });
}
