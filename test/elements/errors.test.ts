import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { EmbedErrorCode } from '../../src/core/errors.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { useClock } from '../helpers/clock.js';
import { graceFor } from '../helpers/wait.js';
import { RESOURCES, SIM_INSTANCE } from '../helpers/sim.js';

const SECRET = 'SECRETtoken0123456789abcdef';

interface Case {
  code: EmbedErrorCode;
  what: string;
  setup: (el: BiuwerPageElement) => void;
}

const sameOrigin = location.origin;

/** Every error code a user can meet, reached from an attribute or from a provider. */
const cases: Case[] = [
  { code: 'INVALID_INSTANCE', what: 'no instance', setup: (el) => (el.instance = null) },
  {
    code: 'INVALID_INSTANCE',
    what: 'javascript: instance',
    setup: (el) => (el.instance = 'javascript:alert(1)'),
  },
  {
    code: 'INVALID_INSTANCE',
    what: 'http off localhost',
    setup: (el) => (el.instance = 'http://acme.biuwer.com'),
  },
  {
    code: 'INVALID_RESOURCE',
    what: 'resource with a colon',
    setup: (el) => (el.resource = 'abc:def'),
  },
  { code: 'INVALID_TOKEN', what: 'token with a colon', setup: (el) => (el.token = `${SECRET}:x`) },
  {
    code: 'INVALID_TOKEN',
    what: 'token with whitespace',
    setup: (el) => (el.token = `${SECRET} x`),
  },
  {
    code: 'INVALID_LIFETIME',
    what: 'garbage token-lifetime',
    setup: (el) => (el.tokenLifetime = 'soon'),
  },
  {
    code: 'INVALID_SANDBOX',
    what: 'unknown sandbox keyword',
    setup: (el) => (el.sandbox = 'allow-scripts allow-everything'),
  },
  {
    code: 'UNSAFE_SANDBOX',
    what: 'allow-top-navigation',
    setup: (el) => (el.sandbox = 'allow-scripts allow-top-navigation'),
  },
  {
    code: 'UNSAFE_SANDBOX',
    what: "instance on the page's own origin",
    setup: (el) => (el.instance = sameOrigin),
  },
  {
    code: 'INVALID_PERSIST',
    what: 'unknown persist value',
    setup: (el) => (el.persist = 'cookies' as never),
  },
  {
    code: 'INVALID_FRAME_OPTION',
    what: 'unknown referrerpolicy',
    setup: (el) => (el.referrerpolicy = 'everyone' as never),
  },
  { code: 'MISSING_TOKEN_SOURCE', what: 'no token source', setup: (el) => (el.token = null) },
  {
    code: 'INVALID_TOKEN_ENDPOINT',
    what: 'javascript: endpoint',
    setup: (el) => (el.tokenEndpoint = 'javascript:alert(1)'),
  },
  {
    code: 'INVALID_GRANT',
    what: 'provider returns {}',
    setup: (el) => (el.tokenProvider = async () => ({}) as never),
  },
  {
    code: 'INVALID_GRANT',
    what: 'provider returns a number',
    setup: (el) => (el.tokenProvider = async () => 42 as never),
  },
  {
    code: 'TOKEN_PROVIDER_FAILED',
    what: 'provider throws',
    setup: (el) => (el.tokenProvider = async () => Promise.reject(new Error('backend down'))),
  },
  {
    code: 'TOKEN_PROVIDER_FAILED',
    what: 'endpoint answers 500',
    setup: (el) => (el.tokenEndpoint = '/__no-such-endpoint__'),
  },
  {
    code: 'TOKEN_REJECTED',
    what: 'provider error with status 401',
    setup: (el) =>
      (el.tokenProvider = async () =>
        Promise.reject(Object.assign(new Error('sign in'), { status: 401 }))),
  },
  {
    code: 'TOKEN_EXPIRED',
    what: 'provider returns an expired grant',
    setup: (el) =>
      (el.tokenProvider = async () => ({ token: SECRET, expiresAt: Date.now() - 60_000 })),
  },
];

function mount(setup: (el: BiuwerPageElement) => void): BiuwerPageElement {
  const el = document.createElement('biuwer-page');
  el.loading = 'eager';
  el.instance = SIM_INSTANCE;
  el.resource = RESOURCES.page;
  el.token = SECRET;
  setup(el);
  fixtureSync(html`<div>${el}</div>`);
  return el;
}

