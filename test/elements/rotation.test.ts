import { expect, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import { loadedEmbed } from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, lifetimeProvider, revokeToken } from '../helpers/sim.js';
import { nextFrameMessage, ownMessagesDelivered, waitUntil } from '../helpers/wait.js';

const mount = (
  resource: string,
  provider: ReturnType<typeof lifetimeProvider>,
  autoHeight = false,
) =>
  loadedEmbed('biuwer-page', resource, (el) => {
    el.tokenProvider = provider;
    el.autoHeight = autoHeight;
  });

// Frames that announced the protocol (`ready`), seen the way the kit sees them.
const announced = new Set<MessageEventSource>();
window.addEventListener('message', (e) => {
  if (e.data?.biuwer === 1 && e.data.type === 'ready' && e.source) announced.add(e.source);
});
const protocolReady = (el: BiuwerPageElement) =>
  waitUntil(() => {
    const win = el.shadowRoot!.querySelector('iframe')?.contentWindow;
    return !!win && announced.has(win);
  }, 'the frame never announced the protocol');

const frames = (el: BiuwerPageElement) => [...el.shadowRoot!.querySelectorAll('iframe')];
const shown = (el: BiuwerPageElement) =>
  frames(el).filter((f) => getComputedStyle(f).visibility !== 'hidden');

