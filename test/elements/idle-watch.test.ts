import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import { holdFocus } from '../helpers/window-focus.js';
import { IdleWatch, QUIET_MS, type IdleCause } from '../../src/elements/embed/idle-watch.js';
import { SwapGate, swapDeadline, SWAP_DEADLINE_MS } from '../../src/elements/embed/swap-gate.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { stubProperty } from '../hardening/helpers.js';

/** An embed stand-in: a box holding a frame, clear of (0, 0), where resetMouse() leaves the pointer. */
async function embedBox() {
  const box = await fixture<HTMLDivElement>(html`
    <div style="position: fixed; left: 50px; top: 50px; width: 300px; height: 200px">
      <iframe srcdoc="<p>content</p>" style="width: 100%; height: 100%; border: 0"></iframe>
    </div>
  `);
  const outside = await fixture<HTMLButtonElement>(
    html`<button style="position: fixed; left: 400px; top: 300px">elsewhere</button>`,
  );
  return { box, frame: box.querySelector('iframe')!, outside };
}

/** Resolves with the cause once the watch reports idle; `fired()` says whether it has. */
function idleProbe(watch: IdleWatch) {
  let cause: IdleCause | undefined;
  const cancel = watch.onIdle((c) => (cause = c));
  return { fired: () => cause, cancel };
}

