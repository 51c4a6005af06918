import { expect } from '@open-wc/testing';
import { defaultLock, localLock, webLocks } from '../../src/core/lock.js';
import type { TokenLock } from '../../src/core/lock.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { settle, uniqueKey, until } from './manager-fixtures.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The same behaviour is expected of both implementations. */
function contract(label: string, make: (clock: FakeClock) => TokenLock): void {
  describe(`${label}: mutual exclusion`, () => {
    it('runs holders of one name one at a time, in order', async () => {
      const lock = make(new FakeClock());
      const name = uniqueKey('lock');
      const log: string[] = [];
      const gate = deferred();
      const first = lock.run(name, async () => {
        log.push('a-start');
        await gate.promise;
        log.push('a-end');
        return 'a';
      });
      const second = lock.run(name, async () => {
        log.push('b');
        return 'b';
      });
      await until(() => log.length > 0);
      await new Promise((r) => setTimeout(r, 20));
      expect(log).to.deep.equal(['a-start']);
      gate.resolve();
      expect(await Promise.all([first, second])).to.deep.equal(['a', 'b']);
      expect(log).to.deep.equal(['a-start', 'a-end', 'b']);
    });

    it('does not block other names', async () => {
      const lock = make(new FakeClock());
      const gate = deferred();
      const held = lock.run(uniqueKey('lock'), () => gate.promise);
      expect(await lock.run(uniqueKey('lock'), async () => 'free')).to.equal('free');
      gate.resolve();
      await held;
    });

    it('releases the lock when the holder throws', async () => {
      const lock = make(new FakeClock());
      const name = uniqueKey('lock');
      const failed = await settle(lock.run(name, () => Promise.reject(new Error('boom'))));
      expect((failed.error as Error | undefined)?.message).to.equal('boom');
      expect(await lock.run(name, async () => 'next')).to.equal('next');
    });

    it('an aborted waiter rejects with ABORTED and never runs', async () => {
      const lock = make(new FakeClock());
      const name = uniqueKey('lock');
      const gate = deferred();
      const held = lock.run(name, () => gate.promise);
      const controller = new AbortController();
      let ran = false;
      const waiting = settle(
        lock.run(name, async () => void (ran = true), { signal: controller.signal }),
      );
      controller.abort();
      expect((await waiting).error?.code).to.equal('ABORTED');
      gate.resolve();
      await held;
      expect(await lock.run(name, async () => 'after')).to.equal('after');
      expect(ran).to.equal(false);
    });
  });
}

contract('webLocks', (clock) => webLocks(30_000, clock));
contract('localLock', () => localLock());

describe('webLocks', () => {
  it('gives up waiting after the timeout with LOCK_TIMEOUT', async () => {
    const clock = new FakeClock();
    const lock = webLocks(5000, clock);
    const name = uniqueKey('lock');
    const gate = deferred();
    let holding = false;
    const held = lock.run(name, () => {
      holding = true;
      return gate.promise;
    });
    // Web Locks grant in real time: only the second request may be waiting when time moves.
    await until(() => holding);
    let ran = false;
    const waiting = settle(lock.run(name, async () => void (ran = true)));
    await clock.tick(4999);
    await clock.tick(1);
    const { error } = await waiting;
    expect(error?.code).to.equal('LOCK_TIMEOUT');
    expect(error?.recoverable).to.equal(true);
    gate.resolve();
    await held;
    expect(ran).to.equal(false);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('the timeout covers waiting only, not the work under the lock', async () => {
    const clock = new FakeClock();
    const lock = webLocks(1000, clock);
    const gate = deferred();
    let holding = false;
    const work = lock.run(uniqueKey('lock'), async () => {
      holding = true;
      await gate.promise;
      return 'done';
    });
    await until(() => holding);
    await clock.tick(5000);
    gate.resolve();
    expect(await work).to.equal('done');
  });

  it('uses the page-wide Web Locks name biuwer-embed:<name>', async () => {
    const name = uniqueKey('lock');
    let inside: LockManagerSnapshot | undefined;
    await webLocks().run(name, async () => {
      inside = await navigator.locks.query();
    });
    expect(inside?.held?.map((lock) => lock.name)).to.include(`biuwer-embed:${name}`);
  });
});

describe('defaultLock', () => {
  it('uses Web Locks when present, so it excludes other tabs', async () => {
    const name = uniqueKey('lock');
    const gate = deferred();
    let holding = false;
    const external = navigator.locks.request(`biuwer-embed:${name}`, async () => {
      holding = true;
      await gate.promise;
    });
    await until(() => holding);
    let ran = false;
    const pending = defaultLock().run(name, async () => void (ran = true));
    // Sync point: the browser lists the kit's request as waiting behind the external holder
    // (a request that skipped Web Locks is never listed, and the test times out).
    const queued = async (): Promise<boolean> =>
      ((await navigator.locks.query()).pending ?? []).some(
        (l) => l.name === `biuwer-embed:${name}`,
      );
    while (!ran && !(await queued())) await new Promise((r) => setTimeout(r, 5));
    expect(ran).to.equal(false);
    gate.resolve();
    await Promise.all([external, pending]);
    expect(ran).to.equal(true);
  });
});
