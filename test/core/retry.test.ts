import { expect } from '@open-wc/testing';
import { RetryScheduler } from '../../src/core/retry.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeEnvironment } from './manager-fixtures.js';

/** `random` = 1 draws the longest delay of each step: 1 s, 2 s, 4 s… up to `max`. */
function scheduler(max = 60_000, random = () => 1) {
  const clock = new FakeClock();
  const env = new FakeEnvironment();
  const retry = new RetryScheduler(clock, env, random, max);
  let runs = 0;
  const run = (): void => void runs++;
  return { clock, env, retry, run, runs: () => runs };
}

describe('RetryScheduler', () => {
  it('backs off exponentially between attempts, up to the maximum', async () => {
    const { clock, retry, run, runs } = scheduler(4000);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      retry.schedule(run);
      const before = runs();
      let waited = 0;
      while (runs() === before) {
        await clock.tick(250);
        waited += 250;
      }
      waits.push(waited);
    }
    expect(waits).to.deep.equal([1000, 2000, 4000, 4000, 4000]);
  });

  it('spreads retries with full jitter: a draw of 0.25 waits a quarter of the step', async () => {
    const { clock, retry, run, runs } = scheduler(60_000, () => 0.25);
    retry.schedule(run);
    expect(retry.lastDelay).to.equal(250);
    await clock.tick(249);
    expect(runs()).to.equal(0);
    await clock.tick(1);
    expect(runs()).to.equal(1);
  });

  it('never waits past the deadline (the current token stops being usable then)', async () => {
    const { clock, retry, run, runs } = scheduler();
    retry.schedule(run); // 1 s
    await clock.tick(1000);
    expect(runs()).to.equal(1);
    retry.schedule(run, clock.now() + 300); // 2 s of backoff, but the deadline is in 300 ms
    expect(retry.lastDelay).to.equal(2000);
    await clock.tick(300);
    expect(runs()).to.equal(2);
    retry.schedule(run, clock.now() - 5000); // a deadline already passed: at once
    await clock.tick(0);
    expect(runs()).to.equal(3);
  });

  it('keeps one retry pending at most', async () => {
    const { clock, retry, run, runs } = scheduler();
    retry.schedule(run);
    retry.schedule(run);
    retry.schedule(run);
    await clock.tick(60_000);
    expect(runs()).to.equal(1);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('waits for the network while offline instead of spending attempts', async () => {
    const { clock, env, retry, run, runs } = scheduler();
    env.online = false;
    retry.schedule(run);
    expect(clock.pendingTimers()).to.equal(0);
    await clock.tick(10 * 60_000);
    expect(runs()).to.equal(0);
    env.setOnline(true);
    expect(runs()).to.equal(1);
    expect(env.listenerCount).to.equal(0);
    // The attempt was not spent: the next scheduled retry is still the first step.
    retry.schedule(run);
    expect(retry.lastDelay).to.equal(1000);
  });

  it('cancel drops the pending retry but the next failure backs off further; reset starts over', async () => {
    const { clock, env, retry, run, runs } = scheduler();
    retry.schedule(run);
    retry.cancel();
    await clock.tick(60_000);
    expect(runs()).to.equal(0);
    retry.schedule(run);
    expect(retry.lastDelay).to.equal(2000);
    env.online = false;
    retry.whenOnline(run);
    expect(clock.pendingTimers(), 'whenOnline replaces the timed retry').to.equal(0);
    retry.reset();
    expect(env.listenerCount).to.equal(0);
    env.setOnline(true);
    expect(runs()).to.equal(0);
    retry.schedule(run);
    expect(retry.lastDelay).to.equal(1000);
  });
});
