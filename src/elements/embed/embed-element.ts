import { LitElement, html, type CSSResultGroup, type PropertyValues } from 'lit';
import { ContextConsumer } from '@lit/context';
import { toEmbedError } from '../../core/errors.js';
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
import {
  ATTR_SETTINGS,
  INHERITED,
  RUN_SETTINGS,
  SESSION_SCOPED,
  SETTINGS,
  applyDefaults,
  propertyDeclarations,
  type SettingName,
  type SettingProperties,
} from '../../settings/table.js';
import { nearestLang, stringsFor, type Strings } from '../i18n.js';
import {
  currentSession,
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
const EMBED_SETTINGS = Object.keys(SETTINGS) as SettingName[];

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

// The settings are declared once (settings.ts): this merge types them on the class, and
// `static properties` below makes them reactive, so no per-setting field is spelled here.
/* eslint-disable-next-line @typescript-eslint/no-empty-object-type,
   @typescript-eslint/no-unsafe-declaration-merging -- the accessors come from `static properties` */
export interface BiuwerEmbedElement extends SettingProperties<SettingName> {}

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
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export abstract class BiuwerEmbedElement extends LitElement {
  static override styles: CSSResultGroup = embedStyles;
  /**
   * Focus lands inside, as on a native `<iframe>`: `focus()` (and a click, or a `tabindex`
   * on the host) moves it to the frame when the content shows, to "Try again" in the error
   * view, and to the placeholder while it loads or waits (lazy). The host matches `:focus`
   * meanwhile.
   */
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };
  protected abstract readonly kind: 'page' | 'card' | 'collection';

  static override properties = {
    ...propertyDeclarations(EMBED_SETTINGS),
    session: { state: true },
    status: { state: true },
    hostTitle: { state: true },
  };

  /** The enclosing `<biuwer-session>`'s settings, if any (a new object on every change). */
  protected session?: SessionSettings;
  private status: RunStatus = { kind: 'idle' };
  /** `title` set on the host: moved onto the frame, so no tooltip covers the whole embed. */
  private hostTitle = '';

  private readonly scope_ = `embed-${++scopeCounter}`;
  private readonly stageEl_ = this.createStage_();
  // A storage warning is reported like an error (event and console), though nothing stops.
  private readonly tokens_ = new TokenController(this, (error) => reportError(this, error));
  private readonly lazy_ = new LazyGate(this, () => this.schedule_(true));
  private runner_?: EmbedRunner;
  private readonly member_ = sessionMember(this, this.tokens_);
  private joined_?: { join: SessionSettings['join']; leave?: () => void };
  /** Work for the next update: a new run (`force` also skips the lazy wait). */
  private pending_?: { force: boolean };
  private reflected_?: EmbedState;
  /** Where the embed was connected: a move that keeps state keeps the run only within it. */
  private root_?: Node;
  /** `:state(ready)` and friends: the state, styleable the way native elements expose theirs. */
  private readonly internals_ = this.attachInternals();
  private strings_: Strings = stringsFor('en');
  private readonly views_ = new EmbedViews(
    this,
    () => this.strings_,
    () => this.reload(),
  );

  constructor() {
    super();
    applyDefaults(this, EMBED_SETTINGS);
    new ContextConsumer(this, {
      context: sessionContext,
      subscribe: true,
      callback: (settings) => (this.session = settings),
    });
  }

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
    return this.runner_?.frame;
  }

  /** Shows the content again from scratch (a single-use policy gets a fresh token). */
  reload(): void {
    this.schedule_(true);
  }

  /** Fetches a new token now; the frame rotates to it without a blank flash. */
  async refreshToken(): Promise<void> {
    // Through the manager, so an embed in the error state recovers with the new token too.
    await this.tokens_.manager?.refreshToken('refresh');
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null) {
    if (name === 'state') {
      // Written from outside: the element's own state wins.
      if (this.reflected_ !== undefined && value !== this.reflected_) {
        this.setAttribute('state', this.reflected_);
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
    this.root_ = this.getRootNode();
    this.schedule_(false);
  }

  /**
   * Moved with `moveBefore()`, the move that keeps state: as with a native `<iframe>`, the
   * content stays (no reload, no token request) while the embed stays under the same session
   * and in the same root, and only the language is read again. Moved anywhere else, it starts
   * over as after a removal.
   */
  connectedMoveCallback(): void {
    if (currentSession(this)?.scope === this.session?.scope && this.getRootNode() === this.root_) {
      this.requestUpdate();
      return;
    }
    this.disconnectedCallback();
    this.connectedCallback();
  }

  override disconnectedCallback(): void {
    // The run stops before the controller releases the manager it borrowed.
    this.stop_();
    this.joinSession_(undefined);
    super.disconnectedCallback();
    this.lazy_.reset();
  }

  // Work starts here, before render, so no update is ever scheduled from `updated()`.
  protected override willUpdate(changed: PropertyValues<this>): void {
    const strings = stringsFor(nearestLang(this));
    const langChanged = strings !== this.strings_;
    this.strings_ = strings;
    if (this.isConnected) this.joinSession_(this.session?.join);
    const keys = [...changed.keys()];
    // A session whose only change is `rotate` (a new snapshot each time) needs no new run.
    const rotateOnly = onlyRotateDiffers((changed as PropertyValues).get('session'), this.session);
    const rerun = keys.some((key) => RUN_SETTINGS.has(key) || (key === 'session' && !rotateOnly));
    if (rerun || ((changed.has('rotate') || rotateOnly) && !this.applyRotate_())) {
      this.pending_ ??= { force: false };
    }
    const pending = this.pending_;
    this.pending_ = undefined;
    if (pending && this.isConnected) this.restart_(pending.force);
    else if (
      langChanged ||
      keys.some((key) => key === 'hostTitle' || ATTR_SETTINGS.includes(key as SettingName))
    ) {
      this.runner_?.setTitle(this.frameTitleText_());
    }
    this.reflectState_();
  }

  /** A new `rotate` reaches the live run; false when it needs a new run (INVALID_ROTATE). */
  private applyRotate_(): boolean {
    if (!this.runner_) return false;
    try {
      this.runner_.setRotate(parseRotate(this.effectiveSettings_().rotate));
      return true;
    } catch {
      return false;
    }
  }

  private joinSession_(join: SessionSettings['join']): void {
    if (this.joined_?.join === join) return;
    this.joined_?.leave?.();
    this.joined_ = { join, leave: join?.(this.member_) };
  }

  private schedule_(force: boolean): void {
    this.pending_ = { force: force || (this.pending_?.force ?? false) };
    this.requestUpdate();
  }

  private reflectState_(): void {
    const state = this.state;
    if (state === this.reflected_) return;
    const previous = this.reflected_;
    this.reflected_ = state;
    this.setAttribute('state', state);
    const states = this.internals_.states;
    if (previous) states.delete(previous);
    states.add(state);
    if (previous !== undefined) emit(this, 'biuwer-state-change', { state });
  }

  private stop_(): void {
    this.runner_?.stop();
    this.runner_ = undefined;
  }

  private restart_(force: boolean): void {
    const previous = this.runner_;
    this.runner_ = undefined;
    const settings = this.effectiveSettings_();
    try {
      if (!force && settings.loading !== 'eager' && !this.lazy_.near) {
        this.tokens_.release();
        this.status = { kind: 'idle' };
        this.lazy_.watch();
        return;
      }
      this.startRun_(settings);
    } finally {
      // After the new run joined the manager's request: a request both want is not aborted.
      previous?.stop();
    }
  }

  private startRun_(settings: SessionSettings): void {
    try {
      const resource = validateResource(this.resource);
      const clock = clockOf(this);
      const rotate = parseRotate(settings.rotate);
      const bound = this.tokens_.bind(settings, clock);
      const runner = new EmbedRunner(this.runnerHost_(clock, rotate), bound.manager, {
        resource,
        instanceOrigin: bound.instanceOrigin,
        sandbox: resolveSandbox(settings.sandbox, bound.instanceOrigin, location.origin),
        allow: settings.allow ?? DEFAULT_ALLOW,
        referrerPolicy: validateReferrerPolicy(settings.referrerpolicy ?? DEFAULT_REFERRER_POLICY),
        title: this.frameTitleText_(),
        timeoutMs: this.loadTimeout,
      });
      this.runner_ = runner;
      runner.start();
    } catch (error) {
      this.tokens_.release();
      this.showError_({ kind: 'error', error: toEmbedError(error) });
    }
  }

  private frameTitleText_(): string {
    return this.frameTitle || this.hostTitle || this.strings_.frameTitle[this.kind];
  }

  /** Inside a session its token settings win, and the frame ones are inherited defaults. */
  private effectiveSettings_(): SessionSettings {
    const session = this.session;
    const settings: Record<string, unknown> = { ...session, scope: session?.scope ?? this.scope_ };
    for (const name of SESSION_SCOPED) settings[name] = session ? session[name] : this[name];
    for (const name of INHERITED) settings[name] = this[name] ?? session?.[name];
    return settings as unknown as SessionSettings;
  }

  private runnerHost_(clock: RunnerHost['clock'], rotate: RotateMode): RunnerHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const el = this;
    return {
      clock,
      stage: this.stageEl_,
      rotate,
      get autoHeight() {
        return el.autoHeight;
      },
      onStatus: (status) => {
        if (status.kind === 'error') this.showError_(status);
        else this.status = status;
      },
      onLoad: (rotated) => emit(this, 'biuwer-load', { rotated }),
      onTokenDelivered: (detail) => emit(this, 'biuwer-token-refresh', detail),
      onContentHeight: (height) =>
        this.style.setProperty('--biuwer-content-height', `${Math.ceil(height)}px`),
    };
  }

  private showError_(status: Extract<RunStatus, { kind: 'error' }>): void {
    this.status = status;
    reportError(this, status.error);
  }

  private createStage_(): HTMLElement {
    // Created with the element, not by render: a run can start in the first willUpdate.
    const stage = document.createElement('div');
    stage.className = 'stage';
    stage.setAttribute('part', 'stage');
    return stage;
  }

  protected override render() {
    return html`${this.stageEl_}${this.views_.render(this.status, this.strings_)}`;
  }
}
