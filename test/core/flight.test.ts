import { expect } from '@open-wc/testing';
import { Flight, withLinkedSignal } from '../../src/core/flight.js';
import type { TokenRecord } from '../../src/core/types.js';
import { settle } from './manager-fixtures.js';

const RECORD: TokenRecord = { token: 'tok-flight', issuedAt: 0, singleUse: false };

/** A flight whose run the test settles by hand, recording the signal it was given. */
function manual(): {
  flight: Flight;
  resolve: (record: TokenRecord) => void;
  reject: (error: unknown) => void;
  runs: AbortSignal[];
} {
  let resolve!: (record: TokenRecord) => void;
  let reject!: (error: unknown) => void;
  const runs: AbortSignal[] = [];
  const flight = new Flight((signal) => {
    runs.push(signal);
    return new Promise<TokenRecord>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  });
  return { flight, resolve, reject, runs };
}

describe('Flight: one request shared by every waiter', () => {
  it('runs once and gives every joiner the same result', async () => {
    const { flight, resolve, runs } = manual();
    const waiters = [flight.join(), flight.join(), flight.join()];
    resolve(RECORD);
    expect(await Promise.all(waiters)).to.deep.equal([RECORD, RECORD, RECORD]);
    expect(runs).to.have.length(1);
    expect(runs[0].aborted).to.equal(false);
  });

  it('hands the run failure to every joiner', async () => {
    const { flight, reject } = manual();
    const waiters = [settle(flight.join()), settle(flight.join())];
    const failure = new Error('provider down');
    reject(failure);
    for (const { error } of await Promise.all(waiters)) expect(error).to.equal(failure);
  });

  it('a caller that gives up gets ABORTED; the others still get the token', async () => {
    const { flight, resolve, runs } = manual();
    const leaving = new AbortController();
    const quitter = settle(flight.join(leaving.signal));
    const stayer = flight.join();
    leaving.abort();
    expect((await quitter).error?.code).to.equal('ABORTED');
    expect(runs[0].aborted, 'the request goes on for the remaining waiter').to.equal(false);
    resolve(RECORD);
    expect(await stayer).to.equal(RECORD);
  });

  it('aborts the request when its last waiter leaves, even if the run ignores its signal', async () => {
    const { flight, runs } = manual();
    const a = new AbortController();
    const b = new AbortController();
    const first = settle(flight.join(a.signal));
    const second = settle(flight.join(b.signal));
    a.abort();
    expect(runs[0].aborted).to.equal(false);
    b.abort();
    expect(runs[0].aborted).to.equal(true);
    expect((await first).error?.code).to.equal('ABORTED');
    expect((await second).error?.code).to.equal('ABORTED');
  });

  it('a background flight outlives its waiters until the manager stops wanting it', async () => {
    const { flight, runs } = manual();
    flight.background = true;
    const caller = new AbortController();
    const joined = settle(flight.join(caller.signal));
    caller.abort();
    expect((await joined).error?.code).to.equal('ABORTED');
    expect(runs[0].aborted).to.equal(false);
    flight.background = false;
    flight.abandonIfUnwanted();
    expect(runs[0].aborted).to.equal(true);
  });

  it('rejects joins with ABORTED at once for an aborted caller or an aborted flight', async () => {
    const { flight, runs } = manual();
    expect((await settle(flight.join(AbortSignal.abort()))).error?.code).to.equal('ABORTED');
    expect(runs[0].aborted, 'a join refused up front does not count as leaving').to.equal(false);
    const pending = settle(flight.join());
    flight.controller.abort();
    expect((await pending).error?.code).to.equal('ABORTED');
    expect((await settle(flight.join())).error?.code).to.equal('ABORTED');
  });

  it('does not report an unhandled rejection when nobody joined', async () => {
    const { flight, reject } = manual();
    let unhandled = 0;
    const onUnhandled = (): void => void unhandled++;
    window.addEventListener('unhandledrejection', onUnhandled);
    reject(new Error('background failure'));
    await flight.promise.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    window.removeEventListener('unhandledrejection', onUnhandled);
    expect(unhandled).to.equal(0);
  });
});

describe('withLinkedSignal', () => {
  it('aborts the inner signal when the outer one aborts', async () => {
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    const running = withLinkedSignal(outer.signal, (signal) => {
      inner = signal;
      return new Promise<string>((resolve) => signal.addEventListener('abort', () => resolve('x')));
    });
    expect(inner?.aborted).to.equal(false);
    outer.abort();
    expect(await running).to.equal('x');
    expect(inner?.aborted).to.equal(true);
  });

  it('throws ABORTED without running when the outer signal is already aborted', async () => {
    let ran = false;
    const outcome = await settle(
      withLinkedSignal(AbortSignal.abort(), async () => {
        ran = true;
      }),
    );
    expect(outcome.error?.code).to.equal('ABORTED');
    expect(ran).to.equal(false);
  });

  it('unlinks once done: a later outer abort no longer reaches the finished work', async () => {
    const outer = new AbortController();
    let inner: AbortSignal | undefined;
    expect(await withLinkedSignal(outer.signal, async (signal) => ((inner = signal), 7))).to.equal(
      7,
    );
    outer.abort();
    expect(inner?.aborted).to.equal(false);
  });

  it('works without an outer signal', async () => {
    expect(await withLinkedSignal(undefined, async (signal) => signal.aborted)).to.equal(false);
  });
});
