import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { holdFocus } from '../helpers/window-focus.js';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import { errored, mountCard, never, shown } from '../helpers/mount.js';
import { countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Where the focus is, as a user of the host page sees it: the embed, and inside it. The host
 * matches `:focus` while its own view holds it; focus inside a frame is the frame's document
 * (as with a native <iframe>, neither the frame nor its host then matches `:focus`).
 */
function focused(el: BiuwerCardElement): string {
  // Names, not elements: a failed comparison then reads "body" rather than a DOM dump.
  expect(document.activeElement?.localName, 'the focused element').to.equal(el.localName);
  const inner = el.shadowRoot!.activeElement;
  if (!inner) return 'nothing inside';
  if (inner === el.frame) return 'frame';
  expect(el.matches(':focus'), 'the host matches :focus').to.equal(true);
  return inner.getAttribute('part') ?? inner.localName;
}

// An embed takes the focus the way a native <iframe> does: focus() on the element moves it
// to what the user can reach inside.
describe('focus() on an embed', () => {
  // `:focus` needs the window to have the focus; another test file may have opened one.
  beforeEach(holdFocus);

  it('focuses the frame once the content shows', async function () {
    this.timeout(40_000);
    const el = await mountCard({ tokenProvider: countingProvider({ validForMs: 3_600_000 }) });
    await shown(el);
    el.focus();
    expect(focused(el)).to.equal('frame');
  });

  it('focuses "Try again" in the error view', async () => {
    const el = await mountCard({
      tokenProvider: async () => {
        throw new Error('offline');
      },
    });
    await errored(el);
    el.focus();
    expect(focused(el)).to.equal('retry');
  });

  it('focuses the placeholder while loading, and the frame when the content shows', async function () {
    this.timeout(40_000);
    const working = countingProvider({ validForMs: 3_600_000 });
    let answer!: () => void;
    const el = await mountCard({
      tokenProvider: async () => {
        await new Promise<void>((resolve) => (answer = resolve));
        return working();
      },
    });
    await waitUntil(() => answer !== undefined, 'the provider was never called');
    el.focus();
    expect(focused(el)).to.equal('status');
    answer();
    await shown(el);
    expect(focused(el)).to.equal('frame');
  });

  it('focuses the placeholder of a lazy embed that has not started, and does not start it', async () => {
    const el = await mountCard({
      loading: null,
      before: html`<div style="height: 3000px"></div>`,
      tokenProvider: never,
    });
    expect(el.state).to.equal('idle');
    el.focus({ preventScroll: true });
    expect(focused(el)).to.equal('status');
    await el.updateComplete;
    expect(el.state).to.equal('idle');
  });

  it('a tabindex on the host adds no Tab stop of its own: Tab goes straight to "Try again"', async () => {
    const el = await mountCard({
      before: html`<button id="before">before</button>`,
      tokenProvider: async () => {
        throw new Error('offline');
      },
    });
    el.tabIndex = 0;
    await errored(el);
    el.parentElement!.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(focused(el)).to.equal('retry');
  });
});
