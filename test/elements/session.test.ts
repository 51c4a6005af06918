import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import type { BiuwerTokenRefreshDetail } from '../../src/elements/events.js';
import type { TokenContext, TokenGrant } from '../../src/core/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { withClock } from '../helpers/clock.js';
import { mount, visibleFrame } from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, issueToken } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Cards cycle through protocol-speaking cards and a page that speaks no protocol, so a
 * rotation is seen both as a message (frame kept) and as a seamless swap (new frame name).
 */
const CARD_RESOURCES = [
  RESOURCES.kpiCard,
  RESOURCES.lineCard,
  RESOURCES.barCard,
  RESOURCES.noProtocolPage,
] as const;

/** `count` eager cards in a session, their resources taken from CARD_RESOURCES in turn. */
function cyclingCards(count: number, clock?: FakeClock) {
  return Array.from({ length: count }, (_, i) =>
    clock
      ? html`<biuwer-card
          loading="eager"
          ${withClock(clock)}
          resource=${CARD_RESOURCES[i % CARD_RESOURCES.length]}
        ></biuwer-card>`
      : html`<biuwer-card
          loading="eager"
          resource=${CARD_RESOURCES[i % CARD_RESOURCES.length]}
        ></biuwer-card>`,
  );
}

/** A unique `user` per test, so tokens cached by one test (IndexedDB) never serve another. */
const uniqueUser = (base: string): string => `${base}-${Math.random().toString(36).slice(2, 10)}`;

interface RecordingProvider {
  (ctx: TokenContext): Promise<TokenGrant>;
  calls: number;
  tokens: string[];
  reasons: string[];
}

/** Issues real simulator tokens; `simUser` picks whose token (the simulator knows ana and ben). */
function recordingProvider(
  options: { simUser?: () => string; expiresIn?: number } = {},
): RecordingProvider {
  const provider = (async (ctx: TokenContext) => {
    provider.calls++;
    provider.reasons.push(ctx.reason);
    const issued = await issueToken({
      userId: options.simUser?.() ?? 'ana',
      validForMs: 3_600_000,
    });
    provider.tokens.push(issued.token);
    return options.expiresIn === undefined
      ? { token: issued.token, expiresAt: issued.expiresAt ?? undefined }
      : { token: issued.token, expiresIn: options.expiresIn };
  }) as RecordingProvider;
  provider.calls = 0;
  provider.tokens = [];
  provider.reasons = [];
  return provider;
}

function cardsIn(root: ParentNode): BiuwerCardElement[] {
  return [...root.querySelectorAll<BiuwerCardElement>('biuwer-card')];
}

function allFrameNames(cards: BiuwerCardElement[]): string[] {
  return cards.flatMap((card) =>
    [...card.shadowRoot!.querySelectorAll('iframe')].map((frame) => frame.name),
  );
}

