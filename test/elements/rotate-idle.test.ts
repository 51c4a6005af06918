import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import { holdFocus } from '../helpers/window-focus.js';
import '../../src/define.js';
import type { BiuwerTokenRefreshDetail } from '../../src/elements/events.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { useClock } from '../helpers/clock.js';
import { waitUntil } from '../helpers/wait.js';
import { stubProperty } from '../hardening/helpers.js';
import { RESOURCES, SIM_INSTANCE, issueToken } from '../helpers/sim.js';

const SECOND = 1000;
/** The seeded share that behaves like a real Biuwer instance: every rotation is a swap. */
const REAL_INSTANCE = 'fa9e00000000000000000005';

/**
 * Issues simulator tokens the kit believes live 60 s (so the fake clock decides when it
 * refreshes); `simValidMs[i]` is how long the simulator really accepts the i-th one.
 */
function provider(simValidMs: number[] = []) {
  const p = async () => {
    const i = p.calls++;
    const issued = await issueToken({ validForMs: simValidMs[i] ?? 90 * 86_400_000 });
    p.tokens.push(issued.token);
    p.answered++;
    return { token: issued.token, expiresIn: 60 };
  };
  p.calls = 0;
  p.answered = 0;
  p.tokens = [] as string[];
  return p;
}

interface Mounted {
  el: BiuwerPageElement;
  clock: FakeClock;
  p: ReturnType<typeof provider>;
  refreshes: BiuwerTokenRefreshDetail[];
  outside: HTMLButtonElement;
  session: BiuwerSessionElement;
}

type Rotate = 'idle' | 'immediate';

/**
 * A page embed at (50, 50), 400 × 300, clear of (0, 0) where resetMouse() leaves the pointer;
 * with `session`, inside a `<biuwer-session rotate=…>` that holds the token settings.
 */
async function mount(
  options: { resource?: string; rotate?: Rotate; session?: Rotate; simValidMs?: number[] } = {},
): Promise<Mounted> {
  const clock = new FakeClock(Date.now());
  const p = provider(options.simValidMs);
  const el = document.createElement('biuwer-page');
  const session = document.createElement('biuwer-session');
  const settings = options.session ? session : el;
  settings.instance = SIM_INSTANCE;
  settings.tokenProvider = p;
  if (options.session) session.rotate = options.session;
  el.loading = 'eager';
  el.resource = options.resource ?? REAL_INSTANCE;
  useClock(el, clock);
  // Frames load in real time while the fake clock runs: never time them out.
  el.loadTimeout = 24 * 3_600_000;
  if (options.rotate) el.rotate = options.rotate;
  el.style.cssText = 'position: fixed; left: 50px; top: 50px; width: 400px; height: 300px';
  const refreshes: BiuwerTokenRefreshDetail[] = [];
  el.addEventListener('biuwer-token-refresh', (e) => {
    if (e.detail.delivery !== 'load') refreshes.push(e.detail);
  });
  const loaded = oneEvent(el, 'biuwer-load');
  if (options.session) session.append(el);
  const wrap = await fixture<HTMLDivElement>(
    html`<div>
      ${options.session ? session : el}<button style="position: fixed; left: 600px; top: 500px">
        elsewhere
      </button>
    </div>`,
  );
  await loaded;
  return { el, clock, p, refreshes, outside: wrap.querySelector('button')!, session };
}

// Frames that announced the protocol (`ready`), seen the way the kit sees them.
const announced = new Set<MessageEventSource>();
window.addEventListener('message', (e) => {
  if (e.data?.biuwer === 1 && e.data.type === 'ready' && e.source) announced.add(e.source);
});

const frames = (el: BiuwerPageElement) => [...el.shadowRoot!.querySelectorAll('iframe')];
const frameToken = (el: BiuwerPageElement) => frames(el)[0].name.split(':')[1];

/** Runs the fake clock to the refresh (30 s) and lets the new token reach the embed. */
async function refreshArrives(m: Mounted): Promise<void> {
  await m.clock.tick(30 * SECOND);
  await waitUntil(() => m.p.answered === 2, 'the provider answered the refresh');
  await m.clock.flush();
}

