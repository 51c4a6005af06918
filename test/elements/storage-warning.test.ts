import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

describe('IndexedDB unavailable', () => {
  const realOpen = IDBFactory.prototype.open;
  before(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  after(() => {
    IDBFactory.prototype.open = realOpen;
  });

  it('warns once with STORAGE_UNAVAILABLE and the content still loads from memory', async () => {
    const counting = countingProvider({ validForMs: 3_600_000 });
    const tokens: string[] = [];
    const provider = async () => {
      const grant = await counting();
      tokens.push(grant.token);
      return grant;
    };
    const warnings: string[] = [];
    const root = fixtureSync<HTMLElement>(html`
      <biuwer-session
        instance=${SIM_INSTANCE}
        user="private-mode-user"
        .tokenProvider=${provider}
        loading="eager"
      >
        <biuwer-card resource=${RESOURCES.kpiCard}></biuwer-card>
        <biuwer-card resource=${RESOURCES.barCard}></biuwer-card>
      </biuwer-session>
    `);
    root.addEventListener('biuwer-error', (e) => warnings.push(e.detail.code));
    const logged: string[] = [];
    const realWarn = console.warn;
    console.warn = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const cards = [...root.querySelectorAll<BiuwerCardElement>('biuwer-card')];
      await Promise.all(cards.map((card) => oneEvent(card, 'biuwer-load')));
      await waitUntil(() => warnings.length > 0, 'no storage warning');
      // A refresh stores the new token again: storage is still unusable, and still said once.
      await cards[0].refreshToken();
      expect(counting.calls).to.equal(2);
      expect(warnings).to.deep.equal(['STORAGE_UNAVAILABLE']);
      expect(cards.map((c) => c.state)).to.deep.equal(['ready', 'ready']);
      // The developer reads it on the console too, once, with the code and no token.
      expect(logged).to.have.length(1);
      expect(logged[0]).to.match(/^biuwer-embed <biuwer-card>: STORAGE_UNAVAILABLE: /);
      for (const token of tokens) expect(logged[0]).not.to.include(token);
    } finally {
      console.warn = realWarn;
    }
  });
});
