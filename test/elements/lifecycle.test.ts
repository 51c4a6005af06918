import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { _activeManagerCount } from '../../src/core/registry.js';
import type { TokenContext, TokenGrant } from '../../src/core/types.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { useClock } from '../helpers/clock.js';
import { RESOURCES, SIM_INSTANCE, issueToken } from '../helpers/sim.js';
import { graceFor, waitUntil } from '../helpers/wait.js';

/**
 * Counts listeners added to and removed from `target` while installed, by identity (type,
 * listener, capture), so removing a listener that was never added does not hide a leak.
 */
function trackListeners(target: EventTarget) {
  const add = target.addEventListener;
  const remove = target.removeEventListener;
  const live = new Map<string, Set<EventListenerOrEventListenerObject>>();
  const keyOf = (type: string, options?: boolean | EventListenerOptions): string =>
    `${type}|${typeof options === 'boolean' ? options : options?.capture === true}`;
  target.addEventListener = function (type, listener, options) {
    if (listener) {
      const key = keyOf(type, options);
      if (!live.has(key)) live.set(key, new Set());
      // A { once: true } listener removes itself when it fires; we cannot see that, so
      // only listeners that stay are counted (none of the kit's window listeners use once).
      if (!(typeof options === 'object' && options.once)) live.get(key)!.add(listener);
    }
    return add.call(this, type, listener, options);
  };
  target.removeEventListener = function (type, listener, options) {
    if (listener) live.get(keyOf(type, options))?.delete(listener);
    return remove.call(this, type, listener, options);
  };
  return {
    /** Listeners added since installing and still attached, by type. */
    remaining(): Record<string, number> {
      const out: Record<string, number> = {};
      for (const [key, set] of live)
        if (set.size) out[key.split('|')[0]] = (out[key.split('|')[0]] ?? 0) + set.size;
      return out;
    },
    restore(): void {
      target.addEventListener = add;
      target.removeEventListener = remove;
    },
  };
}

interface Call {
  ctx: TokenContext;
  settled: boolean;
  resolve: (grant: TokenGrant) => void;
}

/** A provider whose calls the test settles by hand (or never). */
function controlledProvider() {
  const calls: Call[] = [];
  let notify: (() => void) | undefined;
  const provider = (ctx: TokenContext): Promise<TokenGrant> =>
    new Promise<TokenGrant>((resolve) => {
      const call: Call = {
        ctx,
        settled: false,
        resolve: (grant) => {
          call.settled = true;
          resolve(grant);
        },
      };
      calls.push(call);
      notify?.();
    });
  /** Resolves when the provider has been called `count` times in all. */
  const called = (count: number): Promise<void> =>
    calls.length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`provider not called (${count})`)),
            5_000,
          );
          notify = () => {
            if (calls.length < count) return;
            clearTimeout(timer);
            notify = undefined;
            resolve();
          };
        });
  return { provider, calls, called };
}

function newCard(provider: (ctx: TokenContext) => Promise<TokenGrant>, clock: FakeClock) {
  const card = document.createElement('biuwer-card');
  card.setAttribute('loading', 'eager');
  card.setAttribute('instance', SIM_INSTANCE);
  card.setAttribute('resource', RESOURCES.kpiCard);
  card.tokenProvider = provider;
  useClock(card, clock);
  return card;
}

const framesIn = (card: BiuwerCardElement): number =>
  card.shadowRoot?.querySelectorAll('iframe').length ?? 0;