/** The swap is held: the old frame alone, still on the first token, nothing reported. */
function expectHeld(m: Mounted): void {
  expect(m.p.calls).to.equal(2);
  expect(frames(m.el)).to.have.length(1);
  expect(frameToken(m.el)).to.equal(m.p.tokens[0]);
  expect(m.refreshes).to.deep.equal([]);
}

async function swapped(m: Mounted): Promise<BiuwerTokenRefreshDetail> {
  await waitUntil(() => m.refreshes.length > 0, 'the frame was swapped');
  await waitUntil(() => frames(m.el).length === 1, 'the old frame was removed');
  expect(frameToken(m.el)).to.equal(m.p.tokens[1]);
  expect(m.p.calls).to.equal(2);
  return m.refreshes[0];
}

describe('rotate="idle": a swap waits until nobody uses the embed', () => {
  const undo: (() => void)[] = [];
  beforeEach(holdFocus);
  afterEach(async () => {
    for (const u of undo.splice(0)) u();
    await resetMouse();
  });

  it('an embed nobody touches swaps as soon as the token arrives', async () => {
    const m = await mount();
    await refreshArrives(m);
    const detail = await swapped(m);
    expect(detail).to.deep.equal({
      expiresAt: detail.expiresAt,
      reason: 'refresh',
      delivery: 'swap',
      deferredMs: 0,
    });
  });

  it('focus: waits while the frame has the focus, swaps 10 s after it left', async () => {
    const m = await mount();
    frames(m.el)[0].focus();
    await refreshArrives(m);
    await m.clock.tick(5 * SECOND);
    expectHeld(m);
    m.outside.focus();
    await m.clock.tick(9 * SECOND);
    await m.clock.flush();
    expectHeld(m);
    // 10 s after the focus left (a second more where the window missed the focus event).
    await m.clock.tick(2 * SECOND);
    const detail = await swapped(m);
    expect(detail.deferredMs).to.be.within(15 * SECOND, 16 * SECOND);
  });

  it('pointer: waits while the pointer is over the embed, swaps 10 s after it left', async () => {
    const m = await mount();
    // On its way in, the pointer crosses the page just beside the embed: Chromium reports
    // nothing to the host page while the pointer is over a cross-site frame.
    await sendMouse({ type: 'move', position: [40, 120] });
    await sendMouse({ type: 'move', position: [250, 200] });
    await refreshArrives(m);
    await m.clock.tick(8 * SECOND);
    expectHeld(m);
    await sendMouse({ type: 'move', position: [700, 560] });
    await m.clock.tick(10 * SECOND - 1);
    await m.clock.flush();
    expectHeld(m);
    await m.clock.tick(1);
    const detail = await swapped(m);
    expect(detail.deferredMs).to.equal(18 * SECOND);
  });

  it('hidden: a tab going to the background swaps at once, focus or not', async () => {
    const m = await mount();
    frames(m.el)[0].focus();
    await refreshArrives(m);
    await m.clock.tick(3 * SECOND);
    expectHeld(m);
    undo.push(stubProperty(document, 'visibilityState', 'hidden'));
    document.dispatchEvent(new Event('visibilitychange'));
    const detail = await swapped(m);
    expect(detail.deferredMs).to.equal(3 * SECOND);
  });

  it('off-screen: an embed scrolled out of view swaps at once', async () => {
    const m = await mount();
    frames(m.el)[0].focus();
    await refreshArrives(m);
    expectHeld(m);
    m.el.style.top = '-5000px';
    const detail = await swapped(m);
    expect(detail.delivery).to.equal('swap');
  });

  it('deadline: in use all along, it swaps 10 s before the shown token expires', async () => {
    const m = await mount();
    frames(m.el)[0].focus();
    await refreshArrives(m);
    await m.clock.tick(20 * SECOND - 1);
    await m.clock.flush();
    expectHeld(m);
    await m.clock.tick(1);
    const detail = await swapped(m);
    // Refreshed at 30 s, swapped at 50 s: 10 s before the first token's expiry at 60 s.
    expect(detail.deferredMs).to.equal(20 * SECOND);
  });

  it("the share page's refusal of the shown token lets the waiting swap through", async () => {
    // The simulator ends the first token after 4 s of real time, while the kit believes 60 s:
    // the no-protocol share page then shows not-found and reports it (token-expired).
    const m = await mount({ resource: RESOURCES.noProtocolPage, simValidMs: [4000] });
    frames(m.el)[0].focus();
    await refreshArrives(m);
    expectHeld(m);
    const detail = await swapped(m);
    expect(detail.delivery).to.equal('swap');
    expect(m.el.state).to.equal('ready');
  });

  it('rotate="immediate" swaps at once while the embed is in use', async () => {
    const m = await mount({ rotate: 'immediate' });
    frames(m.el)[0].focus();
    await refreshArrives(m);
    const detail = await swapped(m);
    expect(detail.deferredMs).to.equal(0);
  });

  it('<biuwer-session rotate="immediate"> applies to the embeds inside', async () => {
    const m = await mount({ session: 'immediate' });
    frames(m.el)[0].focus();
    await refreshArrives(m);
    const detail = await swapped(m);
    expect(detail.deferredMs).to.equal(0);
  });

  it("an embed's own rotate wins over its session's", async () => {
    const m = await mount({ session: 'immediate', rotate: 'idle' });
    frames(m.el)[0].focus();
    await refreshArrives(m);
    await m.clock.tick(5 * SECOND);
    expectHeld(m);
  });

  it('switching to rotate="immediate" lets a held swap through, without a reload', async () => {
    const m = await mount();
    const first = frames(m.el)[0];
    first.focus();
    await refreshArrives(m);
    await m.clock.tick(4 * SECOND);
    expectHeld(m);
    // Still the first frame: the change reached the run, which did not start again.
    expect(frames(m.el)).to.deep.equal([first]);
    m.el.rotate = 'immediate';
    const detail = await swapped(m);
    expect(detail.deferredMs).to.equal(4 * SECOND);
    expect(m.el.state).to.equal('ready');
  });

  it("a session's rotate change reaches its embeds without a reload", async () => {
    const m = await mount({ session: 'idle' });
    const first = frames(m.el)[0];
    first.focus();
    await refreshArrives(m);
    await m.clock.tick(3 * SECOND);
    expectHeld(m);
    m.session.rotate = 'immediate';
    const detail = await swapped(m);
    expect(detail.deferredMs).to.equal(3 * SECOND);
    // One swap, from the first frame: the session's change did not start the embed again.
    expect(m.refreshes).to.have.length(1);
    expect(m.p.calls).to.equal(2);
  });

  it('delivery by message never waits', async () => {
    const m = await mount({ resource: RESOURCES.page });
    const frame = frames(m.el)[0];
    frame.focus();
    // The protocol frame announces itself after it rendered; then the refresh goes by message.
    await waitUntil(() => announced.has(frame.contentWindow!), 'the frame announced the protocol');
    await refreshArrives(m);
    await waitUntil(() => m.refreshes.length > 0, 'the token was handed over');
    expect(m.refreshes[0]).to.include({ delivery: 'message', deferredMs: 0 });
    expect(frames(m.el)).to.deep.equal([frame]);
  });

  it('an unknown rotate value is INVALID_ROTATE', async () => {
    const el = document.createElement('biuwer-page');
    el.loading = 'eager';
    el.instance = SIM_INSTANCE;
    el.resource = RESOURCES.page;
    el.token = 'a11ce0000000000000000000000000a1';
    el.setAttribute('rotate', 'later');
    const failed = oneEvent(el, 'biuwer-error');
    await fixture(html`<div>${el}</div>`);
    expect((await failed).detail.code).to.equal('INVALID_ROTATE');
  });

  it('a bad rotate set on a live embed is INVALID_ROTATE; a good one recovers it', async () => {
    const m = await mount({ resource: RESOURCES.page });
    const failed = oneEvent(m.el, 'biuwer-error');
    m.el.setAttribute('rotate', 'sometimes');
    expect((await failed).detail.code).to.equal('INVALID_ROTATE');
    expect(m.el.state).to.equal('error');
    const loaded = oneEvent(m.el, 'biuwer-load');
    m.el.setAttribute('rotate', 'immediate');
    await loaded;
    expect(m.el.state).to.equal('ready');
  });
});

