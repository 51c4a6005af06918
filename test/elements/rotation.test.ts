import { expect, fixtureSync, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import { RESOURCES, SIM_INSTANCE, lifetimeProvider, revokeToken } from '../helpers/sim.js';

async function mount(
  resource: string,
  provider: ReturnType<typeof lifetimeProvider>,
  autoHeight = false,
) {
  const el = document.createElement('biuwer-page');
  el.loading = 'eager';
  el.instance = SIM_INSTANCE;
  el.resource = resource;
  el.tokenProvider = provider;
  el.autoHeight = autoHeight;
  const loaded = oneEvent(el, 'biuwer-load');
  fixtureSync(html`<div>${el}</div>`);
  await loaded;
  return el;
}

// Frames that announced the protocol (`ready`), seen the way the kit sees them.
const announced = new Set<MessageEventSource>();
window.addEventListener('message', (e) => {
  if (e.data?.biuwer === 1 && e.data.type === 'ready' && e.source) announced.add(e.source);
});
const protocolReady = (el: BiuwerPageElement) =>
  waitUntil(() => {
    const win = el.shadowRoot!.querySelector('iframe')?.contentWindow;
    return !!win && announced.has(win);
  }, 'the frame announced the protocol');

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
    // Revoke the live token: the frame's next open reports token-expired.
    await revokeToken(provider.tokens[0]);
    const rotated = oneEvent(el, 'biuwer-token-refresh');
    const errorProbe = new Promise((resolve) =>
      el.addEventListener('biuwer-error', resolve, { once: true }),
    );
    el.shadowRoot!.querySelector('iframe')!.contentWindow!.postMessage(
      { biuwer: 1, type: 'token', token: provider.tokens[0] },
      SIM_INSTANCE,
    );
    const { detail } = await rotated;
    expect(detail.reason).to.equal('rejected');
    expect(provider.calls).to.equal(2);
    expect(el.state).to.equal('ready');
    // Now revoke every token the provider hands out: the refusal repeats and the error shows.
    provider.revokeNext = true;
    await revokeToken(provider.tokens[1]);
    el.shadowRoot!.querySelector('iframe')!.contentWindow!.postMessage(
      { biuwer: 1, type: 'token', token: provider.tokens[1] },
      SIM_INSTANCE,
    );
    const error = (await errorProbe) as CustomEvent;
    expect(error.detail.code).to.equal('TOKEN_REJECTED');
    expect(el.state).to.equal('error');
    expect(JSON.stringify(error.detail)).not.to.contain(provider.tokens[1]);
  });

  it('auto-height follows the height the content reports', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.page, provider, true);
    await waitUntil(() => el.style.getPropertyValue('--biuwer-content-height') !== '');
    const height = el.getBoundingClientRect().height;
    expect(height).to.be.greaterThan(120);
    expect(height).not.to.equal(600);
    expect(el.style.getPropertyValue('--biuwer-content-height')).to.match(/^\d+px$/);
  });

  it('ignores forged messages: from the page itself, another frame, or a wrong shape', async () => {
    const provider = lifetimeProvider(3600);
    const el = await mount(RESOURCES.page, provider, true);
    await waitUntil(() => el.style.getPropertyValue('--biuwer-content-height') !== '');
    const heights = new Set<string>();
    const watch = new MutationObserver(() =>
      heights.add(el.style.getPropertyValue('--biuwer-content-height')),
    );
    watch.observe(el, { attributes: true, attributeFilter: ['style'] });
    window.postMessage({ biuwer: 1, type: 'resize', height: 44_442 }, '*');
    window.postMessage({ biuwer: 1, type: 'token-expired' }, '*');
    const other = document.createElement('iframe');
    other.srcdoc = `<script>parent.postMessage({biuwer:1,type:'token-expired'},'*');parent.postMessage({biuwer:1,type:'resize',height:44443},'*')</script>`;
    document.body.append(other);
    for (let i = 0; i < 10_000; i++) {
      window.postMessage({ biuwer: 1, type: 'resize', height: 50_000 + i }, '*');
    }
    window.postMessage({ biuwer: 2, type: 'resize', height: 44_444 }, '*');
    window.postMessage('{"biuwer":1,"type":"resize","height":44445}', '*');
    await new Promise((r) => setTimeout(r, 500));
    watch.disconnect();
    other.remove();
    // Only the content's own heights (well under 40,000 px) were ever applied.
    for (const height of heights) expect(parseInt(height, 10)).to.be.below(40_000);
    expect(provider.calls).to.equal(1);
    expect(el.state).to.equal('ready');
  });
});
