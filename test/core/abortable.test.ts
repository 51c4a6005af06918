import { expect } from '@open-wc/testing';
import { abortable } from '../../src/core/abortable.js';
import { isEmbedError } from '../../src/core/errors.js';

/** The rejection of `promise`, or a failure when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('abortable: one wait that the caller can give up', () => {
  it('settles once: the first of resolve and reject wins, and the cleanup runs once', async () => {
    let cleanups = 0;
    let settle!: { resolve: (v: string) => void; reject: (e: unknown) => void };
    const promise = abortable<string>(undefined, (resolve, reject) => {
      settle = { resolve, reject };
      return () => cleanups++;
    });
    settle.resolve('first');
    settle.reject(new Error('late'));
    settle.resolve('second');
    expect(await promise).to.equal('first');
    expect(cleanups).to.equal(1);
  });

  it('runs the cleanup even when run settles synchronously', async () => {
    let cleanups = 0;
    const promise = abortable<number>(undefined, (resolve) => {
      resolve(1);
      return () => cleanups++;
    });
    expect(await promise).to.equal(1);
    expect(cleanups).to.equal(1);
  });

  it('rejects with ABORTED, the reason as cause, cleans up and then calls onAbort', async () => {
    const controller = new AbortController();
    const order: string[] = [];
    const promise = abortable<void>(
      controller.signal,
      () => () => order.push('cleanup'),
      () => order.push('onAbort'),
    );
    const reason = new Error('gave up');
    controller.abort(reason);
    const error = await rejection(promise);
    expect(isEmbedError(error, 'ABORTED')).to.equal(true);
    expect((error as Error).cause).to.equal(reason);
    expect(order).to.deep.equal(['cleanup', 'onAbort']);
  });

  it('does not run at all with a signal that has already aborted', async () => {
    let ran = false;
    const error = await rejection(
      abortable<void>(AbortSignal.abort(), () => {
        ran = true;
      }),
    );
    expect(isEmbedError(error, 'ABORTED')).to.equal(true);
    expect(ran).to.equal(false);
  });

  it('stops listening to the signal once settled: a later abort changes nothing', async () => {
    const controller = new AbortController();
    let aborts = 0;
    const promise = abortable<string>(
      controller.signal,
      (resolve) => resolve('done'),
      () => aborts++,
    );
    expect(await promise).to.equal('done');
    controller.abort();
    expect(aborts).to.equal(0);
  });
});
