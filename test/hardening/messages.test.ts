/**
 * The optional frame protocol under attack: forged messages from another origin, from another
 * frame of the instance's own origin, with a wrong shape, and a flood of 10,000 are ignored
 * (no state change, no refresh, no height change, no error); and no token is ever posted to
 * anything but the exact instance origin.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import { RESOURCES, SIM_INSTANCE } from '../helpers/sim.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { graceFor, ownMessagesDelivered } from '../helpers/wait.js';
import { TokenBank, leaks, probe, until, type Probe } from './helpers.js';

/** Another frame on the instance's own origin that posts whatever it is told to (test server). */
const ECHO_ON_INSTANCE = `${SIM_INSTANCE}/test/frame/fixtures/echo-frame.html`;

interface Rig {
  el: BiuwerPageElement;
  p: Probe;
  bank: TokenBank;
  height: () => string;
  /** The height the embed's own frame reported last, as the embed applies it. */
  reported: () => string;
  /** Stops counting the frame's resize messages: it is no longer a share page. */
  stopReports: () => void;
  errors: unknown[];
}

const uncaught: unknown[] = [];
const onError = (e: ErrorEvent) => uncaught.push(e.error ?? e.message);
const onRejection = (e: PromiseRejectionEvent) => uncaught.push(e.reason);
before(() => {
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
});
after(() => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onRejection);
});

async function rig(): Promise<Rig> {
  // The bank's fake clock only dates the grants; the embed runs on real time here.
  const bank = await TokenBank.create(new FakeClock(Date.now()), 4);
  const el = document.createElement('biuwer-page');
  el.loading = 'eager';
  el.instance = SIM_INSTANCE;
  el.resource = RESOURCES.page;
  el.autoHeight = true;
  el.tokenProvider = bank.provider;
  // Not fixtureSync: open-wc removes fixtures after each test, and one embed serves several.
  const host = document.createElement('div');
  host.append(el);
  document.body.append(host);
  // The frame's own reports: it may report again (its content settling) at any time, so
  // "no height change" means the height is still the frame's own, not that it never moved.
  const reports: number[] = [];
  let counting = true;
  window.addEventListener('message', (e) => {
    if (!counting) return;
    const win = el.shadowRoot?.querySelector('iframe')?.contentWindow;
    const own = e.isTrusted && e.origin === SIM_INSTANCE && win && e.source === win;
    if (own && e.data?.biuwer === 1 && e.data.type === 'resize') {
      reports.push(e.data.height);
    }
  });
  const p = probe(el);
  await until(() => el.state === 'ready', 'ready', 30_000);
  // The frame announces its features and height once it has rendered.
  await until(
    () => el.style.getPropertyValue('--biuwer-content-height') !== '',
    'the first resize',
  );
  return {
    el,
    p,
    bank,
    height: () => el.style.getPropertyValue('--biuwer-content-height'),
    reported: () => (reports.length ? `${Math.ceil(reports[reports.length - 1])}px` : ''),
    stopReports: () => (counting = false),
    errors: uncaught,
  };
}

/**
 * Asserts nothing moved: no event, no provider call, same frame, the frame's own height, no
 * error. `act` resolves once its messages have been dispatched (each waits for proof of
 * that, not for a time); the short grace after it only gives a wrongly accepted message's
 * consequences (a refresh behind a lock) a chance to show, so a busy machine can make it
 * miss a regression but never fail a healthy kit.
 */
async function expectUntouched(r: Rig, act: () => Promise<void> | void): Promise<void> {
  const events = r.p.events.length;
  const calls = r.bank.calls;
  const frame = r.el.shadowRoot!.querySelector('iframe');
  const errors = uncaught.length;
  await act();
  await ownMessagesDelivered();
  await graceFor(200);
  expect(r.p.events.slice(events), 'no event').to.deep.equal([]);
  expect(r.bank.calls, 'no refresh').to.equal(calls);
  expect(r.height(), "no height but the frame's own").to.equal(r.reported());
  expect(r.el.shadowRoot!.querySelector('iframe')).to.equal(frame);
  expect(r.el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
  expect(r.el.state).to.equal('ready');
  expect(uncaught.slice(errors), 'no uncaught error').to.deep.equal([]);
}

/** The next message `frame` posts to this window that `accept` takes. */
function messageFrom(
  frame: () => HTMLIFrameElement | undefined,
  accept: (data: unknown) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (e: MessageEvent) => {
      const win = frame()?.contentWindow;
      if (!win || e.source !== win || !accept(e.data)) return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
  });
}

/** Inserts a frame; `loaded` resolves on its load event (its scripts may post before). */
function insertFrame(src: string, name = ''): { frame: HTMLIFrameElement; loaded: Promise<void> } {
  const frame = document.createElement('iframe');
  frame.name = name;
  frame.src = src;
  const loaded = new Promise<void>((resolve) =>
    frame.addEventListener('load', () => resolve(), { once: true }),
  );
  document.body.append(frame);
  return { frame, loaded };
}

