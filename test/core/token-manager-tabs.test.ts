import { expect } from '@open-wc/testing';
import type { TokenManager } from '../../src/core/token-manager.js';
import { FakeClock } from '../helpers/fake-clock.js';
import type { CreateTabManager } from './fixtures/tab.js';
import { FakeSource, SECOND, uniqueKey, until } from './manager-fixtures.js';

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

/** Real IndexedDB, Web Locks and BroadcastChannel settle in real time: let them. */
async function settleFor(ms = 150): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('TokenManager: two tabs of the same origin', () => {
  const frames: HTMLIFrameElement[] = [];
  const managers: TokenManager[] = [];
  const dbName = `biuwer-embed-tabs-${Date.now()}`;

  afterEach(() => {
    for (const manager of managers.splice(0)) manager.dispose();
    for (const frame of frames.splice(0)) frame.remove();
  });

  after(() => {
    indexedDB.deleteDatabase(dbName);
  });

  async function twoTabs(
    clock: FakeClock,
    source: FakeSource,
  ): Promise<[TokenManager, TokenManager]> {
    const key = uniqueKey('tabs');
    const tabs = await Promise.all([openTab(), openTab()]);
    const options = { key, source: source.source, clock, dbName, channelName: `test-${key}` };
    const pair = tabs.map((tab) => {
      frames.push(tab.frame);
      const manager = tab.create(options);
      managers.push(manager);
      return manager;
    });
    return [pair[0], pair[1]];
  }

  it('makes one provider call for the first token and one per refresh', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock);
    const [a, b] = await twoTabs(clock, source);
    a.retain();
    b.retain();

    const [first, second] = await Promise.all([a.getToken(), b.getToken()]);
    expect(source.calls).to.have.length(1);
    expect(second.token).to.equal(first.token);

    let previous = first.token;
    for (let refresh = 1; refresh <= 3; refresh++) {
      await clock.tick(30 * SECOND);
      // Wait for this round's token in both tabs, not merely one that differs from the first.
      await until(() => a.current?.token !== previous && b.current?.token === a.current?.token);
      previous = a.current!.token;
      await settleFor();
      expect(source.calls).to.have.length(1 + refresh);
      expect(source.maxInFlight).to.equal(1);
    }
  });

  it('pushes a token refreshed in one tab to the other over the channel', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock);
    source.lifetime = 3600;
    const [a, b] = await twoTabs(clock, source);
    await Promise.all([a.getToken(), b.getToken()]);
    const events: string[] = [];
    b.subscribe((event) => {
      if (event.type === 'token') events.push(event.record.token);
    });

    await clock.tick(SECOND); // a newer token expires later than the current one
    const fresh = await a.refreshToken();
    await until(() => b.current?.token === fresh.token);
    expect(events).to.deep.equal([fresh.token]);
    expect(source.calls).to.have.length(2);
  });

  it('a new tab opened later is served from the shared store without a provider call', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock);
    source.lifetime = 3600;
    const [a, b] = await twoTabs(clock, source);
    const token = (await a.getToken()).token;
    expect((await b.getToken()).token).to.equal(token);
    expect(source.calls).to.have.length(1);
  });
});
