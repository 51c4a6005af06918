import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import { mount, mountCard, never, visibleFrame } from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

function box(el: Element): { width: number; height: number } {
  const { width, height } = el.getBoundingClientRect();
  return { width, height };
}

describe('elements behave like native elements', () => {
  it('<biuwer-session hidden> hides itself and every embed inside it', async () => {
    const root = await mount<HTMLDivElement>(html`
      <div>
        <biuwer-session hidden loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${never}>
          <biuwer-card resource=${RESOURCES.kpiCard}></biuwer-card>
          <biuwer-page resource=${RESOURCES.page}></biuwer-page>
        </biuwer-session>
      </div>
    `);
    const session = root.querySelector<BiuwerSessionElement>('biuwer-session')!;
    const embeds = [...session.querySelectorAll('biuwer-card, biuwer-page')];
    expect(getComputedStyle(session).display).to.equal('none');
    for (const el of [session, ...embeds]) {
      expect(box(el), el.localName).to.deep.equal({ width: 0, height: 0 });
    }

    session.hidden = false;
    await session.updateComplete;
    expect(getComputedStyle(session).display).to.equal('block');
    for (const el of embeds) expect(box(el).height, el.localName).to.be.greaterThan(0);
  });

  it('state cannot be written from outside, as a property or as an attribute', async () => {
    const el = await mountCard({ tokenProvider: never });
    await waitUntil(() => el.state === 'loading', 'never started loading');
    const changes: string[] = [];
    el.addEventListener('biuwer-state-change', (e) => changes.push(e.detail.state));

    // Like a native read-only property (`input.validity`): a strict-mode write throws.
    expect(() => {
      (el as unknown as { state: string }).state = 'ready';
    }).to.throw(TypeError);
    el.setAttribute('state', 'error');
    expect(el.getAttribute('state')).to.equal('loading');
    el.removeAttribute('state');
    expect(el.getAttribute('state')).to.equal('loading');
    await el.updateComplete;

    expect(el.state).to.equal('loading');
    expect(changes).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('[part="status"]')).to.exist;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
  });

  it('exposes its state as a custom state: :state(loading), then :state(ready), one at a time', async () => {
    const provider = countingProvider({ validForMs: 3_600_000 });
    const el = await mountCard({ tokenProvider: provider });
    const matching = () =>
      ['idle', 'loading', 'ready', 'error'].filter((s) => el.matches(`:state(${s})`));
    await waitUntil(() => el.state === 'loading' || el.state === 'ready', 'never started');
    expect(matching()).to.deep.equal([el.state]);
    await waitUntil(() => el.state === 'ready', 'never loaded');
    expect(matching()).to.deep.equal(['ready']);
    // A page stylesheet can use it, as with native pseudo-classes.
    const style = document.createElement('style');
    style.textContent = 'biuwer-card:state(ready) { outline: 3px solid rgb(0, 128, 0); }';
    document.head.append(style);
    try {
      expect(getComputedStyle(el).outlineColor).to.equal('rgb(0, 128, 0)');
    } finally {
      style.remove();
    }
  });

  it("session.reload() reaches an embed inside another component's shadow root", async function () {
    this.timeout(60_000);
    const tag = `shadow-wrapper-${Math.random().toString(36).slice(2)}`;
    customElements.define(
      tag,
      class extends HTMLElement {
        constructor() {
          super();
          const card = document.createElement('biuwer-card');
          card.setAttribute('resource', RESOURCES.lineCard);
          this.attachShadow({ mode: 'open' }).append(card);
        }
      },
    );
    const provider = countingProvider({ validForMs: 3_600_000 });
    const session = fixtureSync<BiuwerSessionElement>(html`
      <biuwer-session loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${provider}>
        ${document.createElement(tag)}
      </biuwer-session>
    `);
    const card = session.firstElementChild!.shadowRoot!.querySelector('biuwer-card')!;
    await waitUntil(() => card.state === 'ready' && visibleFrame(card), 'never became ready', {
      timeout: 25_000,
    });
    const before = visibleFrame(card)!;

    const reloaded = oneEvent(card, 'biuwer-load');
    session.reload();
    await reloaded;
    await waitUntil(() => card.state === 'ready', 'not ready after the reload');
    expect(visibleFrame(card)).to.exist.and.not.equal(before);
    expect(before.isConnected).to.equal(false);
  });
});