async function frameOn(src: string, name = ''): Promise<HTMLIFrameElement> {
  const { frame, loaded } = insertFrame(src, name);
  await loaded;
  return frame;
}

/** Navigates an existing frame (its window stays the same object) and waits for the load. */
function navigate(frame: HTMLIFrameElement, src: string): Promise<void> {
  const loaded = new Promise<void>((resolve) =>
    frame.addEventListener('load', () => resolve(), { once: true }),
  );
  frame.contentWindow!.location.href = src;
  return loaded;
}

const FORGED = [
  { biuwer: 1, type: 'resize', height: 4242 },
  { biuwer: 1, type: 'token-expired' },
  { biuwer: 1, type: 'ready', features: ['token', 'resize'] },
];

const WRONG_SHAPES: unknown[] = [
  null,
  undefined,
  42,
  'token-expired',
  '{"biuwer":1,"type":"token-expired"}',
  [],
  [{ biuwer: 1, type: 'token-expired' }],
  {},
  { biuwer: 2, type: 'token-expired' },
  { biuwer: '1', type: 'token-expired' },
  { biuwer: true, type: 'resize', height: 10 },
  { biuwer: 1, type: 'TOKEN-EXPIRED' },
  { biuwer: 1, type: 'token', token: 'x' },
  { biuwer: 1, type: 'resize', height: -1 },
  { biuwer: 1, type: 'resize', height: 1e9 },
  { biuwer: 1, type: 'resize', height: NaN },
  { biuwer: 1, type: 'resize', height: Infinity },
  { biuwer: 1, type: 'resize', height: '500' },
  { biuwer: 1, type: 'resize' },
  { biuwer: 1, type: 'ready', features: 'token' },
  { biuwer: 1, type: 'ready', features: Array.from({ length: 10_000 }, (_, i) => `f${i}`) },
  { biuwer: 1, type: 'ready', features: ['x'.repeat(100_000)] },
  { biuwer: 1, type: 'ready', features: [42] },
];

describe('hardening: forged and malformed messages', function () {
  // Real frames and locks run in real time; a loaded machine (parallel suites) is slow.
  this.timeout(60_000);
  let r: Rig;
  before(async () => {
    r = await rig();
  });
  after(() => {
    r.p.stop();
    r.el.parentElement?.remove();
  });

  it('from the host page itself (wrong origin, wrong source)', async () => {
    await expectUntouched(r, () => FORGED.forEach((m) => window.postMessage(m, '*')));
  });

  it('from a frame on another (opaque) origin', async () => {
    // Its last message says it is done: a frame's messages arrive in the order it sent them.
    const script = `<script>for (const m of ${JSON.stringify(FORGED)}) parent.postMessage(m, '*'); parent.postMessage('done', '*')</script>`;
    await expectUntouched(r, async () => {
      const { frame } = insertFrame(`data:text/html,${encodeURIComponent(script)}`);
      await messageFrom(
        () => frame,
        (data) => data === 'done',
      );
      frame.remove();
    });
  });

  it("from a second frame of the instance's own origin (right origin, wrong source)", async () => {
    await expectUntouched(r, async () => {
      const echo = await frameOn(ECHO_ON_INSTANCE);
      // The echo frame acknowledges each message after posting it.
      const last = FORGED.length - 1;
      const acked = messageFrom(
        () => echo,
        (data) => (data as { ack?: number } | null)?.ack === last,
      );
      FORGED.forEach((payload, id) =>
        echo.contentWindow!.postMessage({ cmd: 'send', payload, id }, SIM_INSTANCE),
      );
      await acked;
      echo.remove();
    });
  });

  it('from another Biuwer share frame with a different name (it really speaks the protocol)', async () => {
    await expectUntouched(r, async () => {
      // An unknown token: that share page reports token-expired (after its ready) to us.
      const { frame: other } = insertFrame(
        `${SIM_INSTANCE}/share`,
        `${RESOURCES.page}:0000deadbeef`,
      );
      await messageFrom(
        () => other,
        (data) => (data as { type?: string } | null)?.type === 'token-expired',
      );
      other.remove();
    });
  });

  it('with a wrong shape from the right frame and origin, or the right messages after it navigated to another origin', async () => {
    // Its own rig: the embed's frame stops being a share page here. The frame navigates
    // (its window, `event.source`, stays the same) to an echo page on the instance origin,
    // so its messages are trusted, from the right source and origin, and have a wrong shape;
    // then to the same page on the host's origin, so the right messages come from the wrong
    // origin. Both as a broken or hijacked share page would send them, in every engine.
    const own = await rig();
    try {
      const frame = own.el.shadowRoot!.querySelector('iframe')!;
      const sendAll = async (payloads: unknown[]) => {
        const acked = messageFrom(
          () => frame,
          (data) => (data as { ack?: number } | null)?.ack === payloads.length - 1,
        );
        payloads.forEach((payload, id) =>
          frame.contentWindow!.postMessage({ cmd: 'send', payload, id }, '*'),
        );
        await acked;
      };
      await expectUntouched(own, async () => {
        await navigate(frame, ECHO_ON_INSTANCE);
        // The share page's last reports came before its page unloaded; the echo page's come
        // after this load event.
        own.stopReports();
        await sendAll(WRONG_SHAPES);
        await navigate(frame, ECHO_ON_INSTANCE.replace(SIM_INSTANCE, location.origin));
        await sendAll([...FORGED, ...WRONG_SHAPES]);
      });
    } finally {
      own.p.stop();
      own.el.parentElement?.remove();
    }
  });

  it('a flood of 10,000 forged messages is ignored, quickly', async () => {
    const script = `<script>for (let i = 0; i < 10000; i++) parent.postMessage({biuwer: 1, type: i % 2 ? 'resize' : 'token-expired', height: i}, '*'); parent.postMessage('done', '*')</script>`;
    await expectUntouched(r, async () => {
      const done = new Promise((resolve) =>
        window.addEventListener('message', function onDone(e) {
          if (e.data === 'done') {
            window.removeEventListener('message', onDone);
            resolve(undefined);
          }
        }),
      );
      const start = performance.now();
      const frame = await frameOn(`data:text/html,${encodeURIComponent(script)}`);
      await done;
      for (let i = 0; i < 10_000; i++)
        window.postMessage({ biuwer: 1, type: 'resize', height: i }, '*');
      const echo = await frameOn(ECHO_ON_INSTANCE);
      const acked = messageFrom(
        () => echo,
        (data) => (data as { ack?: number } | null)?.ack === 1_999,
      );
      for (let i = 0; i < 2_000; i++) {
        echo.contentWindow!.postMessage(
          { cmd: 'send', payload: { biuwer: 1, type: 'token-expired' }, id: i },
          SIM_INSTANCE,
        );
      }
      await acked;
      frame.remove();
      echo.remove();
      expect(performance.now() - start).to.be.below(30_000);
    });
  });
});

