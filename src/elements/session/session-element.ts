import { LitElement, css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { provide } from '@lit/context';
import type { TokenProvider } from '../../core/types.js';
import { sessionContext, type SessionMember, type SessionSettings } from './session-context.js';

let sessionCounter = 0;

/**
 * Holds the Biuwer instance and token settings for every embed inside it, so a page of
 * twenty cards makes one token request and shares one refresh.
 *
 * @tag biuwer-session
 * @summary Shares one Biuwer instance and one auth token among the embeds inside it.
 * @slot - The `<biuwer-page>`, `<biuwer-card>` and `<biuwer-collection>` elements (at any depth).
 */
export class BiuwerSessionElement extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
  `;

  /** Biuwer origin, e.g. `https://acme.biuwer.com` (https only, except on localhost). */
  @property({ reflect: true }) instance?: string | null;
  /** A static auth token (refresh policy "none"). Not reflected to the DOM. */
  @property() token?: string | null;
  /** URL the kit POSTs to (same-origin credentials) for a grant `{token, expiresAt?, expiresIn?}`. */
  @property({ attribute: 'token-endpoint', reflect: true }) tokenEndpoint?: string | null;
  /** `(ctx) => Promise<string | TokenGrant>`; wins over `token-endpoint` and `token`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** The host application's user or tenant key; scopes the token cache. */
  @property({ reflect: true }) user?: string | null;
  /** Lifetime assumed when a grant carries no expiry: `15m`, `1d`, `30d`, `P1M`. */
  @property({ attribute: 'token-lifetime', reflect: true }) tokenLifetime?: string | null;
  /** Every frame load asks for a fresh token; never cached, stored or shared. */
  @property({ attribute: 'single-use', type: Boolean, reflect: true }) singleUse = false;
  /** `indexeddb` (default when `user` is set) or `none`. */
  @property({ reflect: true }) persist?: 'indexeddb' | 'none' | null;
  /** Default `loading` for the embeds inside: `lazy` (default) or `eager`. */
  @property({ reflect: true }) loading?: 'lazy' | 'eager' | null;
  /** Default frame sandbox for the embeds inside (validated as on an embed). */
  @property({ reflect: true }) sandbox?: string | null;
  /** Default frame permissions policy for the embeds inside. */
  @property({ reflect: true }) allow?: string | null;
  /** Default frame referrer policy for the embeds inside. */
  @property({ reflect: true }) referrerpolicy?: string | null;
  /** Default `rotate` for the embeds inside: `idle` (default) or `immediate`. */
  @property({ reflect: true }) rotate?: 'idle' | 'immediate' | null;

  @provide({ context: sessionContext })
  protected settings?: SessionSettings;

  private readonly scope = `session-${++sessionCounter}`;
  /** Embeds enrolled through the context: found in any shadow root, unlike a selector. */
  private readonly members = new Set<SessionMember>();
  private readonly join = (member: SessionMember): (() => void) => {
    this.members.add(member);
    return () => this.members.delete(member);
  };

  constructor() {
    super();
    this.settings = this.snapshot();
  }

  /** Fetches a new token now for every embed inside; their frames rotate to it. */
  async refreshToken(): Promise<void> {
    // Embeds sharing a manager share its refresh: one call per manager, not per embed.
    const managers = new Set<unknown>();
    const refreshes: Promise<void>[] = [];
    for (const member of this.members) {
      const manager = member.tokenManager;
      if (!manager || managers.has(manager)) continue;
      managers.add(manager);
      refreshes.push(member.refreshToken());
    }
    await Promise.all(refreshes);
  }

  /** Reloads every embed inside this session. */
  reload(): void {
    for (const member of this.members) member.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.size > 0) this.settings = this.snapshot();
  }

  private snapshot(): SessionSettings {
    return {
      instance: this.instance,
      token: this.token,
      tokenEndpoint: this.tokenEndpoint,
      tokenProvider: this.tokenProvider,
      user: this.user,
      tokenLifetime: this.tokenLifetime,
      singleUse: this.singleUse,
      persist: this.persist,
      loading: this.loading,
      sandbox: this.sandbox,
      allow: this.allow,
      referrerpolicy: this.referrerpolicy,
      rotate: this.rotate,
      scope: this.scope,
      join: this.join,
    };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'biuwer-session': BiuwerSessionElement;
  }
}