/** Waits for every card to show its frame; on timeout says where each one got stuck. */
async function allReady(cards: BiuwerCardElement[], timeout = 30_000): Promise<void> {
  const deadline = performance.now() + timeout;
  while (!cards.every((card) => card.state === 'ready' && visibleFrame(card))) {
    if (performance.now() > deadline) {
      const where = cards.map(
        (c) => `${c.state}/${c.shadowRoot!.querySelectorAll('iframe').length}`,
      );
      throw new Error(
        `not every card became ready in ${timeout} ms (state/frames): ${where.join(' ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Collects every card's next `biuwer-token-refresh` with the given reason. */
function collectRefreshes(
  cards: BiuwerCardElement[],
  reason: BiuwerTokenRefreshDetail['reason'],
): Map<BiuwerCardElement, BiuwerTokenRefreshDetail> {
  const seen = new Map<BiuwerCardElement, BiuwerTokenRefreshDetail>();
  for (const card of cards) {
    card.addEventListener('biuwer-token-refresh', (event) => {
      if (event.detail.reason === reason && !seen.has(card)) seen.set(card, event.detail);
    });
  }
  return seen;
}

/**
 * After a rotation, what the user sees: a card whose frame speaks the protocol got the
 * token by message (same frame, so its name still shows the old token); any other card
 * now shows a frame named with the new token, and nothing else remains in its shadow root.
 */
function expectRotated(
  cards: BiuwerCardElement[],
  refreshes: Map<BiuwerCardElement, BiuwerTokenRefreshDetail>,
  oldToken: string,
  newToken: string,
): void {
  for (const card of cards) {
    const detail = refreshes.get(card);
    expect(detail, `refresh event on ${card.resource}`).to.exist;
    const frames = [...card.shadowRoot!.querySelectorAll('iframe')];
    expect(frames, 'one frame per card after rotation').to.have.length(1);
    if (card.resource === RESOURCES.noProtocolPage) {
      expect(detail!.delivery, 'a frame without the protocol is swapped').to.equal('swap');
    }
    // Swapped or messaged, the frame's name carries the new token: the old one lingers nowhere.
    expect(frames[0].name).to.equal(`${card.resource}:${newToken}`);
    expect(frames[0].name).not.to.contain(oldToken);
  }
}

describe('<biuwer-session>', () => {
  it('gives 20 cards one token from one provider call', async function () {
    this.timeout(60_000);
    const provider = recordingProvider();
    const session = await fixture<BiuwerSessionElement>(html`
      <biuwer-session instance=${SIM_INSTANCE} user=${uniqueUser('ana')} .tokenProvider=${provider}>
        ${CARD_RESOURCES.flatMap((resource) =>
          Array.from(
            { length: 5 },
            () => html`<biuwer-card loading="eager" resource=${resource}></biuwer-card>`,
          ),
        )}
      </biuwer-session>
    `);
    const cards = cardsIn(session);
    expect(cards).to.have.length(20);
    await allReady(cards);

    expect(provider.calls).to.equal(1);
    const [token] = provider.tokens;
    for (const card of cards) {
      expect(visibleFrame(card)!.name).to.equal(`${card.resource}:${token}`);
      expect(visibleFrame(card)!.getAttribute('src')).to.equal(`${SIM_INSTANCE}/share`);
    }
  });

  it('refreshToken() makes one more call and rotates every card', async function () {
    this.timeout(60_000);
    const provider = recordingProvider();
    const session = await fixture<BiuwerSessionElement>(html`
      <biuwer-session instance=${SIM_INSTANCE} user=${uniqueUser('ana')} .tokenProvider=${provider}>
        ${cyclingCards(20)}
      </biuwer-session>
    `);
    const cards = cardsIn(session);
    await allReady(cards);
    const refreshes = collectRefreshes(cards, 'refresh');

    await session.refreshToken();
    await waitUntil(() => refreshes.size === cards.length, 'not every card rotated', {
      timeout: 30_000,
    });
    await allReady(cards);

    expect(provider.calls).to.equal(2);
    expect(provider.reasons).to.deep.equal(['initial', 'refresh']);
    const [oldToken, newToken] = provider.tokens;
    expect(newToken).not.to.equal(oldToken);
    expectRotated(cards, refreshes, oldToken, newToken);
    for (const detail of refreshes.values()) {
      expect(JSON.stringify(detail)).not.to.contain(newToken);
    }
  });

  it('refreshes ahead of a short expiry (fake clock) with one call for all cards', async function () {
    this.timeout(60_000);
    // 120 s lifetime: the refresh margin is min(max(60 s, 12 s), 60 s), so it refreshes at 60 s.
    const provider = recordingProvider({ expiresIn: 120 });
    const clock = new FakeClock(Date.now());
    const session = await fixture<BiuwerSessionElement>(html`
      <biuwer-session instance=${SIM_INSTANCE} user=${uniqueUser('ana')} .tokenProvider=${provider}>
        ${cyclingCards(8, clock)}
      </biuwer-session>
    `);
    const cards = cardsIn(session);
    await allReady(cards);
    expect(provider.calls).to.equal(1);
    const refreshes = collectRefreshes(cards, 'refresh');

    await clock.tick(59_000);
    expect(provider.calls, 'no refresh before expiry − margin').to.equal(1);
    await clock.tick(1_500);
    await waitUntil(() => refreshes.size === cards.length, 'not every card rotated', {
      timeout: 30_000,
    });
    await allReady(cards);

    expect(provider.calls).to.equal(2);
    expect(provider.reasons).to.deep.equal(['initial', 'refresh']);
    const [oldToken, newToken] = provider.tokens;
    expectRotated(cards, refreshes, oldToken, newToken);
    for (const detail of refreshes.values()) {
      // The fake clock stood still since the tick: the new token expires 120 s from now.
      expect(detail.expiresAt).to.equal(clock.now() + 120_000);
    }
  });

  it('leaves an embed outside any session to its own attributes', async function () {
    this.timeout(60_000);
    const sessionProvider = recordingProvider();
    const ownProvider = recordingProvider({ simUser: () => 'ben' });
    const root = await mount<HTMLDivElement>(html`
      <div>
        <biuwer-session
          instance=${SIM_INSTANCE}
          user=${uniqueUser('ana')}
          .tokenProvider=${sessionProvider}
        >
          <biuwer-card loading="eager" resource=${RESOURCES.kpiCard}></biuwer-card>
        </biuwer-session>
        <biuwer-card
          id="alone"
          loading="eager"
          instance=${SIM_INSTANCE}
          resource=${RESOURCES.lineCard}
          .tokenProvider=${ownProvider}
        ></biuwer-card>
      </div>
    `);
    const cards = cardsIn(root);
    await allReady(cards);

    const alone = root.querySelector<BiuwerCardElement>('#alone')!;
    expect(ownProvider.calls).to.equal(1);
    expect(sessionProvider.calls).to.equal(1);
    expect(visibleFrame(alone)!.name).to.equal(`${RESOURCES.lineCard}:${ownProvider.tokens[0]}`);
    expect(visibleFrame(cards[0])!.name).to.equal(
      `${RESOURCES.kpiCard}:${sessionProvider.tokens[0]}`,
    );
  });

  it('keeps sessions of different users apart, even with one shared provider', async function () {
    this.timeout(60_000);
    const provider = recordingProvider();
    const root = await mount<HTMLDivElement>(html`
      <div>
        <biuwer-session
          id="a"
          instance=${SIM_INSTANCE}
          user=${uniqueUser('ana')}
          .tokenProvider=${provider}
        >
          <biuwer-card loading="eager" resource=${RESOURCES.kpiCard}></biuwer-card>
          <biuwer-card loading="eager" resource=${RESOURCES.lineCard}></biuwer-card>
        </biuwer-session>
        <biuwer-session
          id="b"
          instance=${SIM_INSTANCE}
          user=${uniqueUser('ben')}
          .tokenProvider=${provider}
        >
          <biuwer-card loading="eager" resource=${RESOURCES.kpiCard}></biuwer-card>
          <biuwer-card loading="eager" resource=${RESOURCES.lineCard}></biuwer-card>
        </biuwer-session>
      </div>
    `);
    const inA = cardsIn(root.querySelector('#a')!);
    const inB = cardsIn(root.querySelector('#b')!);
    await allReady([...inA, ...inB]);

    expect(provider.calls).to.equal(2);
    const tokenOf = (card: BiuwerCardElement): string => visibleFrame(card)!.name.split(':')[1];
    expect(tokenOf(inA[0])).to.equal(tokenOf(inA[1]));
    expect(tokenOf(inB[0])).to.equal(tokenOf(inB[1]));
    expect(tokenOf(inA[0])).not.to.equal(tokenOf(inB[0]));
  });

  it('shares one token between two sessions of the same user', async function () {
    this.timeout(60_000);
    const provider = recordingProvider();
    const user = uniqueUser('ana');
    const root = await mount<HTMLDivElement>(html`
      <div>
        <biuwer-session instance=${SIM_INSTANCE} user=${user} .tokenProvider=${provider}>
          <biuwer-card loading="eager" resource=${RESOURCES.kpiCard}></biuwer-card>
        </biuwer-session>
        <biuwer-session instance=${SIM_INSTANCE} user=${user} .tokenProvider=${provider}>
          <biuwer-card loading="eager" resource=${RESOURCES.lineCard}></biuwer-card>
        </biuwer-session>
      </div>
    `);
    const cards = cardsIn(root);
    await allReady(cards);
    expect(provider.calls).to.equal(1);
    for (const card of cards) {
      expect(visibleFrame(card)!.name).to.equal(`${card.resource}:${provider.tokens[0]}`);
    }
  });

  it("reloads every embed with the new user's token when the session's user changes", async function () {
    this.timeout(60_000);
    const anaKey = uniqueUser('ana');
    const benKey = uniqueUser('ben');
    // The backend issues a token for whoever the session's user is at the time of the call.
    const current = { user: anaKey };
    const provider = recordingProvider({
      simUser: () => (current.user === benKey ? 'ben' : 'ana'),
    });
    const session = await fixture<BiuwerSessionElement>(html`
      <biuwer-session instance=${SIM_INSTANCE} user=${anaKey} .tokenProvider=${provider}>
        ${cyclingCards(6)}
      </biuwer-session>
    `);
    const cards = cardsIn(session);
    await allReady(cards);
    const [anaToken] = provider.tokens;

    current.user = benKey;
    session.setAttribute('user', benKey);
    await waitUntil(() => provider.tokens.length === 2, 'no token for the new user', {
      timeout: 30_000,
    });
    const benToken = provider.tokens[1];
    await waitUntil(
      () =>
        cards.every(
          (card) =>
            card.state === 'ready' && visibleFrame(card)?.name === `${card.resource}:${benToken}`,
        ),
      'not every card reloaded with the new token',
      { timeout: 30_000 },
    );

    expect(provider.calls).to.equal(2);
    expect(benToken).not.to.equal(anaToken);
    expect(allFrameNames(cards).filter((name) => name.includes(anaToken))).to.deep.equal([]);
  });

  it('is found by cards nested in plain elements and in shadow roots', async function () {
    this.timeout(60_000);
    const provider = recordingProvider();
    const session = await fixture<BiuwerSessionElement>(html`
      <biuwer-session instance=${SIM_INSTANCE} user=${uniqueUser('ana')} .tokenProvider=${provider}>
        <div>
          <section>
            <article>
              <biuwer-card loading="eager" resource=${RESOURCES.kpiCard}></biuwer-card>
            </article>
          </section>
        </div>
        <div id="shadow-host"></div>
      </biuwer-session>
    `);
    // A card inside another component's shadow root: context requests are composed events.
    const shadowRoot = session.querySelector('#shadow-host')!.attachShadow({ mode: 'open' });
    const shadowCard = document.createElement('biuwer-card');
    shadowCard.setAttribute('loading', 'eager');
    shadowCard.setAttribute('resource', RESOURCES.lineCard);
    shadowRoot.append(shadowCard);

    const cards = [...cardsIn(session), shadowCard];
    await allReady(cards);
    expect(provider.calls).to.equal(1);
    for (const card of cards) {
      expect(card.state).to.equal('ready');
      expect(visibleFrame(card)!.name).to.equal(`${card.resource}:${provider.tokens[0]}`);
    }
  });
});