describe('IdleWatch: is somebody using the embed?', () => {
  let clock: FakeClock;
  let watch: IdleWatch | undefined;
  const undo: (() => void)[] = [];

  beforeEach(async () => {
    clock = new FakeClock();
    await holdFocus();
  });
  afterEach(async () => {
    watch?.dispose();
    watch = undefined;
    for (const u of undo.splice(0)) u();
    await resetMouse();
  });

  it('an embed nobody pointed at or focused is idle from the start', async () => {
    const { box } = await embedBox();
    watch = new IdleWatch(box, clock);
    expect(watch.idleCause()).to.equal('quiet');
  });

  it('pointer: in use while over the embed and for 10 s after it left', async () => {
    const { box } = await embedBox();
    watch = new IdleWatch(box, clock);
    await sendMouse({ type: 'move', position: [200, 150] });
    await waitUntil(() => watch!.idleCause() === undefined, 'the pointer entered');
    const probe = idleProbe(watch);
    // Resting over the embed, however long: in use.
    await clock.tick(60_000);
    expect(probe.fired()).to.equal(undefined);
    await sendMouse({ type: 'move', position: [600, 500] });
    await waitUntil(() => clock.pendingTimers() > 0, 'the quiet period started');
    await clock.tick(QUIET_MS - 1);
    expect(probe.fired()).to.equal(undefined);
    await clock.tick(1);
    expect(probe.fired()).to.equal('quiet');
  });

  it('pointer: last seen just beside the embed, it counts as over the frame', async () => {
    const { box } = await embedBox();
    watch = new IdleWatch(box, clock);
    // 10 px left of the box: where the host page last sees a pointer moving into a
    // cross-site frame, over which Chromium reports nothing to the page.
    await sendMouse({ type: 'move', position: [40, 150] });
    await waitUntil(() => watch!.idleCause() === undefined, 'the pointer is by the frame');
    const probe = idleProbe(watch);
    await clock.tick(60_000);
    expect(probe.fired()).to.equal(undefined);
    // Back on the page, away from the embed: the quiet period starts.
    await sendMouse({ type: 'move', position: [600, 500] });
    await waitUntil(() => clock.pendingTimers() > 0, 'the quiet period started');
    await clock.tick(QUIET_MS);
    expect(probe.fired()).to.equal('quiet');
  });

  it('pointer: coming back during the quiet period starts it again', async () => {
    const { box } = await embedBox();
    watch = new IdleWatch(box, clock);
    await sendMouse({ type: 'move', position: [200, 150] });
    await sendMouse({ type: 'move', position: [600, 500] });
    await waitUntil(() => watch!.idleCause() === undefined && clock.pendingTimers() === 0);
    const probe = idleProbe(watch);
    await clock.tick(8_000);
    await sendMouse({ type: 'move', position: [200, 150] });
    await waitUntil(() => clock.pendingTimers() === 0, 'the pointer is back');
    await sendMouse({ type: 'move', position: [600, 500] });
    await waitUntil(() => clock.pendingTimers() === 1, 'the pointer left again');
    await clock.tick(QUIET_MS - 1);
    expect(probe.fired()).to.equal(undefined);
    await clock.tick(1);
    expect(probe.fired()).to.equal('quiet');
  });

  it('focus: in use while the frame holds the focus and for 10 s after it left', async () => {
    const { box, frame, outside } = await embedBox();
    watch = new IdleWatch(box, clock);
    frame.focus();
    expect(document.activeElement).to.equal(frame);
    const probe = idleProbe(watch);
    await clock.tick(5 * 60_000);
    expect(probe.fired()).to.equal(undefined);
    outside.focus();
    await clock.tick(QUIET_MS - 1);
    expect(probe.fired()).to.equal(undefined);
    // Exactly 10 s after it left; a second more where the window got no focus event.
    await clock.tick(1_001);
    expect(probe.fired()).to.equal('quiet');
  });

  it('focus inside a shadow root counts (the kit keeps its frame there)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>content</p>';
    host.attachShadow({ mode: 'open' }).append(frame);
    watch = new IdleWatch(host, clock);
    frame.focus();
    expect(watch.idleCause()).to.equal(undefined);
    frame.blur();
    expect(watch.idleCause()).to.equal(undefined);
    await clock.tick(QUIET_MS);
    expect(watch.idleCause()).to.equal('quiet');
  });

  it('hidden: a hidden tab is idle at once, even with the focus in the frame', async () => {
    const { box, frame } = await embedBox();
    watch = new IdleWatch(box, clock);
    frame.focus();
    const probe = idleProbe(watch);
    undo.push(stubProperty(document, 'visibilityState', 'hidden'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(probe.fired()).to.equal('hidden');
  });

  it('off-screen: an embed scrolled out of view is idle at once', async () => {
    const { box, frame } = await embedBox();
    watch = new IdleWatch(box, clock);
    frame.focus();
    // Let the observer's first report (on-screen) arrive, then move the box out of view.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const probe = idleProbe(watch);
    expect(probe.fired()).to.equal(undefined);
    box.style.top = '-5000px';
    await waitUntil(() => probe.fired(), 'the observer reported the embed off-screen');
    expect(probe.fired()).to.equal('off-screen');
  });

  it('stops listening when disposed: no timer is left behind', async () => {
    const { box, frame, outside } = await embedBox();
    watch = new IdleWatch(box, clock);
    frame.focus();
    let fired = false;
    watch.onIdle(() => (fired = true));
    outside.focus();
    expect(clock.pendingTimers()).to.be.greaterThan(0);
    watch.dispose();
    expect(clock.pendingTimers()).to.equal(0);
    await clock.tick(QUIET_MS);
    expect(fired).to.equal(false);
  });
});

describe('SwapGate: a swap waits for an idle moment, never past its deadline', () => {
  let clock: FakeClock;
  let gate: SwapGate;
  let frame: HTMLIFrameElement;
  let outside: HTMLButtonElement;

  beforeEach(async () => {
    clock = new FakeClock();
    await holdFocus();
    ({ frame, outside } = await embedBox());
    // An embed whose live frame can only be swapped: it is watched.
    gate = new SwapGate(frame.parentElement!, clock, 'idle');
    gate.setSwaps(true);
    // Somebody works in the frame.
    frame.focus();
  });
  afterEach(() => gate.dispose());

  const settled = <T>(promise: Promise<T>) => {
    const state: { value?: T; error?: unknown } = {};
    promise.then(
      (value) => (state.value = value),
      (error) => (state.error = error),
    );
    return state;
  };

  it('deadline: 10 s before the live token expires the swap goes through regardless', async () => {
    const live = {
      token: 't',
      issuedAt: clock.now(),
      expiresAt: clock.now() + 60_000,
      singleUse: false,
    };
    const deadline = swapDeadline(live)!;
    expect(deadline).to.equal(live.expiresAt - SWAP_DEADLINE_MS);
    const wait = settled(gate.wait(deadline, new AbortController().signal));
    await clock.tick(50_000 - 1);
    expect(wait.value).to.equal(undefined);
    await clock.tick(1);
    expect(wait.value).to.equal('deadline');
  });

  it('a deadline already past, or rotate="immediate", does not wait at all', async () => {
    const signal = new AbortController().signal;
    expect(await gate.wait(clock.now() - 1, signal)).to.equal('deadline');
    expect(await new SwapGate(frame, clock, 'immediate').wait(undefined, signal)).to.equal(
      'immediate',
    );
  });

  it('the idle moment comes first: it goes through then', async () => {
    const wait = settled(gate.wait(clock.now() + 60_000, new AbortController().signal));
    outside.focus();
    await clock.tick(QUIET_MS + 1_000);
    expect(wait.value).to.equal('quiet');
  });

  it('unknown expiry: no deadline, it waits for idle however long that takes', async () => {
    expect(swapDeadline({ token: 't', issuedAt: 0, singleUse: false })).to.equal(undefined);
    const wait = settled(gate.wait(undefined, new AbortController().signal));
    await clock.tick(24 * 3_600_000);
    expect(wait.value).to.equal(undefined);
    expect(gate.waiting).to.equal(true);
    // The frame refused its token: the user already sees "content not found".
    gate.hurry();
    await clock.flush();
    expect(wait.value).to.equal('refused');
    expect(gate.waiting).to.equal(false);
  });

  it('a swap free to go at once reports 0 ms, not the time other work took meanwhile', async () => {
    outside.focus();
    await clock.tick(QUIET_MS);
    const live = { token: 't', issuedAt: clock.now(), expiresAt: clock.now() + 60_000 };
    const held = gate.hold({ ...live, singleUse: false }, 'refresh', new AbortController().signal);
    // Fifty embeds rotate on one token: the others' work runs before this hold resumes.
    clock.jump(40);
    expect(await held).to.equal(0);
  });

  it('an abort ends the wait with ABORTED and leaves no timer', async () => {
    const controller = new AbortController();
    const wait = settled(gate.wait(clock.now() + 60_000, controller.signal));
    controller.abort();
    await clock.flush();
    expect((wait.error as { code?: string }).code).to.equal('ABORTED');
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('a frame found to take tokens by message lets its held swap go, and is no longer watched', async () => {
    const wait = settled(gate.wait(clock.now() + 60_000, new AbortController().signal));
    await clock.tick(30_000);
    expect(wait.value).to.equal(undefined);
    // The frame announced the protocol: the token goes by message, which loses nothing.
    gate.setSwaps(false);
    await clock.flush();
    expect(wait.value).to.equal('immediate');
    expect(clock.pendingTimers()).to.equal(0);
  });
});
