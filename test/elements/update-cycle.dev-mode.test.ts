/**
 * Runs the elements on Lit's development build (web-test-runner.config.js serves it to
 * *.dev-mode.test.ts files), whose warnings the production build keeps quiet: above all
 * "scheduled an update after an update completed", a sign of work done in `updated()` that
 * costs every change a second render.
 */
import { expect, fixtureSync, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import { cardTemplate, visibleFrame } from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/** Every warning Lit's development build issued on this page (it records them all here). */
const issued = (): string[] =>
  [...((globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings ?? [])].filter((w) =>
    w.includes(' '),
  );

async function readyAgain(cards: BiuwerCardElement[], before: (HTMLIFrameElement | null)[]) {
  await waitUntil(
    () =>
      cards.every(
        (c, i) => c.state === 'ready' && visibleFrame(c) && visibleFrame(c) !== before[i],
      ),
    'not every card showed a new frame',
    { timeout: 25_000 },
  );
}

describe("Lit's development build", function () {
  this.timeout(60_000);

  it('is what this file runs, and it reports an update scheduled after an update', async () => {
    expect(issued().some((w) => w.includes('Lit is in dev mode'))).to.equal(true);
    // One copy of each Lit package on the page: the elements run the development build too.
    const versions = globalThis as unknown as Record<string, unknown[] | undefined>;
    for (const name of ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions']) {
      expect(versions[name], name).to.have.length(1);
    }
    const tag = `late-update-${Math.random().toString(36).slice(2)}`;
    class LateUpdate extends LitElement {
      static override properties = { count: { type: Number } };
      count = 0;
      protected override updated(): void {
        if (this.count === 0) this.count = 1;
      }
    }
    customElements.define(tag, LateUpdate);
    const el = document.createElement(tag) as LateUpdate;
    document.body.append(el);
    await waitUntil(() => el.count === 1 && !el.isUpdatePending);
    el.remove();
    expect(issued().some((w) => w.includes(`Element ${tag} scheduled an update`))).to.equal(true);
  });

  it('the elements never schedule an update after one, through load and attribute changes', async () => {
    const provider = countingProvider({ validForMs: 3_600_000 });
    const root = fixtureSync<HTMLDivElement>(html`
      <div>
        <biuwer-session loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${provider}>
          <biuwer-card resource=${RESOURCES.kpiCard}></biuwer-card>
        </biuwer-session>
        ${cardTemplate({ resource: RESOURCES.lineCard, tokenProvider: provider })}
      </div>
    `);
    const session = root.querySelector<BiuwerSessionElement>('biuwer-session')!;
    const cards = [...root.querySelectorAll('biuwer-card')];
    await readyAgain(cards, [null, null]);

    // Frame-only changes: retitled or re-framed in place.
    for (const card of cards) {
      card.setAttribute('title', 'Revenue');
      card.setAttribute('frame-title', 'Revenue 2026');
      card.setAttribute('auto-height', '');
      card.setAttribute('load-timeout', '20000');
    }
    root.setAttribute('lang', 'es');
    await waitUntil(() => cards.every((c) => visibleFrame(c)?.title === 'Revenue 2026'));
    await Promise.all(cards.map((c) => c.updateComplete));

    // Changes that need a new frame.
    let before = cards.map(visibleFrame);
    session.setAttribute('allow', 'fullscreen');
    cards[1].setAttribute('allow', 'fullscreen');
    await readyAgain(cards, before);

    before = cards.map(visibleFrame);
    cards[0].setAttribute('resource', RESOURCES.barCard);
    cards[1].setAttribute('resource', RESOURCES.barCard);
    await readyAgain(cards, before);

    // An error, and Try again.
    cards[1].setAttribute('sandbox', 'allow-everything');
    await waitUntil(() => cards[1].state === 'error');
    await cards[1].updateComplete;
    cards[1].removeAttribute('sandbox');
    before = cards.map(visibleFrame);
    cards[1].shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await readyAgain([cards[1]], [before[1]]);
    session.hidden = true;
    cards[1].hidden = true;
    await Promise.all([session.updateComplete, ...cards.map((c) => c.updateComplete)]);

    const ours = issued().filter((w) => /biuwer-/.test(w));
    expect(ours).to.deep.equal([]);
    expect(
      issued().filter((w) => w.includes('scheduled an update') && !w.includes('late-update')),
    ).to.deep.equal([]);
  });
});
