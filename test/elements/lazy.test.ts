import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import { mount, mountCard } from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/** Far below an 800×600 viewport and well past the 200 px look-ahead margin. */
const SPACER = html`<div style="height: 3000px"></div>`;

/**
 * `loading="lazy"` runs on IntersectionObserver, which (like requestAnimationFrame) only
 * runs while the page renders. With two test files at a time in one browser context, one
 * page is a hidden background tab where no lazy embed can ever come "near": a test there
 * would pass vacuously or time out. It fails at once instead, saying why. The cure is in
 * web-test-runner.config.js: one browser context per page (each page then is visible).
 */
async function requireRendering(): Promise<void> {
  // A page just opened beside another may take a moment to be shown.
  await waitUntil(() => document.visibilityState === 'visible', undefined, {
    timeout: 5_000,
  }).catch(() => undefined);
  if (document.visibilityState !== 'visible') {
    throw new Error(
      'This test page is hidden (a background tab), so IntersectionObserver never runs and ' +
        'loading="lazy" cannot be tested. Give each test page its own browser context ' +
        '(chromeLauncher createPage) or run this file alone.',
    );
  }
}

/**
 * Resolves after the browser next checked where `el` is. Observers are notified in the order
 * they were created, so by then the card's own (older) observer has reported, had the card
 * been near: proof that it stayed idle because it is far, not because no time passed.
 */
function aWhile(el: Element): Promise<void> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(
      () => {
        observer.disconnect();
        resolve();
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
  });
}

function frameOf(card: BiuwerCardElement): HTMLIFrameElement | null {
  return card.shadowRoot!.querySelector('iframe');
}

async function loaded(card: BiuwerCardElement): Promise<void> {
  await waitUntil(() => card.state === 'ready' && frameOf(card), 'never became ready', {
    timeout: 25_000,
  });
}

describe('loading="lazy" (the default)', function () {
  this.timeout(40_000);
  afterEach(() => window.scrollTo(0, 0));

  it('waits below the fold: no token request, no frame, state idle', async () => {
    await requireRendering();
    const provider = countingProvider({ validForMs: 3_600_000 });
    const card = await mountCard({ loading: null, before: SPACER, tokenProvider: provider });
    await aWhile(card);

    expect(card.state).to.equal('idle');
    expect(card.getAttribute('state')).to.equal('idle');
    expect(provider.calls).to.equal(0);
    expect(frameOf(card)).to.equal(null);
    // The placeholder keeps the space; the live region says nothing until the card starts.
    expect(card.shadowRoot!.querySelector('[part="status"]')).to.exist;
    expect(card.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).to.equal('');
  });

  it('asks for a token once and shows the frame when scrolled into view', async () => {
    await requireRendering();
    const provider = countingProvider({ validForMs: 3_600_000 });
    const card = await mountCard({ loading: null, before: SPACER, tokenProvider: provider });
    await aWhile(card);
    expect(provider.calls).to.equal(0);

    card.scrollIntoView();
    await loaded(card);
    expect(provider.calls).to.equal(1);
    expect(frameOf(card)!.name).to.match(new RegExp(`^${RESOURCES.kpiCard}:\\S+$`));

    // Scrolling away and back does not ask again.
    window.scrollTo(0, 0);
    await aWhile(card);
    card.scrollIntoView();
    await aWhile(card);
    expect(provider.calls).to.equal(1);
    expect(card.state).to.equal('ready');
  });

  it('loads a card near the viewport at once', async () => {
    await requireRendering();
    const provider = countingProvider({ validForMs: 3_600_000 });
    const card = await mountCard({ loading: null, tokenProvider: provider });
    await loaded(card);
    expect(provider.calls).to.equal(1);
  });
});

describe('loading="eager"', function () {
  this.timeout(40_000);
  it('loads below the fold without scrolling', async () => {
    const provider = countingProvider({ validForMs: 3_600_000 });
    const card = await mountCard({ before: SPACER, tokenProvider: provider });
    await loaded(card);
    expect(provider.calls).to.equal(1);
    expect(window.scrollY).to.equal(0);
  });

  it('on a session applies to the cards inside, unless a card says otherwise', async () => {
    await requireRendering();
    const provider = countingProvider({ validForMs: 3_600_000 });
    const root = await mount<HTMLDivElement>(html`
      <div>
        ${SPACER}
        <biuwer-session loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${provider}>
          <biuwer-card id="inherits" resource=${RESOURCES.kpiCard}></biuwer-card>
          <biuwer-card id="inherits-too" resource=${RESOURCES.lineCard}></biuwer-card>
          <biuwer-card id="own-lazy" loading="lazy" resource=${RESOURCES.barCard}></biuwer-card>
        </biuwer-session>
      </div>
    `);
    const inherits = root.querySelector<BiuwerCardElement>('#inherits')!;
    const inheritsToo = root.querySelector<BiuwerCardElement>('#inherits-too')!;
    const ownLazy = root.querySelector<BiuwerCardElement>('#own-lazy')!;
    await loaded(inherits);
    await loaded(inheritsToo);
    await aWhile(ownLazy);

    expect(provider.calls).to.equal(1);
    expect(ownLazy.state).to.equal('idle');
    expect(frameOf(ownLazy)).to.equal(null);

    // When it does come into view it uses the session's token: no second call.
    ownLazy.scrollIntoView();
    await loaded(ownLazy);
    expect(provider.calls).to.equal(1);
    window.scrollTo(0, 0);
  });
});
