// The stories' token provider: what an integrator's backend would do, with the lifetime,
// latency and failure rate as story controls, and a panel that counts the calls.
import { LitElement, css, html, nothing } from 'lit';
import type { TokenContext, TokenGrant, TokenProvider } from '../../src/core/types.js';
import { mintToken, type SampleUser } from './tokens.js';

export type ProviderBehavior =
  | 'tokens'
  | 'invalid-grant'
  | 'already-expired'
  | 'revoked-tokens'
  | 'unauthorized'
  | 'never-answers'
  | 'down-after-first';

export interface ProviderSettings {
  /** Seconds until a token expires; 0 = the grant carries no expiry. */
  providerLifetime: number;
  /** Milliseconds before the provider answers. */
  providerLatency: number;
  /** Probability (0–1) that a call fails. */
  providerFailureRate: number;
  providerBehavior: ProviderBehavior;
  sampleUser: SampleUser;
  /** Mint single-use tokens (the share page accepts each one once). */
  singleUse?: boolean;
}

export interface LabEntry {
  at: number;
  text: string;
  kind: 'call' | 'ok' | 'fail' | 'event' | 'error';
}

const MAX_LOG = 12;

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** One provider and its counters; a story render makes a new one, so counts restart. */
export class TokenLab {
  calls = 0;
  failures = 0;
  readonly byReason: Record<TokenContext['reason'], number> = {
    initial: 0,
    refresh: 0,
    rejected: 0,
  };
  /** Expiry of the last token handed out, epoch ms. */
  lastExpiresAt: number | null = null;
  readonly log: LabEntry[] = [];
  readonly provider: TokenProvider;
  private readonly listeners = new Set<() => void>();

  constructor(readonly settings: ProviderSettings) {
    this.provider = (ctx) => this.call(ctx);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  note(text: string, kind: LabEntry['kind']): void {
    this.log.unshift({ at: Date.now(), text, kind });
    this.log.length = Math.min(this.log.length, MAX_LOG);
    for (const listener of this.listeners) listener();
  }

  private async call({ reason, signal }: TokenContext): Promise<string | TokenGrant> {
    const s = this.settings;
    this.calls++;
    this.byReason[reason]++;
    this.note(`provider called (${reason})`, 'call');
    try {
      if (s.providerBehavior === 'never-answers') {
        await new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        );
      }
      if (s.providerLatency > 0) await wait(s.providerLatency, signal);
      const down = s.providerBehavior === 'down-after-first' && this.calls > 1;
      if (down || failsAt(this.calls, s.providerFailureRate)) {
        throw new Error('Simulated provider failure (network down).');
      }
      const grant = this.grant();
      this.note(describe(grant), 'ok');
      return grant;
    } catch (error) {
      if (signal.aborted) {
        this.note('call abandoned by the kit', 'fail');
      } else {
        this.failures++;
        this.note(`provider failed: ${(error as Error).message}`, 'fail');
      }
      throw error;
    }
  }

  private grant(): TokenGrant {
    const s = this.settings;
    const now = Date.now();
    const lifetimeMs = s.providerLifetime * 1000;
    switch (s.providerBehavior) {
      case 'invalid-grant':
        // A backend that answers with its own error object instead of a grant.
        return { error: 'no token for you' } as unknown as TokenGrant;
      case 'already-expired': {
        const expiresAt = now - 60_000;
        this.lastExpiresAt = expiresAt;
        return { token: mintToken({ user: s.sampleUser, expiresAt }), expiresAt };
      }
      case 'unauthorized':
        throw Object.assign(new Error('The user is signed out (401).'), { status: 401 });
      default: {
        const expiresAt = lifetimeMs > 0 ? now + lifetimeMs : null;
        this.lastExpiresAt = expiresAt;
        const kind =
          s.providerBehavior === 'revoked-tokens' ? 'rv' : s.singleUse ? 'su' : ('sb' as const);
        const token = mintToken({ user: s.sampleUser, expiresAt, kind });
        return expiresAt === null ? { token } : { token, expiresIn: lifetimeMs / 1000 };
      }
    }
  }
}

/**
 * Spreads failures evenly instead of at random, so a story behaves the same every time:
 * with a rate of 0.5 every second call fails, and only a rate of 1 fails the first call.
 */
function failsAt(call: number, rate: number): boolean {
  const r = Math.min(Math.max(rate, 0), 1);
  return Math.floor(call * r) !== Math.floor((call - 1) * r);
}

function describe(grant: TokenGrant): string {
  if (typeof grant.token !== 'string') return 'answered with something that is not a grant';
  if (grant.expiresIn !== undefined) return `token issued, expires in ${grant.expiresIn} s`;
  if (grant.expiresAt !== undefined) return 'token issued, already expired';
  return 'token issued, no expiry';
}

