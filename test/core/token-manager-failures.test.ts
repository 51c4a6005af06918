import { expect } from '@open-wc/testing';
import { EmbedError } from '../../src/core/errors.js';
import type { StoredToken, TokenStore } from '../../src/core/token-store.js';
import { harness, HOUR, MINUTE, settle, SECOND } from './manager-fixtures.js';

describe('TokenManager: failures', () => {
  it('a provider failing three times then recovering: content keeps working, one token event', async () => {
    const { manager, source, clock, events } = harness({ random: () => 1 });
    manager.retain();
    const first = await manager.getToken();
    events.length = 0;
    source.script = ['fail', 'fail', 'fail'];
    await clock.tick(30 * SECOND); // refresh fails
    expect(manager.current?.token).to.equal(first.token);
    await clock.tick(1 * SECOND); // retry 1 (backoff 1 s) fails
    await clock.tick(2 * SECOND); // retry 2 (2 s) fails
    expect(source.calls).to.have.length(4);
    expect(manager.current?.token).to.equal(first.token);
    await clock.tick(4 * SECOND); // retry 3 (4 s) succeeds
    expect(source.calls).to.have.length(5);
    expect(manager.current?.token).to.not.equal(first.token);
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ type: 'token', reason: 'refresh' });
    // The backoff starts over: the next refresh is on the normal schedule.
    await clock.tick(29 * SECOND);
    expect(source.calls).to.have.length(5);
  });

  it('retries no later than the expiry, then reports the failure once', async () => {
    const { manager, source, clock, events } = harness({ random: () => 1, maxRetryDelayMs: HOUR });
    manager.retain();
    await manager.getToken();
    events.length = 0;
    source.fallback = 'fail';
    await clock.tick(60 * SECOND);
    expect(manager.current).to.equal(undefined);
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).to.have.length(1);
    expect(errors[0].type === 'error' && errors[0].error.code).to.equal('TOKEN_PROVIDER_FAILED');
    const calls = source.calls.length;
    await clock.tick(HOUR);
    expect(source.calls).to.have.length(calls); // no automatic attempts once nothing is usable
    // The Retry button: a later getToken tries again.
    source.fallback = 'ok';
    expect((await manager.getToken()).token).to.match(/^SECRET/);
  });

  it('an initial failure rejects getToken and emits an error; a later call tries again', async () => {
    const { manager, source, events } = harness();
    source.script = ['fail'];
    const { error } = await settle(manager.getToken());
    expect(error).to.be.instanceOf(EmbedError);
    expect(error?.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(events.map((e) => e.type)).to.deep.equal(['error']);
    expect((await manager.getToken()).token).to.match(/^SECRET/);
    expect(source.calls).to.have.length(2);
  });

  it('pauses retries while offline and resumes when the network is back', async () => {
    const { manager, source, clock, env } = harness();
    source.lifetime = HOUR / SECOND;
    manager.retain();
    await manager.getToken();
    source.script = ['fail'];
    await clock.tick(54 * MINUTE); // refresh fails
    expect(source.calls).to.have.length(2);
    env.online = false;
    await clock.tick(5 * MINUTE);
    expect(source.calls).to.have.length(2);
    env.setOnline(true);
    await clock.tick(0);
    expect(source.calls).to.have.length(3);
    expect(manager.current).to.not.equal(undefined);
  });

  it('does not even start a proactive refresh while offline', async () => {
    const { manager, source, clock, env } = harness();
    manager.retain();
    await manager.getToken();
    env.online = false;
    await clock.tick(50 * SECOND);
    expect(source.calls).to.have.length(1);
    env.setOnline(true);
    await clock.tick(0);
    expect(source.calls).to.have.length(2);
  });

  it('a 401/403 stops retries and asks for re-authentication', async () => {
    const { manager, source, clock, events } = harness();
    manager.retain();
    await manager.getToken();
    events.length = 0;
    source.fallback = 'reject';
    await clock.tick(30 * SECOND);
    expect(source.calls).to.have.length(2);
    expect(events).to.have.length(1);
    const event = events[0];
    expect(event.type === 'error' && event.error.code).to.equal('TOKEN_REJECTED');
    expect(event.type === 'error' && event.error.recoverable).to.equal(false);
    await clock.tick(HOUR);
    expect(source.calls).to.have.length(2);
    // Only an explicit request tries again.
    source.fallback = 'ok';
    await manager.refreshToken();
    expect(source.calls).to.have.length(3);
  });

  it('times out a provider that never answers (default 15 s)', async () => {
    const { manager, source, clock, events } = harness();
    source.fallback = 'hang';
    const pending = settle(manager.getToken());
    await clock.tick(14 * SECOND);
    expect(events).to.have.length(0);
    await clock.tick(1 * SECOND);
    const { error } = await pending;
    expect(error?.code).to.equal('TOKEN_PROVIDER_TIMEOUT');
    expect(source.calls[0].signal.aborted).to.equal(true);
    expect(events.map((e) => e.type)).to.deep.equal(['error']);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('honours a custom timeout', async () => {
    const { manager, source, clock } = harness({ timeoutMs: 2000 });
    source.fallback = 'hang';
    const pending = settle(manager.getToken());
    await clock.tick(2000);
    expect((await pending).error?.code).to.equal('TOKEN_PROVIDER_TIMEOUT');
  });

  it('keeps working, with no error, when storage fails', async () => {
    const broken: TokenStore = {
      get: () => Promise.reject(new Error('blocked')),
      set: (_key: string, _value: StoredToken) => Promise.reject(new Error('quota')),
      delete: () => Promise.resolve(),
      clear: () => Promise.resolve(),
    };
    const { manager, source, events } = harness({ store: broken });
    expect((await manager.getToken()).token).to.match(/^SECRET/);
    expect((await manager.refreshToken()).token).to.match(/^SECRET/);
    expect(source.calls).to.have.length(2);
    // The page hears of unusable storage once, from the store's fallback (token-binding.ts).
    expect(events.filter((e) => e.type === 'error')).to.have.length(0);
  });

  it('never puts token text in an error or a non-token event', async () => {
    const { manager, source, clock, events } = harness({ random: () => 1 });
    manager.retain();
    await manager.getToken();
    source.fallback = 'fail';
    await clock.tick(2 * MINUTE);
    source.fallback = 'reject';
    const rejected = await settle(manager.refreshToken());
    source.grant = () => ({ token: 'SECRET with a space' });
    source.fallback = 'ok';
    const invalid = await settle(manager.refreshToken());
    source.grant = () => ({ token: 'SECRETshort', expiresIn: 1 });
    const tooShort = await settle(manager.refreshToken());
    const errors = [rejected.error, invalid.error, tooShort.error];
    expect(errors.map((e) => e?.code)).to.deep.equal([
      'TOKEN_REJECTED',
      'INVALID_TOKEN',
      'TOKEN_EXPIRED',
    ]);
    const nonToken = events.filter((e) => e.type !== 'token');
    expect(nonToken.length).to.be.greaterThan(2);
    for (const item of [...errors, ...nonToken]) {
      const error = item && 'error' in item ? item.error : (item as EmbedError);
      expect(JSON.stringify(item)).to.not.include('SECRET');
      expect(error.message).to.not.include('SECRET');
      expect(String(error.stack)).to.not.include('SECRET');
    }
  });
});
