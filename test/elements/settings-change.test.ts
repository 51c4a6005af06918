import { expect, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import '../../src/define.js';
import { loadedEmbed } from '../helpers/mount.js';
import { RESOURCES, countingProvider } from '../helpers/sim.js';

/** A ready standalone card without `user`: its token lives only in memory. */
async function readyCard(attrs: { title?: string } = {}) {
  const provider = countingProvider({ validForMs: 3_600_000 });
  const el = await loadedEmbed('biuwer-card', RESOURCES.kpiCard, (e) => {
    e.tokenProvider = provider;
    if (attrs.title) e.setAttribute('title', attrs.title);
  });
  return { el, provider };
}

describe('settings changes after load', function () {
  this.timeout(40_000);

  for (const [attr, value] of [
    ['allow', 'fullscreen'],
    ['sandbox', 'allow-scripts allow-same-origin'],
    ['referrerpolicy', 'no-referrer'],
  ] as const) {
    it(`${attr}: a new frame with the same token, no second provider call`, async () => {
      const { el, provider } = await readyCard();
      const first = el.frame!;
      const loaded = oneEvent(el, 'biuwer-load');
      el.setAttribute(attr, value);
      await loaded;
      expect(el.frame).not.to.equal(first);
      expect(el.frame!.getAttribute(attr)).to.equal(value);
      expect(el.frame!.name).to.equal(first.name);
      expect(provider.calls).to.equal(1);
    });
  }

  it('title: the live frame is renamed, no reload, no token, no tooltip on the host', async () => {
    const { el, provider } = await readyCard({ title: 'Revenue' });
    const frame = el.frame!;
    expect(frame.title).to.equal('Revenue');
    expect(el.hasAttribute('title'), 'a host title shows a tooltip over the embed').to.equal(false);
    let loads = 0;
    frame.addEventListener('load', () => loads++);

    el.setAttribute('title', 'Revenue 2026');
    await el.updateComplete;
    expect(el.frame).to.equal(frame);
    expect(frame.title).to.equal('Revenue 2026');
    expect(el.title).to.equal('Revenue 2026');
    expect(el.hasAttribute('title')).to.equal(false);

    el.setAttribute('frame-title', 'Ingresos');
    await el.updateComplete;
    expect(frame.title).to.equal('Ingresos');

    el.title = 'Set as a property';
    el.removeAttribute('frame-title');
    await el.updateComplete;
    expect(frame.title).to.equal('Set as a property');
    expect(el.hasAttribute('title')).to.equal(false);
    expect(el.frame).to.equal(frame);
    expect(loads).to.equal(0);
    expect(provider.calls).to.equal(1);
  });

  it('a token setting (user) makes a new provider call', async () => {
    const { el, provider } = await readyCard();
    el.user = `u-${Math.random().toString(36).slice(2)}`;
    await waitUntil(() => provider.calls === 2, 'no new token for the new user');
    await waitUntil(() => el.state === 'ready');
  });
});
