import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import type { TokenContext } from '../../src/core/types.js';
import { RESOURCES, SIM_INSTANCE, issueToken, revokeToken } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Embeds of one session reloading while their shared token changes: a token that arrives
 * while a frame is still loading, or a refusal of a token another embed already replaced.
 * What a user sees: every card ends on the newest token, and the backend is asked once.
 */

/** Hands out tokens issued beforehand, so a refresh completes before any frame can load. */
async function instantProvider(count: number) {
  const pool = await Promise.all(
    Array.from({ length: count }, () => issueToken({ validForMs: 3_600_000 })),
  );
  const provider = (ctx: TokenContext) => {
    const issued = pool[provider.calls++];
    provider.reasons.push(ctx.reason);
    if (!issued) return Promise.reject(new Error('the test ran out of tokens'));
    return Promise.resolve({ token: issued.token, expiresIn: 3600 });
  };
  provider.calls = 0;
  provider.reasons = [] as string[];
  provider.tokens = pool.map((issued) => issued.token);
  return provider;
}

const frameNames = (card: BiuwerCardElement): string[] =>
  [...card.shadowRoot!.querySelectorAll('iframe')].map((frame) => frame.name);

/** Waits until every card shows exactly one frame, named with `token`, in the ready state. */
async function allOn(cards: BiuwerCardElement[], token: string): Promise<void> {
  const onToken = (card: BiuwerCardElement): boolean => {
    const names = frameNames(card);
    return card.state === 'ready' && names.length === 1 && names[0] === `${card.resource}:${token}`;
  };
  try {
    await waitUntil(() => cards.every(onToken), 'timeout', { timeout: 30_000 });
  } catch {
    const where = cards.map((card) => `${card.state}/${frameNames(card).length}/${onToken(card)}`);
    throw new Error(`not every card ended on the newest token (state/frames/on it): ${where}`);
  }
}

// Protocol-speaking cards (rotated by message) and a page without it (rotated by swap).
const MIXED = [RESOURCES.kpiCard, RESOURCES.lineCard, RESOURCES.noProtocolPage] as const;

/** A session on the simulator holding one eager card per resource, and its cards. */
async function sessionOf(
  provider: BiuwerSessionElement['tokenProvider'],
  resources: readonly string[],
): Promise<{ session: BiuwerSessionElement; cards: BiuwerCardElement[] }> {
  const session = await fixture<BiuwerSessionElement>(html`
    <biuwer-session instance=${SIM_INSTANCE} .tokenProvider=${provider}>
      ${resources.map((r) => html`<biuwer-card loading="eager" resource=${r}></biuwer-card>`)}
    </biuwer-session>
  `);
  return { session, cards: [...session.querySelectorAll<BiuwerCardElement>('biuwer-card')] };
}

describe('<biuwer-session> under concurrent reloads', () => {
  it('a card reloading while the session refreshes ends on the new token', async function () {
    this.timeout(60_000);
    const provider = await instantProvider(3);
    const { session, cards } = await sessionOf(provider, MIXED);
    const [first, second] = provider.tokens;
    await allOn(cards, first);

    // Every card starts loading a new frame with the current token, and before any of those
    // frames has loaded, the session has a newer token.
    for (const card of cards) card.reload();
    await Promise.all(cards.map((card) => card.updateComplete));
    await session.refreshToken();

    await allOn(cards, second);
    expect(provider.calls).to.equal(2);
    expect(provider.reasons).to.deep.equal(['initial', 'refresh']);
  });

  it('a token revoked under every card: all reload onto one replacement, one call', async function () {
    this.timeout(60_000);
    const provider = await instantProvider(4);
    const { session, cards } = await sessionOf(provider, [...MIXED, RESOURCES.barCard]);
    const [first, second] = provider.tokens;
    await allOn(cards, first);
    const errors: string[] = [];
    session.addEventListener('biuwer-error', (event) => errors.push(event.detail.code));

    // The demo's "Revoke" drill: Biuwer withdraws the token and every embed reloads. Each
    // frame refuses it; the first refusal fetches a replacement, the others move onto it.
    await revokeToken(first);
    for (const card of cards) card.reload();

    await allOn(cards, second);
    expect(errors).to.deep.equal([]);
    expect(provider.calls).to.equal(2);
    expect(provider.reasons).to.deep.equal(['initial', 'rejected']);
  });

  it('a revoked static token (policy none) under every card: each card shows TOKEN_REJECTED', async function () {
    this.timeout(60_000);
    // The integrator has one hand-made token and hands it out again after Biuwer refused it.
    const { token } = await issueToken({ validForMs: 3_600_000 });
    const reasons: string[] = [];
    const provider = (ctx: TokenContext) => {
      reasons.push(ctx.reason);
      return Promise.resolve({ token, expiresIn: 3600 });
    };
    const { session, cards } = await sessionOf(provider, [...MIXED, RESOURCES.barCard]);
    await allOn(cards, token);
    const errors: string[] = [];
    session.addEventListener('biuwer-error', (event) =>
      errors.push(`${(event.target as BiuwerCardElement).resource}:${event.detail.code}`),
    );

    await revokeToken(token);
    for (const card of cards) card.reload();

    // None may stay on Biuwer's "content not found" screen looking ready.
    await waitUntil(
      () => cards.every((card) => card.state === 'error'),
      'a card stayed on the refused token without an error',
    );
    // One error per card, in whatever order their frames refused.
    expect(errors.sort()).to.deep.equal(
      cards.map((card) => `${card.resource}:TOKEN_REJECTED`).sort(),
    );
    expect(reasons[0]).to.equal('initial');
    expect(reasons.slice(1).every((reason) => reason === 'rejected')).to.equal(true);
  });
});