interface Sent {
  targetOrigin: unknown;
  data: unknown;
  via: string;
}

describe('hardening: where tokens are posted', function () {
  // Real frames and locks run in real time; a loaded machine (parallel suites) is slow.
  this.timeout(60_000);
  const sent: Sent[] = [];
  const realPost = Window.prototype.postMessage;
  const contentWindow = Object.getOwnPropertyDescriptor(
    HTMLIFrameElement.prototype,
    'contentWindow',
  )!;

  before(() => {
    // Same-realm windows go through Window.prototype.postMessage.
    Window.prototype.postMessage = function (this: Window, ...args: unknown[]) {
      sent.push({ data: args[0], targetOrigin: args[1], via: 'Window.prototype' });
      return (realPost as (...a: unknown[]) => void).apply(this, args);
    } as typeof realPost;
    // A cross-origin frame's postMessage is a cross-origin wrapper that no prototype patch
    // reaches, so the window handed to the code that sends is wrapped. Only there: every
    // other caller compares window identities (event.source), which a wrapper would break.
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
      configurable: true,
      get(this: HTMLIFrameElement) {
        const win = contentWindow.get!.call(this) as Window | null;
        // The caller's frame: Chromium's stack starts with an "Error" line, Firefox's not.
        const frames = (new Error().stack ?? '').split('\n').filter((l) => l && l !== 'Error');
        const caller = frames[1] ?? '';
        if (!win || !/sendToken/.test(caller)) return win;
        return new Proxy(win, {
          get(target, key) {
            if (key !== 'postMessage') return Reflect.get(target, key);
            return (...args: unknown[]) => {
              sent.push({ data: args[0], targetOrigin: args[1], via: 'contentWindow' });
              return (target.postMessage as (...a: unknown[]) => void)(...args);
            };
          },
        });
      },
    });
  });
  after(() => {
    Window.prototype.postMessage = realPost;
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', contentWindow);
  });

  it('rotating by protocol posts each token once, to exactly the instance origin, never "*"', async () => {
    const r = await rig();
    try {
      for (let i = 0; i < 3; i++) {
        const before = r.p.events.length;
        await r.el.refreshToken();
        await until(
          () => r.p.events.slice(before).some((e) => e.type === 'biuwer-token-refresh'),
          'a refresh delivered',
        );
      }
      const refreshes = r.p.events.filter((e) => e.type === 'biuwer-token-refresh');
      expect(refreshes.map((e) => (e.detail as { delivery: string }).delivery)).to.deep.equal([
        'load',
        'message',
        'message',
        'message',
      ]);
      const carrying = sent.filter((s) =>
        r.bank.pool.some((t) => JSON.stringify(s.data ?? null).includes(t)),
      );
      expect(carrying.length, 'the recorder saw the token messages').to.equal(3);
      for (const s of carrying) {
        expect(s.targetOrigin).to.equal(SIM_INSTANCE);
        expect(s.targetOrigin).not.to.equal('*');
      }
      expect(leaks(r.el, r.p, r.bank.pool)).to.deep.equal([]);
      expect(r.el.state).to.equal('ready');
    } finally {
      r.p.stop();
      r.el.parentElement?.remove();
    }
  });
});
