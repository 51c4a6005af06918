/**
 * One scenario for every IndexedDB fault, each run from its own test file: the page-wide
 * token store switches to memory for good on its first failure, so faults cannot share a page.
 */
import { expect, fixtureSync, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { withClock } from '../helpers/clock.js';
import { RESOURCES, SIM_INSTANCE } from '../helpers/sim.js';
import { graceFor } from '../helpers/wait.js';
import { MINUTE, TokenBank, leaks, probe, until } from './helpers.js';

export function storageFaultSuite(what: string, install: () => () => void): void {
  describe(`hardening: IndexedDB fault — ${what}`, function () {
    // Real frames and locks run in real time; a loaded machine (parallel suites) is slow.
    this.timeout(240_000);
    it('warns once, keeps tokens in memory, refreshes, and keeps working after the fault', async function () {
      const clock = new FakeClock(Date.now());
      const bank = await TokenBank.create(clock, 6);
      const undo = install();
      let root: BiuwerSessionElement | undefined;
      try {
        const user = `idb-fault-${Math.random().toString(36).slice(2)}`;
        root = fixtureSync<BiuwerSessionElement>(html`
          <biuwer-session
            instance=${SIM_INSTANCE}
            user=${user}
            .tokenProvider=${bank.provider}
            loading="eager"
          >
            <biuwer-card
              ${withClock(clock)}
              .loadTimeout=${Number.POSITIVE_INFINITY}
              resource=${RESOURCES.kpiCard}
            ></biuwer-card>
            <biuwer-card
              ${withClock(clock)}
              .loadTimeout=${Number.POSITIVE_INFINITY}
              resource=${RESOURCES.noProtocolPage}
            ></biuwer-card>
          </biuwer-session>
        `);
        const cards = [...root.querySelectorAll<BiuwerCardElement>('biuwer-card')];
        const probes = cards.map((card) => probe(card, { clock, validity: bank.validity }));
        const warnings: Array<{ code: string; message: string }> = [];
        root.addEventListener('biuwer-error', (e) => warnings.push(e.detail));
        await until(() => cards.every((c) => c.state === 'ready'), 'both cards ready', 30_000);
        await until(() => warnings.length > 0, 'the storage warning');
        // Only a second warning could still come: a moment for it (cannot fail a healthy run).
        await graceFor();
        expect(warnings.map((w) => w.code)).to.deep.equal(['STORAGE_UNAVAILABLE']);
        expect(bank.calls, 'one token for the session').to.equal(1);
        // A refresh still works with tokens kept in memory.
        for (let t = 0; t < 55 * MINUTE; t += MINUTE) {
          await clock.tick(MINUTE);
          await clock.flush();
          await until(
            () =>
              cards.every((c) => c.state === 'ready' && !c.shadowRoot!.querySelector('.incoming')),
            'cards settle',
            30_000,
          );
        }
        expect(bank.calls).to.equal(2);
        // The fault ends; the page keeps its memory store and the content keeps working.
        undo();
        for (const card of cards) card.reload();
        await until(() => cards.every((c) => c.state === 'ready'), 'ready after reload', 30_000);
        expect(bank.calls, 'the token in memory is reused').to.equal(2);
        for (const [i, card] of cards.entries()) {
          probes[i].stop();
          expect(probes[i].violations).to.deep.equal([]);
          expect(leaks(card, probes[i], bank.pool)).to.deep.equal([]);
        }
        expect(JSON.stringify(warnings)).not.to.match(/[0-9a-f]{32}/);
      } finally {
        undo();
        root?.remove();
      }
    });
  });
}

/** Replaces a prototype method for the duration of a test. */
export function replaceMethod<T extends object>(proto: T, name: keyof T, fn: unknown): () => void {
  const saved = Object.getOwnPropertyDescriptor(proto, name)!;
  Object.defineProperty(proto, name, { ...saved, value: fn });
  return () => Object.defineProperty(proto, name, saved);
}
