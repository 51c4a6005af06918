import { aborted } from './errors.js';

/**
 * The kit's one "wait for something, unless the caller gives up" promise. It settles once:
 * by `run`'s `resolve` or `reject`, or with `ABORTED` (the abort reason as its cause) as soon
 * as `signal` aborts; `onAbort` then runs after it. The cleanup `run` returns (timers,
 * listeners) runs whichever way it settles, even when `run` settles synchronously. With
 * `signal` already aborted it rejects without calling `run`.
 */
export function abortable<T>(
  signal: AbortSignal | undefined,
  run: (resolve: (value: T) => void, reject: (error: unknown) => void) => (() => void) | void,
  onAbort?: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(aborted(signal.reason));
    let done = false;
    let cleanup: (() => void) | void = undefined;
    const once =
      <A>(finish: (value: A) => void) =>
      (value: A): void => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', abort);
        cleanup?.();
        finish(value);
      };
    const abort = (): void => {
      once(reject)(aborted(signal?.reason));
      onAbort?.();
    };
    signal?.addEventListener('abort', abort);
    cleanup = run(once(resolve), once(reject));
    if (done) cleanup?.();
  });
}
