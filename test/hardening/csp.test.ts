/**
 * The kit on a host page with a strict Content-Security-Policy (no inline script or style,
 * no eval, frame-src limited to the instance, Trusted Types required): the embed must reach
 * `ready` without a single `securitypolicyviolation`.
 */
import { expect } from '@open-wc/testing';
import { until } from './helpers.js';

interface CspFixture {
  enforced: { eval: boolean; trustedTypes: boolean };
  violations: string[];
  state?: string;
  errors: string[];
}

describe('hardening: strict CSP and Trusted Types on the host page', () => {
  it('the embed reaches ready and nothing violates the policy', async function () {
    this.timeout(60_000);
    const frame = document.createElement('iframe');
    frame.src = new URL('./fixtures/csp.html', import.meta.url).href;
    frame.style.width = '800px';
    frame.style.height = '600px';
    document.body.append(frame);
    try {
      const read = () =>
        (frame.contentWindow as (Window & { cspFixture?: CspFixture }) | null)?.cspFixture;
      // The content height is the last report of a healthy load: it crosses from the frame
      // after its load, well after the kit's own rendering (whose violations would be queued
      // as tasks by then), so waiting for it replaces a fixed grace.
      const height = () =>
        frame.contentDocument
          ?.querySelector<HTMLElement>('biuwer-card')
          ?.style.getPropertyValue('--biuwer-content-height') ?? '';
      await until(
        () => (read()?.state === 'ready' && height() !== '') || (read()?.errors.length ?? 0) > 0,
        'the embed loads and reports its content height',
      );
      const result = read()!;
      expect(result.enforced, 'the policy is really enforced').to.deep.equal({
        eval: true,
        trustedTypes: true,
      });
      expect(result.errors).to.deep.equal([]);
      expect(result.state).to.equal('ready');
      expect(result.violations).to.deep.equal([]);
      const card = frame.contentDocument!.querySelector('biuwer-card')!;
      expect(card.shadowRoot!.querySelector('iframe')?.getAttribute('src')).to.match(
        /^http:\/\/127\.0\.0\.1:\d+\/share$/,
      );
    } finally {
      frame.remove();
    }
  });
});
