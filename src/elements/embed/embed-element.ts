import { LitElement, html, type CSSResultGroup, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { toEmbedError, toErrorDetail } from '../../core/errors.js';
import type { TokenProvider } from '../../core/types.js';
import { validateResource } from '../../core/validate.js';
import {
  DEFAULT_ALLOW,
  DEFAULT_REFERRER_POLICY,
  resolveSandbox,
  validateReferrerPolicy,
} from '../../frame/sandbox.js';
import { TokenController } from '../../controllers/token-controller.js';
import { clockOf } from '../../internal/test-hooks.js';
import { emit, type EmbedState } from '../events.js';
import { nearestLang, stringsFor, type Strings } from '../i18n.js';
import {
  sessionContext,
  type SessionMember,
  type SessionSettings,
} from '../session/session-context.js';
import { embedStyles } from './embed.styles.js';
import { EmbedViews, reportError } from './embed-views.js';
import { EmbedRunner, type RunStatus, type RunnerHost } from './embed-runner.js';
import { LazyGate } from './lazy-gate.js';
import { parseRotate, type RotateMode } from './swap-gate.js';

let scopeCounter = 0;
/** Settings a change of which needs a new run (new frame; a new token if a token setting). */
const RUN_KEYS = new Set<PropertyKey>([
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
  'loadTimeout',
  'session',
]);

function sessionMember(el: BiuwerEmbedElement, tokens: TokenController): SessionMember {
  return {
    reload: () => el.reload(),
    refreshToken: () => el.refreshToken(),
    get tokenManager() {
      return tokens.manager;
    },
  };
}

function onlyRotateDiffers(before?: SessionSettings, after?: SessionSettings): boolean {
  if (!before || !after || before.rotate === after.rotate) return false;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('rotate');
  return [...keys].every(
    (key) => before[key as keyof SessionSettings] === after[key as keyof SessionSettings],
  );
}

const stateOf = (status: RunStatus): EmbedState =>
  status.kind === 'stopped' ? 'idle' : status.kind;

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
 * @fires {CustomEvent<BiuwerTokenRefreshDetail>} biuwer-token-refresh - The frame received a new token: `{expiresAt, reason, delivery, deferredMs}`.
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
  @property({ reflect: true }) persist?: 'indexeddb' | 'none' | null;
  /** `lazy` (default: no token request and no frame until near the viewport) or `eager`. */
  @property({ reflect: true }) loading?: 'lazy' | 'eager' | null;
  /** Frame sandbox override; unknown keywords are `INVALID_SANDBOX`, unsafe ones `UNSAFE_SANDBOX`. */
  @property({ reflect: true }) sandbox?: string | null;
  /** Frame permissions policy; default `fullscreen; clipboard-write`. */
  @property({ reflect: true }) allow?: string | null;
  /** Frame referrer policy; default `strict-origin-when-cross-origin`. */
  @property({ reflect: true }) referrerpolicy?: string | null;
  /**
   * `idle` (default): a new token that needs a frame swap waits, within its refresh window,
   * for a moment nobody uses the embed (tab hidden, embed off-screen, or no focus in the frame
   * and no pointer over it for 10 s), and at the latest until 10 s before the shown token
   * expires. `immediate`: swap at once. Delivery by message never waits. A change applies
   * without a reload.
   */
  @property({ reflect: true }) rotate?: RotateMode | null;
  /** Follow the content height when the instance reports it (message protocol `resize`). */
  @property({ attribute: 'auto-height', type: Boolean, reflect: true }) autoHeight = false;
  /** How long a frame may take to load before `FRAME_LOAD_TIMEOUT`, in ms. */
  @property({ attribute: 'load-timeout', type: Number }) loadTimeout = 30_000;
  /** The frame's accessible title; default a localised "Biuwer card" (page, collection). */
  @property({ attribute: 'frame-title' }) frameTitle?: string | null;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  protected session?: SessionSettings;

  @state() private status: RunStatus = { kind: 'idle' };
  /** `title` set on the host: moved onto the frame, so no tooltip covers the whole embed. */
  @state() private hostTitle = '';

  private readonly scope = `embed-${++scopeCounter}`;
  private readonly stageEl = this.createStage();
  private readonly tokens = new TokenController(this, (error) =>
    emit(this, 'biuwer-error', toErrorDetail(error)),
  );
  private readonly lazy = new LazyGate(this, () => this.schedule(true));
  private runner?: EmbedRunner;
  private readonly member = sessionMember(this, this.tokens);
  private joined?: { join: SessionSettings['join']; leave?: () => void };
  /** Work for the next update: a new run (`force` also skips the lazy wait). */
  private pending?: { force: boolean };
  private reflected?: EmbedState;
  private strings: Strings = stringsFor('en');
  private readonly views = new EmbedViews(
    this,
    () => this.strings,
    () => this.reload(),
  );

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'state', 'title'];
  }

  /** `idle` (lazy, not yet near the viewport), `loading`, `ready` or `error`. Read-only, reflected. */
  get state(): EmbedState {
    return stateOf(this.status);
  }

  /** The frame's title (moved from the host's `title`); `frame-title` wins over it. */
  override get title(): string {
    return this.hostTitle;
  }
  override set title(value: string) {
    this.hostTitle = String(value ?? '');
  }

  /** The live iframe, for integrators who need it (never holds the token in a readable place). */
  get frame(): HTMLIFrameElement | undefined {
    return this.runner?.frame;
  }

  /** Shows the content again from scratch (a single-use policy gets a fresh token). */
  reload(): void {
    this.schedule(true);
  }

  /** Fetches a new token now; the frame rotates to it without a blank flash. */
  async refreshToken(): Promise<void> {
    // Through the manager, so an embed in the error state recovers with the new token too.
    await this.tokens.manager?.refreshToken('refresh');
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (name === 'state') {
      // Written from outside: the element's own state wins.
      if (this.reflected !== undefined && value !== this.reflected) {
        this.setAttribute('state', this.reflected);
      }
    } else if (name === 'title') {
      if (value === null) return;
      this.hostTitle = value;
      this.removeAttribute('title');
    } else {
      super.attributeChangedCallback(name, old, value);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.schedule(false);
  }

  override disconnectedCallback(): void {
    // The run stops before the controller releases the manager it borrowed.
    this.stop();
    this.joinSession(undefined);
    super.disconnectedCallback();
    this.lazy.reset();
  }

  // Work starts here, before render, so no update is ever scheduled from `updated()`.
  protected override willUpdate(changed: PropertyValues<this>): void {
    const strings = stringsFor(nearestLang(this));
    const langChanged = strings !== this.strings;
    this.strings = strings;
    if (this.isConnected) this.joinSession(this.session?.join);
    // A session whose only change is `rotate` (a new snapshot each time) needs no new run.
    const rotateOnly = onlyRotateDiffers((changed as PropertyValues).get('session'), this.session);
    const rerun = [...changed.keys()].some(
      (key) => RUN_KEYS.has(key) && !(key === 'session' && rotateOnly),
    );
    if (rerun || ((changed.has('rotate') || rotateOnly) && !this.applyRotate())) {
      this.pending ??= { force: false };
    }
    const pending = this.pending;
    this.pending = undefined;
    if (pending && this.isConnected) this.restart(pending.force);
    else if (
      langChanged ||
      changed.has('frameTitle') ||
      (changed as PropertyValues).has('hostTitle')
    ) {
      this.runner?.setTitle(this.frameTitleText());
    }
    this.reflectState();
  }

  /** A new `rotate` reaches the live run; false when it needs a new run (INVALID_ROTATE). */
  private applyRotate(): boolean {
    if (!this.runner) return false;
    try {
      this.runner.setRotate(parseRotate(this.effectiveSettings().rotate));
      return true;
    } catch {
      return false;
    }
  }

  private joinSession(join: SessionSettings['join']): void {
    if (this.joined?.join === join) return;
    this.joined?.leave?.();
    this.joined = { join, leave: join?.(this.member) };
  }

  private schedule(force: boolean): void {
    this.pending = { force: force || (this.pending?.force ?? false) };
    this.requestUpdate();
  }

  private reflectState(): void {
    const state = this.state;
    if (state === this.reflected) return;
    const previous = this.reflected;
    this.reflected = state;
    this.setAttribute('state', state);
    if (previous !== undefined) emit(this, 'biuwer-state-change', { state });
  }

  private stop(): void {
    this.runner?.stop();
    this.runner = undefined;
  }

  private restart(force: boolean): void {
    const previous = this.runner;
    this.runner = undefined;
    const settings = this.effectiveSettings();
    try {
      if (!force && settings.loading !== 'eager' && !this.lazy.near) {
        this.tokens.release();
        this.status = { kind: 'idle' };
        this.lazy.watch();
        return;
      }
      this.startRun(settings);
    } finally {
      // After the new run joined the manager's request: a request both want is not aborted.
      previous?.stop();
    }
  }

  private startRun(settings: SessionSettings): void {
    try {
      const resource = validateResource(this.resource);
      const clock = clockOf(this);
      const rotate = parseRotate(settings.rotate);
      const bound = this.tokens.bind(settings, clock);
      const runner = new EmbedRunner(this.runnerHost(clock, rotate), bound.manager, {
        resource,
        instanceOrigin: bound.instanceOrigin,
        sandbox: resolveSandbox(settings.sandbox, bound.instanceOrigin, location.origin),
        allow: settings.allow ?? DEFAULT_ALLOW,
        referrerPolicy: validateReferrerPolicy(settings.referrerpolicy ?? DEFAULT_REFERRER_POLICY),
        title: this.frameTitleText(),
        timeoutMs: this.loadTimeout,
      });
      this.runner = runner;
      runner.start();
    } catch (error) {
      this.tokens.release();
      this.showError({ kind: 'error', error: toEmbedError(error) });
    }
  }

  private frameTitleText(): string {
    return this.frameTitle || this.hostTitle || this.strings.frameTitle[this.kind];
  }

  private effectiveSettings(): SessionSettings {
    const s = this.session;
    const own = {
      loading: this.loading ?? s?.loading,
      sandbox: this.sandbox ?? s?.sandbox,
      allow: this.allow ?? s?.allow,
      referrerpolicy: this.referrerpolicy ?? s?.referrerpolicy,
      rotate: this.rotate ?? s?.rotate,
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

  private runnerHost(clock: RunnerHost['clock'], rotate: RotateMode): RunnerHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const el = this;
    return {
      clock,
      stage: this.stageEl,
      rotate,
      get autoHeight() {
        return el.autoHeight;
      },
      onStatus: (status) => {
        if (status.kind === 'error') this.showError(status);
        else this.status = status;
      },
      onLoad: (rotated) => emit(this, 'biuwer-load', { rotated }),
      onTokenDelivered: (detail) => emit(this, 'biuwer-token-refresh', detail),
      onContentHeight: (height) =>
        this.style.setProperty('--biuwer-content-height', `${Math.ceil(height)}px`),
    };
  }

  private showError(status: Extract<RunStatus, { kind: 'error' }>): void {
    this.status = status;
    reportError(this, status.error);
  }

  private createStage(): HTMLElement {
    // Created with the element, not by render: a run can start in the first willUpdate.
    const stage = document.createElement('div');
    stage.className = 'stage';
    stage.setAttribute('part', 'stage');
    return stage;
  }

  protected override render() {
    return html`${this.stageEl}${this.views.render(this.status, this.strings)}`;
  }
}
