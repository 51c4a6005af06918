import { expect } from '@open-wc/testing';
import { refreshAt } from '../../src/core/refresh-timing.js';
import type { TokenManager } from '../../src/core/token-manager.js';
import type { TokenRecord } from '../../src/core/types.js';
import { swapDeadline } from '../../src/elements/embed/swap-gate.js';
import { FakeClock } from '../helpers/fake-clock.js';
import type { CreateTabManager } from './fixtures/tab.js';
import { DAY, FakeSource, harness, HOUR, SECOND, uniqueKey, until } from './manager-fixtures.js';

/**
 * With `rotate="idle"` an embed may keep its frame on the previous token for a while after
 * the manager adopted the next one (until the embed is idle, at the latest 10 s before the
 * previous token expires). The manager knows nothing of that: it schedules from the newest
 * token. These tests pin down that nothing during such a deferral makes it call again.
 */
describe('TokenManager while an embed defers its swap', () => {
  it('wakes, heartbeats and small clock jumps before the old token expires cost no call', async () => {
    const { manager, source, clock, env } = harness();
    manager.retain();
    const old = await manager.getToken();
    await clock.tick(30 * SECOND);
    expect(source.calls).to.have.length(2);
    const next = manager.current!;
    expect(next.token).to.not.equal(old.token);
    // The deferred frame still holds `old`; it nears its expiry (60 s) while the page wakes,
    // the heartbeat beats and the wall clock wobbles.
    for (let t = 30; t < 58; t += 2) {
      env.wake();
      if (t === 40) clock.jump(1500);
      if (t === 44) clock.jump(-1500);
      await clock.tick(2 * SECOND);
    }
    expect(source.calls).to.have.length(2);
    // The swap, at the deadline or earlier, gets the adopted token without a call.
    expect((await manager.getToken()).token).to.equal(next.token);
    expect(source.calls).to.have.length(2);
  });

  it("the next token's refresh always comes after the old token's swap deadline", () => {
    // A deferral never outlasts the token it waits to put in: the manager would otherwise
    // refresh while a swap is still pending. Checked for each lifetime the kit accepts.
    for (const lifetime of [3 * SECOND, 12 * SECOND, 60 * SECOND, HOUR, DAY, 30 * DAY]) {
      for (const latency of [0, 2 * SECOND]) {
        const old: TokenRecord = { token: 'a', issuedAt: 0, expiresAt: lifetime, singleUse: false };
        const arrival = refreshAt(old)! + latency;
        const next: TokenRecord = {
          token: 'b',
          issuedAt: arrival,
          expiresAt: arrival + lifetime,
          singleUse: false,
        };
        expect(refreshAt(next)!, `${lifetime} ms`).to.be.greaterThan(swapDeadline(old)!);
      }
    }
  });
});

/** Opens a same-origin iframe running its own copy of the kit: another "tab". */
async function openTab(): Promise<{ frame: HTMLIFrameElement; create: CreateTabManager }> {
  const frame = document.createElement('iframe');
  frame.src = new URL('./fixtures/tab.html', import.meta.url).href;
  document.body.append(frame);
  let create: CreateTabManager | undefined;
  await until(() => {
    create = (frame.contentWindow as (Window & { createTabManager?: CreateTabManager }) | null)
      ?.createTabManager;
    return create !== undefined;
  }, 8000);
  return { frame, create: create! };
}

describe('TokenManager: two tabs, one deferring its swap', () => {
  const frames: HTMLIFrameElement[] = [];
  const managers: TokenManager[] = [];
  const dbName = `biuwer-embed-deferred-${Date.now()}`;

  afterEach(() => {
    for (const manager of managers.splice(0)) manager.dispose();
    for (const frame of frames.splice(0)) frame.remove();
  });
  after(() => {
    indexedDB.deleteDatabase(dbName);
  });

  it('one call per cycle: the tab whose embed waits calls no more than the other', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock);
    const key = uniqueKey('deferred-tabs');
    const tabs = await Promise.all([openTab(), openTab()]);
    const [a, b] = tabs.map((tab) => {
      frames.push(tab.frame);
      const manager = tab.create({
        key,
        source: source.source,
        clock,
        dbName,
        channelName: `test-${key}`,
      });
      managers.push(manager);
      return manager;
    });
    a.retain();
    b.retain();
    const first = (await Promise.all([a.getToken(), b.getToken()]))[0];
    await clock.tick(30 * SECOND);
    await until(() => a.current?.token !== first.token && b.current?.token === a.current?.token);
    expect(source.calls).to.have.length(2);
    // Tab b's embed still shows the first token; ticking up to just before the next cycle
    // (the new token's refresh at 60 s) brings no further call from either tab.
    for (let t = 30; t < 58; t += 4) await clock.tick(4 * SECOND);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(source.calls).to.have.length(2);
    expect(source.maxInFlight).to.equal(1);
  });
});
