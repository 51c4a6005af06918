import { LitElement, html, nothing, type CSSResultGroup, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { systemClock, type Clock } from '../../core/clock.js';
import { toErrorDetail, type EmbedError } from '../../core/errors.js';
import type { TokenProvider } from '../../core/types.js';
import { validateResource } from '../../core/validate.js';
import {
  DEFAULT_ALLOW,
  DEFAULT_REFERRER_POLICY,
  resolveSandbox,
  validateReferrerPolicy,
} from '../../frame/sandbox.js';
import { emit, type EmbedState } from '../events.js';
import { errorMessage, nearestLang, stringsFor, type Strings } from '../i18n.js';
import { sessionContext, type SessionSettings } from '../session/session-context.js';
import { embedStyles } from './embed.styles.js';
import { EmbedRunner } from './embed-runner.js';
import { bindTokenManager, onStorageWarning } from './token-binding.js';
import { LazyGate } from './lazy-gate.js';

let scopeCounter = 0;
const CONFIG_KEYS = new Set<PropertyKey>([
  'instance',
  'resource',
  'token',
  'tokenEndpoint',
  'tokenProvider',
  'user',
  'tokenLifetime',
  'singleUse',
  'persist',
  'loading',
  'sandbox',
  'allow',
  'referrerpolicy',
  'title',
  'session',
]);

/**
 * The shared base of `<biuwer-page>`, `<biuwer-card>` and `<biuwer-collection>`: each embeds
 * one shared Biuwer resource in a sandboxed iframe whose `name` carries `RESOURCE:AUTH`.
 * The slots, parts, custom properties and events below are inherited by all three.
 *
 * @slot loading - Custom content shown while the token and the frame load.
 * @slot error - Custom content shown when the content cannot be shown (the retry button stays).
 * @csspart stage - The box holding the iframe.
 * @csspart frame - The iframe.
 * @csspart status - The loading placeholder.
 * @csspart error - The error view.
 * @csspart retry - The retry button of the error view.
 * @cssprop [--biuwer-embed-width=100%] - Width of the embed.
 * @cssprop [--biuwer-embed-min-height=120px] - Minimum height, also while loading.
 * @cssprop [--biuwer-embed-background=transparent] - Background behind the frame.
 * @cssprop [--biuwer-embed-overlay-background=#f7f9fb] - Background of the loading and error views.
 * @cssprop [--biuwer-embed-color=#1f2933] - Text colour of the loading and error views.
 * @cssprop [--biuwer-embed-font=14px/1.4 system-ui, sans-serif] - Font of the loading and error views.
 * @cssprop [--biuwer-embed-radius=8px] - Corner radius of the loading and error views.
 * @fires {CustomEvent<BiuwerLoadDetail>} biuwer-load - The content finished loading (again, after a rotation).
 * @fires {CustomEvent<EmbedErrorDetail>} biuwer-error - Something failed: `{code, message, recoverable}`.
 * @fires {CustomEvent<BiuwerTokenRefreshDetail>} biuwer-token-refresh - The frame received a new token: `{expiresAt, reason, delivery}`.
 * @fires {CustomEvent<BiuwerStateChangeDetail>} biuwer-state-change - `state` changed: `{state}`.
 */
export abstract class BiuwerEmbedElement extends LitElement {
  static override styles: CSSResultGroup = embedStyles;
  protected abstract readonly kind: 'page' | 'card' | 'collection';

  /** Biuwer origin, e.g. `https://acme.biuwer.com` (https only, except on localhost). */
  @property({ reflect: true }) instance?: string | null;
  /** The shared resource token of the page, card or collection. */
  @property({ reflect: true }) resource?: string | null;
  /** A static auth token. Not reflected, so a token set as a property never reaches the DOM. */
  @property() token?: string | null;
  /** URL the kit POSTs to (same-origin credentials) for a grant `{token, expiresAt?, expiresIn?}`. */
  @property({ attribute: 'token-endpoint', reflect: true }) tokenEndpoint?: string | null;
  /** `({reason, signal}) => Promise<string | TokenGrant>`; wins over `token-endpoint` and `token`. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** The host application's user or tenant key; scopes the token cache. Without it nothing is persisted. */
  @property({ reflect: true }) user?: string | null;
  /** Lifetime assumed when a grant carries no expiry: `15m`, `1d`, `30d`, `P1M`. */
  @property({ attribute: 'token-lifetime', reflect: true }) tokenLifetime?: string | null;
  /** Every frame load asks for a fresh token; never cached, stored or shared. */
  @property({ attribute: 'single-use', type: Boolean, reflect: true }) singleUse = false;
  /** `indexeddb` (default when `user` is set) or `none`. */
  @property({ reflect: true }) persist?: string | null;
  /** `lazy` (default: no token request and no frame until near the viewport) or `eager`. */
  @property({ reflect: true }) loading?: 'lazy' | 'eager' | null;
  /** Frame sandbox override; unknown keywords are `INVALID_SANDBOX`, unsafe ones `UNSAFE_SANDBOX`. */
  @property({ reflect: true }) sandbox?: string | null;
  /** Frame permissions policy; default `fullscreen; clipboard-write`. */
  @property({ reflect: true }) allow?: string | null;
  /** Frame referrer policy; default `strict-origin-when-cross-origin`. */
  @property({ reflect: true }) referrerpolicy?: string | null;
  /** Follow the content height when the instance reports it (message protocol `resize`). */
  @property({ attribute: 'auto-height', type: Boolean, reflect: true }) autoHeight = false;
  /** How long a frame may take to load before `FRAME_LOAD_TIMEOUT`, in ms. */
  @property({ attribute: false }) loadTimeout = 30_000;
  /** The clock for every timer of this embed; tests replace it to fast-forward. */
  @property({ attribute: false }) clock: Clock = systemClock;
  /** `idle` (lazy, not yet near the viewport), `loading`, `ready` or `error`. Read-only in practice. */
  @property({ reflect: true }) state: EmbedState = 'idle';

  @consume({ context: sessionContext, subscribe: true })
  @state()
  protected session?: SessionSettings;

  @state() private error?: EmbedError;
  @query('.stage') private stageEl!: HTMLElement;

  private readonly scope = `embed-${++scopeCounter}`;
  private readonly lazy = new LazyGate(this, () => this.restart());
  private runner?: EmbedRunner;
  private stopStorageWarnings?: () => void;
  private strings: Strings = stringsFor('en');

  /** The live iframe, for integrators who need it (never holds the token in a readable place). */
  get frame(): HTMLIFrameElement | undefined {
    return this.runner?.frame;
  }

  /** Shows the content again from scratch (a single-use policy gets a fresh token). */
  reload(): void {
    this.restart(true);
  }

  /** Fetches a new token now; the frame rotates to it without a blank flash. */
  async refreshToken(): Promise<void> {
    await this.runner?.refresh('refresh');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopStorageWarnings = onStorageWarning((error) =>
      emit(this, 'biuwer-error', toErrorDetail(error)),
    );
    if (this.hasUpdated) this.restart();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopStorageWarnings?.();
    this.stop();
    this.lazy.reset();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') && changed.get('state') !== undefined) {
      emit(this, 'biuwer-state-change', { state: this.state });
    }
    this.strings = stringsFor(nearestLang(this));
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ([...changed.keys()].some((key) => CONFIG_KEYS.has(key))) this.restart();
  }

  private stop(): void {
    this.runner?.stop();
    this.runner = undefined;
  }

  private restart(force = false): void {
    if (!this.isConnected || !this.stageEl) return;
    this.stop();
    this.error = undefined;
    const settings = this.effectiveSettings();
    if (!force && settings.loading !== 'eager' && !this.lazy.near) {
      this.state = 'idle';
      this.lazy.watch();
      return;
    }
    try {
      const resource = validateResource(this.resource);
      const bound = bindTokenManager(settings, this.clock);
      try {
        const sandbox = resolveSandbox(settings.sandbox, bound.instanceOrigin, location.origin);
        const referrerPolicy = validateReferrerPolicy(
          settings.referrerpolicy ?? DEFAULT_REFERRER_POLICY,
        );
        this.runner = new EmbedRunner(this.runnerHost(), bound, {
          resource,
          instanceOrigin: bound.instanceOrigin,
          sandbox,
          allow: settings.allow ?? DEFAULT_ALLOW,
          referrerPolicy,
          title: this.title || this.strings.frameTitle[this.kind],
          timeoutMs: this.loadTimeout,
        });
      } catch (error) {
        bound.release();
        throw error;
      }
      this.runner.start();
    } catch (error) {
      this.showError(error as EmbedError);
    }
  }

  private effectiveSettings(): SessionSettings {
    const s = this.session;
    const own = {
      loading: this.loading ?? s?.loading,
      sandbox: this.sandbox ?? s?.sandbox,
      allow: this.allow ?? s?.allow,
      referrerpolicy: this.referrerpolicy ?? s?.referrerpolicy,
    };
    if (s) return { ...s, ...own };
    return {
      ...own,
      instance: this.instance,
      token: this.token,
      tokenEndpoint: this.tokenEndpoint,
      tokenProvider: this.tokenProvider,
      user: this.user,
      tokenLifetime: this.tokenLifetime,
      singleUse: this.singleUse,
      persist: this.persist,
      scope: this.scope,
    };
  }

  private runnerHost() {
    return {
      clock: this.clock,
      stage: this.stageEl,
      autoHeight: this.autoHeight,
      onLoading: () => (this.state = 'loading'),
      onReady: (rotated: boolean) => {
        this.state = 'ready';
        this.error = undefined;
        emit(this, 'biuwer-load', { rotated });
      },
      onError: (error: EmbedError) => this.showError(error),
      onTokenDelivered: (detail: Parameters<typeof emit<'biuwer-token-refresh'>>[2]) =>
        emit(this, 'biuwer-token-refresh', detail),
      onContentHeight: (height: number) =>
        this.style.setProperty('--biuwer-content-height', `${Math.ceil(height)}px`),
    };
  }

  private showError(error: EmbedError): void {
    this.error = error;
    this.state = 'error';
    emit(this, 'biuwer-error', toErrorDetail(error));
  }

  protected override render() {
    const t = this.strings;
    return html`
      <div class="stage" part="stage"></div>
      ${
        this.state === 'loading' || this.state === 'idle'
          ? html`<div class="overlay" part="status" role="status">
              <slot name="loading">
                <div class="skeleton" aria-hidden="true">
                  <span></span><span></span><span></span>
                </div>
                <span class="status-text">${t.loading}</span>
              </slot>
            </div>`
          : nothing
      }
      ${
        this.state === 'error' && this.error
          ? html`<div class="overlay" part="error" role="alert">
              <slot name="error">
                <p class="error-title">${t.errorTitle}</p>
                <p class="error-message">${errorMessage(t, this.error.code, this.error.message)}</p>
              </slot>
              <button part="retry" type="button" @click=${() => this.reload()}>${t.retry}</button>
            </div>`
          : nothing
      }
    `;
  }
}
