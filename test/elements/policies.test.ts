import { expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { useClock } from '../helpers/clock.js';
import { loadedEmbed } from '../helpers/mount.js';
import { RESOURCES, issueToken, lifetimeProvider } from '../helpers/sim.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// The fake clock must stop just past a refresh: the provider answers in real time, and
// fake time racing past the provider timeout (15 s) would fail that refresh.
const JUST_PAST = 1_000;

const frameName = (el: BiuwerPageElement) => el.shadowRoot!.querySelector('iframe')!.name;

describe('refresh policies', () => {
  it('none: a static token is used as is and never refreshed', async () => {
    const clock = new FakeClock(Date.now());
    const { token } = await issueToken();
    const el = await loadedEmbed('biuwer-page', RESOURCES.page, (e) => {
      useClock(e, clock);
      e.token = token;
    });
    let refreshes = 0;
    el.addEventListener('biuwer-token-refresh', () => refreshes++);
    await clock.tick(40 * DAY);
    expect(refreshes).to.equal(0);
    expect(frameName(el)).to.equal(`${RESOURCES.page}:${token}`);
    expect(el.state).to.equal('ready');
  });

  it('monthly: a 30-day token is not refreshed at once, but 3 days before it expires', async () => {
    const clock = new FakeClock(Date.now());
    const provider = lifetimeProvider(30 * 86_400);
    const el = await loadedEmbed('biuwer-page', RESOURCES.page, (e) => {
      useClock(e, clock);
      e.tokenProvider = provider;
    });
    await clock.tick(MINUTE);
    await clock.tick(26 * DAY);
    expect(provider.calls).to.equal(1);
    const refreshed = oneEvent(el, 'biuwer-token-refresh');
    await clock.tick(1 * DAY - MINUTE + JUST_PAST);
    const { detail } = await refreshed;
    expect(provider.calls).to.equal(2);
    expect(detail.reason).to.equal('refresh');
    // By message once the frame announced the protocol, else by a swap: either way, no reload.
    expect(detail.delivery).to.be.oneOf(['message', 'swap']);
    expect(el.state).to.equal('ready');
  });

  it('daily: a day-long token is refreshed 2.4 hours before it expires', async () => {
    const clock = new FakeClock(Date.now());
    const provider = lifetimeProvider(86_400);
    const el = await loadedEmbed('biuwer-page', RESOURCES.noProtocolPage, (e) => {
      useClock(e, clock);
      e.tokenProvider = provider;
    });
    await clock.tick(21.6 * HOUR - MINUTE);
    expect(provider.calls).to.equal(1);
    const refreshed = oneEvent(el, 'biuwer-token-refresh');
    await clock.tick(MINUTE + JUST_PAST);
    const { detail } = await refreshed;
    expect(provider.calls).to.equal(2);
    expect(detail.delivery).to.equal('swap');
    expect(frameName(el)).to.equal(`${RESOURCES.noProtocolPage}:${provider.tokens[1]}`);
  });

  it('60-second token: refreshed after 30 s, every 30 s, never in a loop', async () => {
    const clock = new FakeClock(Date.now());
    const provider = lifetimeProvider(60);
    const el = await loadedEmbed('biuwer-page', RESOURCES.page, (e) => {
      useClock(e, clock);
      e.tokenProvider = provider;
    });
    await clock.tick(29_000);
    expect(provider.calls).to.equal(1);
    for (let i = 2; i <= 4; i++) {
      const refreshed = oneEvent(el, 'biuwer-token-refresh');
      await clock.tick(i === 2 ? JUST_PAST : 30_000);
      await refreshed;
      expect(provider.calls).to.equal(i);
    }
  });

  it('single use: every frame load asks for a fresh token, which is never stored', async () => {
    const provider = lifetimeProvider(3600, { singleUse: true });
    const el = await loadedEmbed('biuwer-page', RESOURCES.page, (e) => {
      e.singleUse = true;
      e.user = 'single-use-user';
      e.tokenProvider = provider;
    });
    expect(provider.calls).to.equal(1);
    const first = frameName(el);
    const reloaded = oneEvent(el, 'biuwer-load');
    el.reload();
    await reloaded;
    expect(provider.calls).to.equal(2);
    expect(frameName(el)).not.to.equal(first);
    const dbs = await indexedDB.databases();
    for (const db of dbs.filter((d) => d.name === 'biuwer-embed')) {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const open = indexedDB.open(db.name!);
        open.onsuccess = () => {
          const conn = open.result;
          if (!conn.objectStoreNames.contains('tokens')) return resolve([]);
          const req = conn.transaction('tokens').objectStore('tokens').getAllKeys();
          req.onsuccess = () => {
            conn.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
        open.onerror = () => reject(open.error);
      });
      expect(keys.map(String).some((k) => k.includes('single-use-user'))).to.equal(false);
    }
  });
});