/**
 * What is watched now, seen through the browser APIs: the elements each IntersectionObserver
 * observes, and the window `blur` listeners (the idle watch's, nothing else in the kit).
 */
function spyWatching() {
  const observed = new Map<Element, Set<IntersectionObserver>>();
  const blurs = new Set<unknown>();
  const proto = IntersectionObserver.prototype;
  const { observe, unobserve, disconnect } = proto;
  const { addEventListener: add, removeEventListener: remove } = window;
  proto.observe = function (this: IntersectionObserver, target: Element) {
    if (!observed.has(target)) observed.set(target, new Set());
    observed.get(target)!.add(this);
    observe.call(this, target);
  };
  proto.unobserve = function (this: IntersectionObserver, target: Element) {
    observed.get(target)?.delete(this);
    unobserve.call(this, target);
  };
  proto.disconnect = function (this: IntersectionObserver) {
    for (const observers of observed.values()) observers.delete(this);
    disconnect.call(this);
  };
  window.addEventListener = function (
    this: Window,
    ...args: Parameters<Window['addEventListener']>
  ) {
    if (args[0] === 'blur') blurs.add(args[1]);
    add.apply(this, args);
  } as Window['addEventListener'];
  window.removeEventListener = function (
    this: Window,
    ...args: Parameters<Window['removeEventListener']>
  ) {
    if (args[0] === 'blur') blurs.delete(args[1]);
    remove.apply(this, args);
  } as Window['removeEventListener'];
  return {
    /** The observers watching whether this embed is on-screen. */
    observers: (el: BiuwerPageElement) => [...(observed.get(stageOf(el)) ?? [])],
    blurListeners: () => blurs.size,
    restore() {
      Object.assign(proto, { observe, unobserve, disconnect });
      window.addEventListener = add;
      window.removeEventListener = remove;
    },
  };
}

