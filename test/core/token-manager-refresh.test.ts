import { expect } from '@open-wc/testing';
import { DAY, harness, HOUR, MINUTE, SECOND, settle } from './manager-fixtures.js';

describe('TokenManager: proactive refresh', () => {
  it('refreshes a 60-second token after 30 s, with one token event', async () => {
    const { manager, source, clock, events } = harness();
    manager.retain();
    const first = await manager.getToken();
    events.length = 0;
    await clock.tick(29 * SECOND);
    expect(source.calls).to.have.length(1);
    await clock.tick(1 * SECOND);
    expect(source.calls).to.have.length(2);
    expect(source.calls[1].reason).to.equal('refresh');
    // A refresh when due: a token the backend keeps would do, as it is not due itself.
    expect(source.calls[1].force).to.not.equal(true);
    expect(manager.current?.token).to.not.equal(first.token);
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ type: 'token', reason: 'refresh' });
    // ...and keeps going, one refresh per half-lifetime.
    await clock.tick(30 * SECOND);
    expect(source.calls).to.have.length(3);
  });

  it('refreshes a day-long token 2.4 h early', async () => {
    const { manager, source, clock } = harness();
    source.lifetime = DAY / SECOND;
    manager.retain();
    await manager.getToken();
    await clock.tick(DAY - 2.4 * HOUR - SECOND);
    expect(source.calls).to.have.length(1);
    await clock.tick(SECOND);
    expect(source.calls).to.have.length(2);
  });

  it('does not refresh a 30-day token at once (timers beyond 2^31-1 ms)', async () => {
    const { manager, source, clock } = harness();
    source.lifetime = (30 * DAY) / SECOND;
    manager.retain();
    await manager.getToken();
    await clock.tick(MINUTE);
    expect(source.calls).to.have.length(1);
    await clock.tick(27 * DAY - MINUTE - SECOND);
    expect(source.calls).to.have.length(1);
    await clock.tick(SECOND);
    expect(source.calls).to.have.length(2);
  });

  it('does not refresh while nobody retains the manager', async () => {
    const { manager, source, clock } = harness();
    await manager.getToken();
    await clock.tick(10 * MINUTE);
    expect(source.calls).to.have.length(1);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('refuses a grant too short-lived to use, instead of refreshing it in a loop', async () => {
    const { manager, source, clock, events } = harness();
    source.grant = () => ({ token: `SECRET${source.calls.length}`, expiresAt: clock.now() + 2000 });
    manager.retain();
    const { error } = await settle(manager.getToken());
    expect(error?.code).to.equal('TOKEN_EXPIRED');
    await clock.tick(10 * SECOND);
    expect(source.calls).to.have.length(1);
    expect(events.map((e) => e.type)).to.deep.equal(['error']);
  });

  it('a 12-second token refreshes every 6 s, never faster', async () => {
    const { manager, source, clock } = harness();
    source.lifetime = 12;
    manager.retain();
    await manager.getToken();
    await clock.tick(60 * SECOND);
    expect(source.calls).to.have.length(11);
    expect(manager.current).to.not.equal(undefined);
  });

  it('never refreshes unknown-expiry tokens on its own', async () => {
    const { manager, source, clock } = harness();
    source.lifetime = undefined;
    manager.retain();
    await manager.getToken();
    await clock.tick(40 * DAY);
    expect(source.calls).to.have.length(1);
    expect(manager.current).to.not.equal(undefined);
  });

  it('refreshToken() forces a new token; "rejected" never hands the refused one out again', async () => {
    const { manager, source, clock, events } = harness();
    source.lifetime = HOUR / SECOND;
    const first = await manager.getToken();
    const second = await manager.refreshToken();
    expect(second.token).to.not.equal(first.token);
    source.delayMs = 1000;
    const third = manager.refreshToken('rejected');
    expect(manager.current).to.equal(undefined);
    const waiting = manager.getToken(); // joins the call, does not get the refused token
    await clock.tick(1000);
    expect((await waiting).token).to.equal((await third).token);
    expect(source.calls.map((c) => c.reason)).to.deep.equal(['initial', 'refresh', 'rejected']);
    // Only the page's refreshToken() says "not a kept token"; a refusal says it by its reason.
    expect(source.calls.map((c) => c.force === true)).to.deep.equal([false, true, false]);
    const reasons = events.map((e) => e.type === 'token' && e.reason);
    expect(reasons).to.deep.equal(['refresh', 'rejected']); // the first token is no rotation
  });
});

describe('TokenManager: wall-clock re-checks', () => {
  it('never returns an expired token, even without any timer firing', async () => {
    const { manager, source, clock } = harness();
    const first = await manager.getToken();
    clock.jump(2 * HOUR); // slept: no timer fired
    expect(manager.current).to.equal(undefined);
    const second = await manager.getToken();
    expect(second.token).to.not.equal(first.token);
    expect(source.calls[1].reason).to.equal('refresh');
  });

  it('refreshes at once on wake when the token expired during sleep', async () => {
    const { manager, source, clock, env, events } = harness();
    source.lifetime = HOUR / SECOND;
    manager.retain();
    await manager.getToken();
    clock.jump(2 * HOUR);
    env.wake();
    await clock.tick(0);
    expect(source.calls).to.have.length(2);
    expect(manager.current).to.not.equal(undefined);
    expect(events.at(-1)).to.include({ type: 'token', reason: 'refresh' });
  });

  it('wakes with a token whose refresh time passed: refreshes now', async () => {
    const { manager, source, clock, env } = harness();
    source.lifetime = HOUR / SECOND;
    manager.retain();
    await manager.getToken();
    clock.jump(55 * MINUTE); // past refreshAt (54 min), still usable
    expect(manager.current).to.not.equal(undefined);
    env.wake();
    await clock.tick(0);
    expect(source.calls).to.have.length(2);
  });

  it('the heartbeat notices a short-lived token sleeping within 30 s', async () => {
    const { manager, source, clock } = harness();
    source.lifetime = 120;
    manager.retain();
    await manager.getToken();
    clock.jump(10 * MINUTE);
    await clock.tick(29 * SECOND);
    expect(source.calls).to.have.length(1);
    await clock.tick(1 * SECOND);
    expect(source.calls).to.have.length(2);
  });

  it('the heartbeat notices sleep without any wake event', async () => {
    const { manager, source, clock } = harness();
    source.lifetime = HOUR / SECOND;
    manager.retain();
    await manager.getToken();
    clock.jump(2 * HOUR);
    // Beats are a tenth of the time left before the refresh (54 min): 5.4 min apart.
    await clock.tick(5.4 * MINUTE - SECOND);
    expect(source.calls).to.have.length(1);
    await clock.tick(1 * SECOND);
    expect(source.calls).to.have.length(2);
  });
});
