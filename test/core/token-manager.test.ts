import { expect } from '@open-wc/testing';
import { MemoryTokenStore } from '../../src/storage/memory-store.js';
import { TokenManager } from '../../src/core/token-manager.js';
import { localLock, webLocks } from '../../src/core/lock.js';
import type { TokenLock } from '../../src/core/lock.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { harness, MINUTE, settle, SECOND, uniqueKey, until } from './manager-fixtures.js';

describe('TokenManager: obtaining and caching', () => {
  it('asks the source once and serves later requests from memory', async () => {
    const { manager, source } = harness();
    const first = await manager.getToken();
    const second = await manager.getToken();
    expect(source.calls).to.have.length(1);
    expect(source.calls[0].reason).to.equal('initial');
    expect(second).to.equal(first);
    expect(manager.current?.token).to.equal(first.token);
    expect(first.expiresAt).to.be.a('number');
  });

  it('makes one provider call for 50 concurrent requests, all getting the same token', async () => {
    // Count lock entries too: the in-page lock alone would also serialise to one call.
    const inner = localLock();
    let lockRuns = 0;
    const lock: TokenLock = {
      run: (name, fn, options) => {
        lockRuns++;
        return inner.run(name, fn, options);
      },
    };
    const { manager, source, clock } = harness({ lock });
    source.delayMs = 200;
    const pending = Array.from({ length: 50 }, () => manager.getToken());
    await clock.tick(200);
    const records = await Promise.all(pending);
    expect(source.calls).to.have.length(1);
    expect(lockRuns).to.equal(1);
    expect(new Set(records.map((record) => record.token)).size).to.equal(1);
  });

  it('persists the token and serves a reload from the store without any provider call', async () => {
    const first = harness();
    const store = new MemoryTokenStore(first.clock);
    const key = uniqueKey();
    const a = new TokenManager({
      key,
      source: first.source.source,
      clock: first.clock,
      store,
      lock: localLock(),
    });
    const token = (await a.getToken()).token;
    expect((await store.get(key))?.token).to.equal(token);
    a.dispose();

    // "Reload": a new manager (and a new source) over the same store.
    const reloaded = harness({ key, store, clock: first.clock });
    await first.clock.tick(10 * SECOND);
    expect((await reloaded.manager.getToken()).token).to.equal(token);
    expect(reloaded.source.calls).to.have.length(0);
    expect(reloaded.events).to.deep.equal([]); // a first token is not a rotation
  });

  it('ignores a stored token that is no longer usable', async () => {
    const clock = new FakeClock();
    const store = new MemoryTokenStore(clock);
    const key = uniqueKey();
    const now = clock.now();
    // An hour-long token with 3 s left: inside its 5 s safety window.
    await store.set(key, {
      token: 'SECRETstale',
      issuedAt: now - 3_600_000,
      expiresAt: now + 3 * SECOND,
    });
    const { manager, source } = harness({ key, store, clock });
    expect((await manager.getToken()).token).to.not.equal('SECRETstale');
    expect(source.calls).to.have.length(1);
  });

  it('single use: a fresh call every time, never cached or stored', async () => {
    const clock = new FakeClock();
    const store = new MemoryTokenStore(clock);
    const { manager, source } = harness({ singleUse: true, store, clock });
    const tokens = [await manager.getToken(), await manager.getToken(), await manager.getToken()];
    expect(source.calls).to.have.length(3);
    expect(new Set(tokens.map((t) => t.token)).size).to.equal(3);
    expect(tokens.every((t) => t.singleUse)).to.equal(true);
    expect(manager.current).to.equal(undefined);
    expect(await store.get(manager.key)).to.equal(undefined);
  });

  it('rejects an invalid grant with INVALID_TOKEN and an error event', async () => {
    const { manager, source, events } = harness();
    source.grant = () => ({ token: 'SECRET has spaces' });
    const { error } = await settle(manager.getToken());
    expect(error?.code).to.equal('INVALID_TOKEN');
    expect(events.map((e) => e.type)).to.deep.equal(['error']);
  });

  it('proceeds without the lock when another holder keeps it past the timeout', async () => {
    const { clock } = harness();
    const key = uniqueKey();
    const lock = webLocks(1000, clock);
    let releaseHolder!: () => void;
    const held = new Promise<void>((resolve) => (releaseHolder = resolve));
    let holding = false;
    void navigator.locks.request(`biuwer-embed:${key}`, async () => {
      holding = true;
      await held;
    });
    await until(() => holding);
    const { manager, source } = harness({ key, lock, clock });
    const pending = manager.getToken();
    await clock.flush();
    expect(source.calls).to.have.length(0);
    await clock.tick(1000);
    await until(() => source.calls.length === 1);
    expect((await pending).token).to.match(/^SECRET/);
    releaseHolder();
  });
});

