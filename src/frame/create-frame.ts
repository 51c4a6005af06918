/**
 * Builds the Biuwer iframe and loads it. Kept apart from the elements so the attribute order
 * and the load/timeout/abort race are tested without Lit.
 */
import type { Clock } from '../core/clock.js';
import { scheduleAt } from '../core/clock.js';
import { abortable } from '../core/abortable.js';
import { EmbedError } from '../core/errors.js';
import { buildFrameName, shareUrl } from './frame-name.js';

export interface CreateFrameOptions {
  resource: string;
  token: string;
  instanceOrigin: string;
  /** Already resolved by `resolveSandbox`; `''` is a fully sandboxed frame, not "no sandbox". */
  sandbox: string;
  allow: string;
  referrerPolicy: string;
  title: string;
  /** The document that owns the frame; defaults to the global one. */
  document?: Document;
}

/**
 * Returns a detached `<iframe part="frame">` ready to navigate to the instance's share page.
 *
 * Order matters: the share page reads `window.name` as soon as it runs, and sandbox flags
 * apply to the navigation that is about to start, so `name` and `sandbox` go first and `src`
 * goes last. A detached iframe does not navigate; the caller inserts it (see `loadFrame`).
 *
 * @throws EmbedError `INVALID_RESOURCE` / `INVALID_TOKEN` / `INVALID_INSTANCE`
 */
export function createFrame(opts: CreateFrameOptions): HTMLIFrameElement {
  // Validate everything before creating anything, so a bad token never reaches an element.
  const name = buildFrameName(opts.resource, opts.token);
  const src = shareUrl(opts.instanceOrigin);

  const doc = opts.document ?? document;
  const frame = doc.createElement('iframe');
  frame.setAttribute('part', 'frame');
  frame.setAttribute('name', name);
  frame.setAttribute('sandbox', opts.sandbox);
  frame.setAttribute('allow', opts.allow);
  frame.setAttribute('referrerpolicy', opts.referrerPolicy);
  frame.setAttribute('title', opts.title);
  frame.setAttribute('src', src);
  return frame;
}

export interface LoadFrameOptions {
  /** How long to wait for `load`; `Infinity` waits forever. */
  timeoutMs: number;
  clock: Clock;
  /** Aborting gives up on this frame, e.g. when the element disconnects or a newer swap starts. */
  signal?: AbortSignal;
}

/**
 * Appends `frame` to `parent` and resolves when it fires `load`.
 *
 * On failure the frame is removed again, so a failed call leaves the DOM as it found it and
 * no half-loaded frame keeps a token in its name. Listeners and the timer are released on
 * every path.
 *
 * Note that `load` fires for error pages too: it means "navigation finished", not "Biuwer
 * rendered the content".
 *
 * @throws EmbedError `FRAME_LOAD_TIMEOUT` after `timeoutMs`, `ABORTED` when `signal` aborts.
 */
export function loadFrame(
  frame: HTMLIFrameElement,
  parent: Node,
  opts: LoadFrameOptions,
): Promise<void> {
  const { signal, clock, timeoutMs } = opts;
  return abortable<void>(
    signal,
    (resolve, reject) => {
      const onLoad = (): void => resolve();
      // Listen before inserting: an about:blank or srcdoc frame may fire `load` during append.
      frame.addEventListener('load', onLoad);
      const cancelTimer = scheduleAt(clock, clock.now() + timeoutMs, () => {
        frame.remove();
        reject(
          new EmbedError(
            'FRAME_LOAD_TIMEOUT',
            `The Biuwer frame did not load within ${timeoutMs} ms.`,
          ),
        );
      });
      try {
        parent.appendChild(frame);
      } catch (error) {
        // E.g. a parent that cannot hold children: settle now rather than wait for the timer.
        reject(error);
      }
      return () => {
        frame.removeEventListener('load', onLoad);
        cancelTimer();
      };
    },
    () => frame.remove(),
  );
}
