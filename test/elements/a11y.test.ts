import { expect, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { holdFocus } from '../helpers/window-focus.js';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { TokenContext } from '../../src/core/types.js';
import { cardTemplate, errored, mount, mountCard, never } from '../helpers/mount.js';
import { countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/** Looks like a real auth token (32 hex): must never show up in what the user reads. */
const LEAKY_TOKEN = 'deadbeefdeadbeefdeadbeefdeadbeef';

/** A provider that fails, quoting a token in its error as careless backends do. */
function failingProvider() {
  const provider = async (_ctx: TokenContext): Promise<string> => {
    provider.calls++;
    throw new Error(`backend refused token ${LEAKY_TOKEN}`);
  };
  provider.calls = 0;
  return provider;
}

function part(el: BiuwerCardElement, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

/** The one live region of an embed (`role="status"`). */
function live(el: BiuwerCardElement): HTMLElement {
  const regions = el.shadowRoot!.querySelectorAll<HTMLElement>('[role="status"]');
  expect(regions.length, 'one live region').to.equal(1);
  return regions[0];
}

const liveText = (el: BiuwerCardElement): string =>
  live(el).textContent!.replace(/\s+/g, ' ').trim();

describe('accessibility', () => {
  it('has no axe violations while loading, and announces the wait', async () => {
    const el = await mountCard({ tokenProvider: never });
    await waitUntil(() => el.state === 'loading', 'never started loading');
    await el.updateComplete;

    expect(part(el, 'status')!.textContent).to.contain('Loading analytics…');
    expect(liveText(el)).to.equal('Loading analytics…');
    await expect(el).to.be.accessible();
  });

  it('has no axe violations when ready, and the frame has a title', async function () {
    this.timeout(40_000);
    const provider = countingProvider({ validForMs: 3_600_000 });
    const el = await mountCard({ tokenProvider: provider });
    await waitUntil(() => el.state === 'ready', 'never became ready', { timeout: 25_000 });
    await el.updateComplete;

    expect(part(el, 'status')).to.equal(null);
    expect(el.frame!.title).to.equal('Biuwer card');
    await expect(el).to.be.accessible();
  });

  it('has no axe violations in the error state; the error is an alert with no token in it', async () => {
    const el = await mountCard({ tokenProvider: failingProvider() });
    await errored(el);

    const alert = part(el, 'error')!;
    expect(liveText(el)).to.contain('The analytics could not be shown');
    const text = alert.textContent!.replace(/\s+/g, ' ').trim();
    expect(text).to.contain('The analytics could not be shown');
    expect(text).to.contain('Could not get access to the analytics.');
    expect(text).not.to.contain(LEAKY_TOKEN);
    expect(el.shadowRoot!.innerHTML).not.to.contain(LEAKY_TOKEN);
    await expect(el).to.be.accessible();
  });

  it('does not echo a malformed token in the error view', async () => {
    const bad = `${LEAKY_TOKEN}:with-colon`;
    const el = await mountCard({ tokenProvider: async () => bad });
    const [event] = await Promise.all([oneEvent(el, 'biuwer-error'), errored(el)]);
    expect(event.detail.code).to.equal('INVALID_TOKEN');
    expect(JSON.stringify(event.detail)).not.to.contain(LEAKY_TOKEN);
    const alert = part(el, 'error')!;
    expect(liveText(el)).not.to.contain(LEAKY_TOKEN);
    expect(alert.textContent!.trim()).not.to.equal('');
    expect(el.shadowRoot!.innerHTML).not.to.contain(LEAKY_TOKEN);
    await expect(el).to.be.accessible();
  });

  it('the retry button is reached with Tab, is named, and Enter asks for a token again', async () => {
    const provider = failingProvider();
    const root = await mount<HTMLDivElement>(html`
      <div>
        <button id="before">before</button>
        ${cardTemplate({ tokenProvider: provider })}
      </div>
    `);
    const el = root.querySelector('biuwer-card')!;
    await errored(el);
    expect(provider.calls).to.equal(1);

    const retry = part(el, 'retry') as HTMLButtonElement;
    expect(retry.localName).to.equal('button');
    expect(retry.textContent!.trim()).to.equal('Try again');
    // The accessible name comes from the text: no aria-label overriding it with something else.
    expect(retry.hasAttribute('aria-label')).to.equal(false);
    expect(retry.tabIndex).to.equal(0);

    // Keys go to the focused window; another test file may have opened one since this began.
    await holdFocus();
    root.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot!.activeElement).to.equal(retry);

    const nextError = oneEvent(el, 'biuwer-error');
    await sendKeys({ press: 'Enter' });
    await nextError;
    expect(provider.calls).to.equal(2);
    // Still an error (the provider keeps failing), and the button is there to try again.
    await el.updateComplete;
    expect(el.state).to.equal('error');
    expect(part(el, 'retry')).to.exist;
  });

  it('retry by click recovers once the provider works again', async function () {
    this.timeout(40_000);
    const working = countingProvider({ validForMs: 3_600_000 });
    let fail = true;
    let calls = 0;
    const provider = async () => {
      calls++;
      if (fail) throw new Error('offline');
      return working();
    };
    const el = await mountCard({ tokenProvider: provider });
    await errored(el);
    fail = false;
    (part(el, 'retry') as HTMLButtonElement).click();
    await waitUntil(() => el.state === 'ready', 'never became ready', { timeout: 25_000 });
    await el.updateComplete;
    expect(calls).to.equal(2);
    expect(part(el, 'error')).to.equal(null);
    expect(el.frame).to.exist;
  });
});

/** A provider whose calls the test settles one by one. */
function steppedProvider() {
  const pending: { resolve: (token: string) => void; reject: (error: Error) => void }[] = [];
  const provider = (_ctx: TokenContext): Promise<string> =>
    new Promise<string>((resolve, reject) => pending.push({ resolve, reject }));
  return { provider, pending };
}

describe('accessibility: focus and announcements across states', () => {
  for (const how of ['Enter', 'click'] as const) {
    it(`Try again (${how}) keeps the focus on its button while retrying and after a second failure`, async () => {
      const { provider, pending } = steppedProvider();
      const el = await mountCard({ tokenProvider: provider });
      await waitUntil(() => pending.length === 1, 'the provider was never called');
      pending[0].reject(new Error('offline'));
      await errored(el);

      const retry = part(el, 'retry') as HTMLButtonElement;
      await holdFocus();
      retry.focus();
      expect(el.shadowRoot!.activeElement).to.equal(retry);
      if (how === 'Enter') await sendKeys({ press: 'Enter' });
      else retry.click();

      // Retrying: the same button, disabled for assistive technology, still focused.
      await waitUntil(() => pending.length === 2, 'Try again asked for no token');
      await el.updateComplete;
      expect(el.state).to.equal('loading');
      expect(part(el, 'retry')).to.equal(retry);
      expect(retry.getAttribute('aria-disabled')).to.equal('true');
      expect(document.activeElement).to.equal(el);
      expect(el.shadowRoot!.activeElement).to.equal(retry);
      expect(liveText(el)).to.equal('Loading analytics…');
      // Activating it again while it runs does nothing.
      retry.click();
      await el.updateComplete;
      expect(pending.length).to.equal(2);

      const second = oneEvent(el, 'biuwer-error');
      pending[1].reject(new Error('still offline'));
      await second;
      await el.updateComplete;
      expect(el.state).to.equal('error');
      expect(part(el, 'retry')).to.equal(retry);
      expect(retry.hasAttribute('aria-disabled')).to.equal(false);
      expect(document.activeElement).to.equal(el);
      expect(el.shadowRoot!.activeElement).to.equal(retry);
      expect(liveText(el)).to.contain('The analytics could not be shown');
    });
  }

  it('a successful Try again moves the focus into the content, not to <body>', async function () {
    this.timeout(40_000);
    const working = countingProvider({ validForMs: 3_600_000 });
    let fail = true;
    const el = await mountCard({
      tokenProvider: async () => {
        if (fail) throw new Error('offline');
        return (await working()).token;
      },
    });
    await errored(el);
    fail = false;
    await holdFocus();
    const retry = part(el, 'retry') as HTMLButtonElement;
    retry.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.state === 'ready', 'never became ready', { timeout: 25_000 });
    await el.updateComplete;
    expect(part(el, 'error')).to.equal(null);
    expect(document.activeElement).to.equal(el);
    expect(el.shadowRoot!.activeElement).to.equal(el.frame);
  });

  it('one live region lives through every state; a lazy embed not yet started says nothing', async function () {
    this.timeout(40_000);
    const working = countingProvider({ validForMs: 3_600_000 });
    let fail = true;
    const el = await mountCard({
      loading: null,
      before: html`<div style="height: 3000px"></div>`,
      tokenProvider: async () => {
        if (fail) throw new Error('offline');
        return (await working()).token;
      },
    });
    const region = live(el);
    expect(el.state).to.equal('idle');
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.textContent!.trim()).to.equal('');

    const seen = new Set<string>();
    const observer = new MutationObserver(() => seen.add(liveText(el)));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    el.reload(); // starts it without scrolling
    await errored(el);
    expect(live(el)).to.equal(region);
    expect(liveText(el)).to.contain('The analytics could not be shown');
    expect(liveText(el)).to.contain('Could not get access to the analytics.');

    fail = false;
    el.reload();
    await waitUntil(() => el.state === 'ready', 'never became ready', { timeout: 25_000 });
    await el.updateComplete;
    observer.disconnect();
    expect(live(el)).to.equal(region);
    expect(liveText(el)).to.equal('The analytics are ready.');
    expect([...seen]).to.include('Loading analytics…');
    await expect(el).to.be.accessible();
  });
});
