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
    const provider = countingProvider({ validForMs: 3_600_000 });
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
    const cards = [...root.querySelectorAll<BiuwerCardElement>('biuwer-card')];
    await Promise.all(cards.map((card) => oneEvent(card, 'biuwer-load')));
    await waitUntil(() => warnings.length > 0, 'no storage warning');
    // Only a second warning could still come: a moment for it (which cannot fail a healthy run).
    await new Promise((r) => setTimeout(r, 100));
    expect(warnings).to.deep.equal(['STORAGE_UNAVAILABLE']);
    expect(cards.map((c) => c.state)).to.deep.equal(['ready', 'ready']);
    expect(provider.calls).to.equal(1);
  });
});