describe('error codes', () => {
  for (const { code, what, setup } of cases) {
    it(`${code}: ${what}`, async () => {
      let navigated = false;
      const el = document.createElement('biuwer-page');
      const error = oneEvent(el, 'biuwer-error');
      el.loading = 'eager';
      el.instance = SIM_INSTANCE;
      el.resource = RESOURCES.page;
      el.token = SECRET;
      setup(el);
      const observer = new MutationObserver(() => {
        if (el.shadowRoot?.querySelector('iframe[src]')) navigated = true;
      });
      fixtureSync(html`<div>${el}</div>`);
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
      const { detail } = await error;
      observer.disconnect();
      await el.updateComplete;
      expect(detail.code).to.equal(code);
      expect(el.state).to.equal('error');
      expect(navigated, 'no frame navigates with bad data').to.equal(false);
      const view = el.shadowRoot!.querySelector('[part="error"]')!;
      expect(view.textContent!.trim().length).to.be.greaterThan(10);
      // The view speaks to the person at the page; the developer's message is in the event.
      expect(view.textContent).not.to.contain(detail.message);
      const live = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(live.textContent).to.contain(view.querySelector('.error-message')!.textContent);
      for (const text of [detail.message, view.textContent!, JSON.stringify(detail)]) {
        expect(text).not.to.contain('SECRETtoken');
      }
      expect(el.shadowRoot!.querySelector('[part="retry"]')).to.exist;
    });
  }

  it('TOKEN_PROVIDER_TIMEOUT: a provider that never answers times out after 15 s', async () => {
    const clock = new FakeClock(Date.now());
    let called!: () => void;
    const providerCalled = new Promise<void>((resolve) => (called = resolve));
    const el = mount((e) => {
      useClock(e, clock);
      e.tokenProvider = () => {
        called();
        return new Promise(() => {});
      };
    });
    const error = oneEvent(el, 'biuwer-error');
    // The provider is called once the cross-tab lock is granted (a real task).
    await providerCalled;
    await clock.tick(14_000);
    expect(el.state).to.equal('loading');
    await clock.tick(1_500);
    expect((await error).detail.code).to.equal('TOKEN_PROVIDER_TIMEOUT');
  });

  it('FRAME_LOAD_TIMEOUT: a frame that does not load in time', async () => {
    const clock = new FakeClock(Date.now());
    const el = mount((e) => {
      useClock(e, clock);
      e.loadTimeout = 5_000;
    });
    const error = oneEvent(el, 'biuwer-error');
    // Fire the timer as soon as the frame exists: fake time beats the real load event.
    await new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!el.shadowRoot!.querySelector('iframe')) return;
        observer.disconnect();
        resolve();
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    });
    await clock.tick(5_001);
    expect((await error).detail.code).to.equal('FRAME_LOAD_TIMEOUT');
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
  });

  it('Try again recovers once the cause is gone', async () => {
    let fail = true;
    const el = mount((e) => {
      e.tokenProvider = async () => {
        if (fail) throw new Error('backend down');
        return (
          await (
            await fetch(`${SIM_INSTANCE}/__sim/tokens`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ userId: 'ana' }),
            })
          ).json()
        ).token;
      };
    });
    await oneEvent(el, 'biuwer-error');
    await el.updateComplete;
    fail = false;
    const loaded = oneEvent(el, 'biuwer-load');
    (el.shadowRoot!.querySelector('[part="retry"]') as HTMLButtonElement).click();
    await loaded;
    expect(el.state).to.equal('ready');
  });
});

describe('error reporting', () => {
  it('fires one biuwer-error per failure, however the failure reaches the embed', async () => {
    const el = document.createElement('biuwer-page');
    const codes: string[] = [];
    el.addEventListener('biuwer-error', (e) => codes.push(e.detail.code));
    el.loading = 'eager';
    el.instance = SIM_INSTANCE;
    el.resource = RESOURCES.page;
    el.tokenProvider = async () => ({ token: SECRET, expiresAt: Date.now() - 60_000 });
    fixtureSync(html`<div>${el}</div>`);
    await oneEvent(el, 'biuwer-error');
    // No later event to wait on: a second report can only come late (see NOTHING_MORE_MS).
    await graceFor();
    expect(codes).to.deep.equal(['TOKEN_EXPIRED']);
  });
});