const stageOf = (el: BiuwerPageElement) => el.shadowRoot!.querySelector('.stage')!;

describe('rotate="idle": an embed is watched only while its frame can only be swapped', () => {
  let spy: ReturnType<typeof spyWatching>;
  beforeEach(() => (spy = spyWatching()));
  afterEach(() => spy.restore());

  it('a frame that takes tokens by message is not watched once it announced it', async () => {
    const m = await mount({ resource: RESOURCES.page });
    const frame = frames(m.el)[0];
    await waitUntil(() => announced.has(frame.contentWindow!), 'the frame announced the protocol');
    await waitUntil(() => spy.observers(m.el).length === 0, 'the embed is no longer observed');
    expect(spy.blurListeners()).to.equal(0);
  });

  it('nothing is watched before the first frame has loaded', async () => {
    let answer!: (token: { token: string; expiresIn: number }) => void;
    const el = document.createElement('biuwer-page');
    el.loading = 'eager';
    el.instance = SIM_INSTANCE;
    el.resource = REAL_INSTANCE;
    el.tokenProvider = () => new Promise((resolve) => (answer = resolve));
    await fixture(html`<div>${el}</div>`);
    await waitUntil(() => answer !== undefined, 'the embed asked for its token');
    expect(spy.observers(el)).to.have.length(0);
    expect(spy.blurListeners()).to.equal(0);
    const loaded = oneEvent(el, 'biuwer-load');
    answer({ token: (await issueToken()).token, expiresIn: 60 });
    await loaded;
    // A share page that takes no token by message: from now on a swap would lose the user's work.
    expect(spy.observers(el)).to.have.length(1);
    expect(spy.blurListeners()).to.equal(1);
  });

  it('every watched embed shares one observer; removed or immediate, it is no longer watched', async () => {
    const a = await mount();
    const b = await mount();
    expect(spy.observers(a.el)).to.have.length(1);
    // The very same observer (deep equality would hold for any two of them).
    expect(spy.observers(b.el)[0]).to.equal(spy.observers(a.el)[0]);
    expect(spy.blurListeners()).to.equal(2);
    a.el.remove();
    expect(spy.observers(a.el)).to.have.length(0);
    b.el.rotate = 'immediate';
    await b.el.updateComplete;
    expect(spy.observers(b.el)).to.have.length(0);
    expect(spy.blurListeners()).to.equal(0);
  });
});
