import { expect } from '@open-wc/testing';
import type { TokenManager } from '../../src/core/token-manager.js';
import { FakeClock } from '../helpers/fake-clock.js';
import type { CreateTabManager } from './fixtures/tab.js';
import { FakeSource, SECOND, settle, uniqueKey, until } from './manager-fixtures.js';

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
    const pair = await Promise.all([tabFor(key, clock, source), tabFor(key, clock, source)]);
    return [pair[0], pair[1]];
  }

  async function tabFor(key: string, clock: FakeClock, source: FakeSource): Promise<TokenManager> {
    const tab = await openTab();
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

  it('never adopts, from the channel or the store, a JWT another tab got that is not valid yet', async () => {
    const clock = new FakeClock();
    const source = new FakeSource(clock);
    source.lifetime = 3600;
    const [a, b] = await twoTabs(clock, source);
    const held = (await b.getToken()).token;
    expect((await a.getToken()).token).to.equal(held);
    const rotations: string[] = [];
    b.subscribe((event) => {
      if (event.type === 'token') rotations.push(event.record.token);
    });

    // Tab A's provider now answers with a JWT valid only in ten minutes, expiring later than
    // B's token: without its nbf, B would take it for a newer token.
    const nbf = Math.floor(clock.now() / 1000) + 600;
    const early = jwt({ nbf, exp: nbf + 3600 });
    source.grant = () => early;
    expect((await settle(a.refreshToken())).error?.code).to.equal('INVALID_GRANT');
    await settleFor();
    expect(rotations).to.deep.equal([]);
    expect(b.current?.token).to.equal(held);

    // A third tab, starting now, reads the store: the not-yet-valid JWT is not handed out.
    const c = await tabFor(a.key, clock, source);
    expect((await settle(c.getToken())).error?.code).to.equal('INVALID_GRANT');
    expect(source.calls).to.have.length(3);
  });
});

/** A structurally valid, unsigned JWT with the given claims (the kit only decodes it). */
function jwt(claims: Record<string, unknown>): string {
  const b64 = (value: unknown): string =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.c2ln`;
}