describe('TokenManager: aborting', () => {
  it('rejects only the aborted caller; the call goes on for the others', async () => {
    const { manager, source, clock } = harness();
    source.delayMs = 1000;
    const controller = new AbortController();
    const aborted = settle(manager.getToken({ signal: controller.signal }));
    const other = manager.getToken();
    await clock.tick(10);
    controller.abort();
    expect((await aborted).error?.code).to.equal('ABORTED');
    expect(source.calls[0].signal.aborted).to.equal(false);
    await clock.tick(1000);
    expect((await other).token).to.match(/^SECRET/);
  });

  it('aborts the provider call when every waiter is gone', async () => {
    const { manager, source, clock } = harness();
    source.delayMs = 1000;
    const a = new AbortController();
    const b = new AbortController();
    const results = [
      settle(manager.getToken({ signal: a.signal })),
      settle(manager.getToken({ signal: b.signal })),
    ];
    await clock.tick(10);
    a.abort();
    b.abort();
    expect((await Promise.all(results)).map((r) => r.error?.code)).to.deep.equal([
      'ABORTED',
      'ABORTED',
    ]);
    expect(source.calls[0].signal.aborted).to.equal(true);
    await clock.flush();
    expect(clock.pendingTimers()).to.equal(0);
    // A later request starts a new call rather than joining the aborted one.
    const next = manager.getToken();
    await clock.tick(1000);
    expect((await next).token).to.match(/^SECRET/);
    expect(source.calls).to.have.length(2);
  });

  it('rejects at once with an already aborted signal', async () => {
    const { manager, source } = harness();
    const { error } = await settle(manager.getToken({ signal: AbortSignal.abort() }));
    expect(error?.code).to.equal('ABORTED');
    expect(source.calls).to.have.length(0);
  });

  it('leaves no timer or listener behind once released, even mid-refresh', async () => {
    const { manager, source, clock, env } = harness();
    const release = manager.retain();
    await manager.getToken();
    source.delayMs = 5 * SECOND;
    await clock.tick(30 * SECOND); // the proactive refresh is now waiting on the provider
    expect(source.calls).to.have.length(2);
    expect(clock.pendingTimers()).to.be.greaterThan(0);
    release();
    release(); // idempotent
    await clock.flush();
    expect(source.calls[1].signal.aborted).to.equal(true);
    expect(clock.pendingTimers()).to.equal(0);
    expect(env.listenerCount).to.equal(0);
    await clock.tick(10 * MINUTE);
    expect(source.calls).to.have.length(2);
  });

  it('dispose rejects waiters and stops everything', async () => {
    const { manager, source, clock } = harness();
    source.fallback = 'hang';
    manager.retain();
    const pending = settle(manager.getToken());
    await clock.flush();
    manager.dispose();
    expect((await pending).error?.code).to.equal('ABORTED');
    expect(clock.pendingTimers()).to.equal(0);
    expect((await settle(manager.getToken())).error?.code).to.equal('ABORTED');
  });
});