describe('token rotation', () => {
  it('without the protocol, swaps frames with no blank moment', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.noProtocolPage, provider);
    const oldFrame = frames(el)[0];
    // Sample on every mutation and every animation frame: a visible frame must always exist.
    const samples: number[] = [];
    const observer = new MutationObserver(() => samples.push(shown(el).length));
    observer.observe(el.shadowRoot!, { childList: true, subtree: true, attributes: true });
    let sampling = true;
    const sample = () => {
      samples.push(shown(el).length);
      if (sampling) requestAnimationFrame(sample);
    };
    sample();
    const refreshed = oneEvent(el, 'biuwer-token-refresh');
    await el.refreshToken();
    const { detail } = await refreshed;
    sampling = false;
    observer.disconnect();
    expect(detail.delivery).to.equal('swap');
    expect(samples.length).to.be.greaterThan(2);
    expect(Math.min(...samples)).to.equal(1);
    expect(oldFrame.isConnected).to.equal(false);
    expect(frames(el)).to.have.length(1);
    expect(frames(el)[0].name).to.equal(`${RESOURCES.noProtocolPage}:${provider.tokens[1]}`);
    expect(el.state).to.equal('ready');
  });

  it('with the protocol, hands the new token over by message: same frame, no reload', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.page, provider);
    const frame = frames(el)[0];
    let loads = 0;
    frame.addEventListener('load', () => loads++);
    // The frame announces its features after it rendered.
    await protocolReady(el);
    const refreshed = oneEvent(el, 'biuwer-token-refresh');
    await el.refreshToken();
    const { detail } = await refreshed;
    expect(detail.delivery).to.equal('message');
    expect(frames(el)).to.deep.equal([frame]);
    expect(loads).to.equal(0);
    // The superseded token does not linger in the DOM.
    expect(frame.name).to.equal(`${RESOURCES.page}:${provider.tokens[1]}`);
    expect(provider.calls).to.equal(2);
  });

  it('a revoked token reported by the frame is replaced; refused twice, it shows an error', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.page, provider);
    await protocolReady(el);
    const frame = frames(el)[0];
    // Revoke the live token: the frame's next open reports token-expired.
    await revokeToken(provider.tokens[0]);
    const rotated = oneEvent(el, 'biuwer-token-refresh');
    // The frame announces itself again once it has opened the replacement (the refusal
    // showed "not found" without an announcement).
    const reopened = nextFrameMessage(() => frame.contentWindow, 'ready');
    const errorProbe = new Promise((resolve) =>
      el.addEventListener('biuwer-error', resolve, { once: true }),
    );
    frame.contentWindow!.postMessage(
      { biuwer: 1, type: 'token', token: provider.tokens[0] },
      SIM_INSTANCE,
    );
    const { detail } = await rotated;
    expect(detail.reason).to.equal('rejected');
    expect(provider.calls).to.equal(2);
    // Delivered by message means posted, not yet opened: revoking the replacement before the
    // frame opened it would make this first refusal the second one.
    await reopened;
    expect(el.state).to.equal('ready');
    expect(frames(el)).to.deep.equal([frame]);
    // Now revoke every token the provider hands out: the refusal repeats and the error shows.
    provider.revokeNext = true;
    await revokeToken(provider.tokens[1]);
    frame.contentWindow!.postMessage(
      { biuwer: 1, type: 'token', token: provider.tokens[1] },
      SIM_INSTANCE,
    );
    const error = (await errorProbe) as CustomEvent;
    expect(error.detail.code).to.equal('TOKEN_REJECTED');
    expect(el.state).to.equal('error');
    expect(JSON.stringify(error.detail)).not.to.contain(provider.tokens[1]);
  });

  it('a token revoked again after its replacement was accepted is replaced again', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.page, provider);
    await protocolReady(el);
    const frame = frames(el)[0];
    // Two revocations, some time apart: each time the frame took the replacement first.
    for (const round of [0, 1]) {
      await revokeToken(provider.tokens[round]);
      const outcome = Promise.race([
        oneEvent(el, 'biuwer-token-refresh'),
        oneEvent(el, 'biuwer-error'),
      ]);
      const reopened = nextFrameMessage(() => frame.contentWindow, 'ready');
      frame.contentWindow!.postMessage(
        { biuwer: 1, type: 'token', token: provider.tokens[round] },
        SIM_INSTANCE,
      );
      const event = await outcome;
      expect(event.type, `round ${round}`).to.equal('biuwer-token-refresh');
      expect(event.detail.reason).to.equal('rejected');
      await reopened;
      expect(provider.calls).to.equal(round + 2);
    }
    expect(el.state).to.equal('ready');
    expect(frame.name).to.equal(`${RESOURCES.page}:${provider.tokens[2]}`);
  });

  it('auto-height follows the height the content reports', async () => {
    const provider = lifetimeProvider(3600);
    // Every height the embed's frame reports, in order.
    const reported: number[] = [];
    let el: BiuwerPageElement | undefined;
    const onMessage = (e: MessageEvent) => {
      const win = el?.shadowRoot?.querySelector('iframe')?.contentWindow;
      if (win && e.source === win && e.data?.type === 'resize') reported.push(e.data.height);
    };
    window.addEventListener('message', onMessage);
    try {
      el = await mount(RESOURCES.page, provider, true);
      // The content is over 1,000 px tall; a frame measured before it was laid out reports
      // less first (even 0), then its real height. The element follows the latest report.
      await waitUntil(() => {
        const last = reported.at(-1);
        return last !== undefined && last > 120 && el!.getBoundingClientRect().height === last;
      }, 'the element never took the height the content reported');
      expect(el.getBoundingClientRect().height).not.to.equal(600);
      expect(el.style.getPropertyValue('--biuwer-content-height')).to.match(/^\d+px$/);
    } finally {
      window.removeEventListener('message', onMessage);
    }
  });

  it('ignores forged messages: from the page itself, another frame, or a wrong shape', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.page, provider, true);
    await waitUntil(
      () => el.style.getPropertyValue('--biuwer-content-height') !== '',
      'the content never reported its height',
    );
    const heights = new Set<string>();
    const watch = new MutationObserver(() =>
      heights.add(el.style.getPropertyValue('--biuwer-content-height')),
    );
    watch.observe(el, { attributes: true, attributeFilter: ['style'] });
    window.postMessage({ biuwer: 1, type: 'resize', height: 44_442 }, '*');
    window.postMessage({ biuwer: 1, type: 'token-expired' }, '*');
    const other = document.createElement('iframe');
    // Its last message says it is done: its own messages arrive in the order it sent them.
    other.srcdoc = `<script>parent.postMessage({biuwer:1,type:'token-expired'},'*');parent.postMessage({biuwer:1,type:'resize',height:44443},'*');parent.postMessage('other-done','*')</script>`;
    const otherDone = new Promise<void>((resolve) => {
      const onDone = (e: MessageEvent) => {
        if (e.source !== other.contentWindow || e.data !== 'other-done') return;
        window.removeEventListener('message', onDone);
        resolve();
      };
      window.addEventListener('message', onDone);
    });
    document.body.append(other);
    for (let i = 0; i < 10_000; i++) {
      window.postMessage({ biuwer: 1, type: 'resize', height: 50_000 + i }, '*');
    }
    window.postMessage({ biuwer: 2, type: 'resize', height: 44_444 }, '*');
    window.postMessage('{"biuwer":1,"type":"resize","height":44445}', '*');
    // Every forged message has reached the kit's listener (added before ours) by then.
    await Promise.all([ownMessagesDelivered(), otherDone]);
    heights.add(el.style.getPropertyValue('--biuwer-content-height'));
    watch.disconnect();
    other.remove();
    // Only the content's own heights (well under 40,000 px) were ever applied.
    for (const height of heights) expect(parseInt(height, 10)).to.be.below(40_000);
    expect(provider.calls).to.equal(1);
    expect(el.state).to.equal('ready');
  });
});