/** Polls every task (not every 50 ms as `waitUntil` does): a thousand cycles add up. */
async function soon(predicate: () => boolean, message: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(message);
    // One macrotask per poll, on purpose: the cycles run as fast as the page can.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Waits until no manager and no fake timer is left, then gives late answers a few real
 * tasks (Web Locks, aborted navigations) to show any effect: the checks after it are that
 * nothing happened, so a busy machine can only make them miss something, never fail.
 */
async function settle(clock: FakeClock): Promise<void> {
  await waitUntil(
    () => _activeManagerCount() === 0 && clock.pendingTimers() === 0,
    'the embeds never cleaned up',
  );
  await graceFor();
}

describe('connect / disconnect', () => {
  it('1000 cycles leave no manager, frame, listener, timer or live request behind', async function () {
    this.timeout(120_000);
    const { token } = await issueToken({ validForMs: 3_600_000 });
    const clock = new FakeClock(Date.now());
    const { provider, calls, called } = controlledProvider();
    const host = document.createElement('div');
    document.body.append(host);
    const windowListeners = trackListeners(window);
    const documentListeners = trackListeners(document);
    const cards = new Set<BiuwerCardElement>();
    const abortedAtDisconnect: boolean[] = [];
    const lateResults: Call[] = [];
    try {
      let card = newCard(provider, clock);
      for (let i = 0; i < 1000; i++) {
        // Mostly the same element reconnecting; now and then a brand-new one.
        if (i % 100 === 0) card = newCard(provider, clock);
        cards.add(card);
        host.append(card);
        await card.updateComplete;
        // 60 % quick cycles, 40 % with the provider reached (kept fast: each of those waits
        // for a Web Locks round trip).
        const mode = [
          'quick',
          'quick',
          'quick',
          'quick',
          'quick',
          'quick',
          'never',
          'never',
          'late',
          'frame',
        ][i % 10];
        let late: Call | undefined;
        if (mode === 'never' || mode === 'late') {
          // A provider call in flight at disconnect.
          await called(calls.length + 1);
          if (mode === 'late') late = calls[calls.length - 1];
        } else if (mode === 'frame') {
          // Token delivered, frame inserted and navigating, disconnected before it loads.
          await called(calls.length + 1);
          calls[calls.length - 1].resolve({ token, expiresIn: 3600 });
          await soon(() => framesIn(card) > 0, 'frame not inserted');
        }
        // 'quick': disconnected while the manager is still looking in its cache and lock.
        const inFlight = calls.filter((call) => !call.settled);
        card.remove();
        abortedAtDisconnect.push(...inFlight.map((call) => call.ctx.signal.aborted));
        // 'late': the provider answers after the element has gone.
        if (late) {
          late.resolve({ token, expiresIn: 3600 });
          lateResults.push(late);
        }
        // 'never': the provider never answers.
      }
      await settle(clock);
      await clock.flush();

      expect(calls.length, 'provider calls made').to.be.at.least(400);
      expect(abortedAtDisconnect.length).to.be.at.least(300);
      expect(
        abortedAtDisconnect.every(Boolean),
        'every in-flight call aborted at disconnect',
      ).to.equal(true);
      expect(calls.filter((call) => !call.settled && !call.ctx.signal.aborted)).to.have.length(0);
      expect(_activeManagerCount(), 'token managers alive').to.equal(0);
      expect(
        [...cards].map(framesIn).reduce((a, b) => a + b, 0),
        'iframes left',
      ).to.equal(0);
      expect(host.querySelectorAll('*').length).to.equal(0);
      expect(windowListeners.remaining()['message'] ?? 0, 'window message listeners left').to.equal(
        0,
      );
      expect(windowListeners.remaining(), 'window listeners left').to.deep.equal({});
      expect(documentListeners.remaining(), 'document listeners left').to.deep.equal({});
      expect(clock.pendingTimers(), 'timers left on the clock').to.equal(0);
      // Nothing happened once the late answers came in: the cards stayed as they were left.
      for (const c of cards) expect(c.frame).to.equal(undefined);
    } finally {
      windowListeners.restore();
      documentListeners.restore();
      for (const c of cards) c.remove();
      host.remove();
    }
  });

  it('keeps working when moved in the DOM, and cleans up when finally removed', async function () {
    this.timeout(40_000);
    const clock = new FakeClock(Date.now());
    let calls = 0;
    const provider = async (): Promise<TokenGrant> => {
      calls++;
      const issued = await issueToken({ validForMs: 3_600_000 });
      return { token: issued.token, expiresIn: 3600 };
    };
    const first = document.createElement('div');
    const second = document.createElement('div');
    document.body.append(first, second);
    const errors: string[] = [];
    const card = newCard(provider, clock);
    card.addEventListener('biuwer-error', (event) => errors.push(event.detail.code));
    try {
      first.append(card);
      await waitUntil(() => card.state === 'ready' && card.frame, 'never became ready', {
        timeout: 25_000,
      });

      second.append(card); // a move: disconnect and connect in one step
      expect(card.isConnected).to.equal(true);
      await waitUntil(() => card.state === 'ready' && card.frame, 'never became ready', {
        timeout: 25_000,
      });
      expect(framesIn(card)).to.equal(1);
      expect(card.frame!.name).to.match(new RegExp(`^${RESOURCES.kpiCard}:[0-9a-f]+$`));
      expect(errors).to.deep.equal([]);
      expect(_activeManagerCount()).to.equal(1);
      expect(calls).to.be.within(1, 2);

      card.remove();
      await settle(clock);
      expect(_activeManagerCount()).to.equal(0);
      expect(framesIn(card)).to.equal(0);
      expect(clock.pendingTimers()).to.equal(0);
    } finally {
      card.remove();
      first.remove();
      second.remove();
    }
  });
});