const EVENTS = ['biuwer-load', 'biuwer-error', 'biuwer-token-refresh'] as const;

/**
 * `<story-token-lab>`: the panel beside the embeds. Counts provider calls, shows the current
 * token's remaining life and the kit's events, and offers reload / refresh buttons. It
 * listens for events on its parent, so it sees only its own story's embeds.
 */
export class StoryTokenLab extends LitElement {
  static override properties = { lab: { attribute: false } };
  static override styles = css`
    :host {
      display: block;
      font:
        13px/1.4 system-ui,
        sans-serif;
      color: #1f2937;
      background: #f8fafc;
      border: 1px solid #e2e8f0;
      border-radius: 8px;
      padding: 12px;
      align-self: start;
    }
    h2 {
      font-size: 13px;
      margin: 0 0 8px;
      text-transform: uppercase;
      letter-spacing: 0.04em;
      color: #475569;
    }
    .calls {
      font-size: 28px;
      font-weight: 600;
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 2px 8px;
      margin: 8px 0;
    }
    dt {
      color: #64748b;
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    ol {
      list-style: none;
      padding: 0;
      margin: 8px 0 0;
      max-height: 220px;
      overflow: auto;
      font-size: 12px;
    }
    li {
      padding: 2px 0;
      border-top: 1px solid #e2e8f0;
    }
    .fail,
    .error {
      color: #b91c1c;
    }
    .ok {
      color: #047857;
    }
    button {
      font: inherit;
      margin: 4px 4px 0 0;
    }
  `;

  // `declare`: a class field would shadow the reactive accessor Lit creates for `lab`.
  declare lab?: TokenLab;
  private unsubscribe?: () => void;
  private ticker?: ReturnType<typeof setInterval>;
  private scope?: Element | null;
  private readonly onEvent = (event: Event) => {
    const detail = (event as CustomEvent<Record<string, unknown>>).detail ?? {};
    const tag = (event.target as Element).localName;
    const text =
      event.type === 'biuwer-error'
        ? `${tag}: ${String(detail.code)}`
        : event.type === 'biuwer-token-refresh'
          ? `${tag}: new token by ${String(detail.delivery)} (${String(detail.reason)})`
          : `${tag}: content shown${detail.rotated ? ' (after a swap)' : ''}`;
    this.lab?.note(text, event.type === 'biuwer-error' ? 'error' : 'event');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.ticker = setInterval(() => this.requestUpdate(), 1000);
    this.scope = this.parentElement;
    for (const type of EVENTS) this.scope?.addEventListener(type, this.onEvent);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.ticker);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const type of EVENTS) this.scope?.removeEventListener(type, this.onEvent);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lab')) {
      this.unsubscribe?.();
      this.unsubscribe = this.lab?.subscribe(() => this.requestUpdate());
    }
  }

  private embeds(): Array<HTMLElement & { reload(): void; refreshToken(): Promise<void> }> {
    return [
      ...(this.scope?.querySelectorAll<
        HTMLElement & { reload(): void; refreshToken(): Promise<void> }
      >('biuwer-session, biuwer-page, biuwer-card, biuwer-collection') ?? []),
    ].filter((el) => el.localName === 'biuwer-session' || !el.closest('biuwer-session'));
  }

  protected override render() {
    const lab = this.lab;
    if (!lab) return nothing;
    const left =
      lab.lastExpiresAt === null ? null : Math.round((lab.lastExpiresAt - Date.now()) / 1000);
    return html`
      <h2>Token provider</h2>
      <div><span class="calls" data-provider-calls=${lab.calls}>${lab.calls}</span> calls</div>
      <dl>
        <dt>initial / refresh / rejected</dt>
        <dd>${lab.byReason.initial} / ${lab.byReason.refresh} / ${lab.byReason.rejected}</dd>
        <dt>failures</dt>
        <dd>${lab.failures}</dd>
        <dt>last token</dt>
        <dd>
          ${
            left === null
              ? lab.calls
                ? 'no expiry'
                : '—'
              : left > 0
                ? `expires in ${left} s`
                : `expired ${-left} s ago`
          }
        </dd>
      </dl>
      <button type="button" @click=${() => this.embeds().forEach((el) => el.reload())}>
        Reload
      </button>
      <button
        type="button"
        @click=${() => this.embeds().forEach((el) => void el.refreshToken().catch(() => {}))}
      >
        Refresh token now
      </button>
      <ol aria-label="Provider calls and embed events">
        ${lab.log.map(
          (entry) =>
            html`<li class=${entry.kind}>
              ${new Date(entry.at).toLocaleTimeString()} ${entry.text}
            </li>`,
        )}
      </ol>
    `;
  }
}

if (!customElements.get('story-token-lab')) customElements.define('story-token-lab', StoryTokenLab);
