import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { toErrorDetail, type EmbedError } from '../../core/errors.js';
import { emit } from '../events.js';
import { errorMessage, nearestLang, stringsFor, type Strings } from '../i18n.js';
import { watchLang } from '../lang-watch.js';
import type { RunStatus } from './embed-runner.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Fires `biuwer-error` and puts the developer's message (English, technical, never a token)
 * on the console once; the error view shows a sentence in the page's language instead.
 */
export function reportError(host: HTMLElement, error: EmbedError): void {
  emit(host, 'biuwer-error', toErrorDetail(error));
  console.warn(`biuwer-embed <${host.localName}>: ${error.code}: ${error.message}`);
}

/** What the live region says: nothing before the embed starts, then each state once. */
function announcement(status: RunStatus, t: Strings, error?: EmbedError): string {
  if (status.kind === 'loading') return t.loading;
  if (status.kind === 'ready') return t.ready;
  if (status.kind === 'error' && error) return `${t.errorTitle}. ${errorMessage(t, error.code)}`;
  return '';
}

/**
 * The loading and error views and the live region of an embed, in the page's language,
 * and the keyboard focus across them:
 * - one live region (`role="status"`) stays in the shadow root for the element's life, so
 *   screen readers hear every state change (a region inserted with its text is often missed);
 * - "Try again" stays where it is, `aria-disabled`, while the retry runs, so its focus
 *   survives a second failure; if a view holding the focus goes away anyway (the content is
 *   ready, or a reload started elsewhere), the focus moves to what replaced it, never to
 *   `<body>`;
 * - a `lang` change above the embed re-renders it.
 */
export class EmbedViews implements ReactiveController {
  // Trailing underscores: private names the build shortens (scripts/mangle-private.js).
  private retrying_ = false;
  private shownError_?: EmbedError;
  private hadFocus_ = false;
  private stopWatch_?: () => void;

  constructor(
    private readonly host_: Host,
    private readonly strings_: () => Strings,
    private readonly retry_: () => void,
  ) {
    host_.addController(this);
  }

  hostConnected(): void {
    this.stopWatch_ ??= watchLang(this.host_, () => {
      if (stringsFor(nearestLang(this.host_)) !== this.strings_()) this.host_.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stopWatch_?.();
    this.stopWatch_ = undefined;
  }

  hostUpdate(): void {
    const active = this.host_.shadowRoot?.activeElement;
    this.hadFocus_ = !!active && active.localName !== 'iframe';
  }

  hostUpdated(): void {
    const root = this.host_.shadowRoot;
    if (!this.hadFocus_ || !root || root.activeElement) return;
    this.hadFocus_ = false;
    // The retry button and the loading view never show together; the frame comes last.
    const next = root.querySelector<HTMLElement>('[part=retry],[part=status]');
    (next ?? root.querySelector('iframe:not(.incoming)'))?.focus();
  }

  render(status: RunStatus, t: Strings) {
    if (status.kind === 'error') this.shownError_ = status.error;
    if (status.kind !== 'loading') this.retrying_ = false;
    const error = this.shownError_;
    const showError = status.kind === 'error' || (this.retrying_ && status.kind === 'loading');
    const showStatus = !showError && (status.kind === 'loading' || status.kind === 'idle');
    const statusView = html`<div class="overlay" part="status" tabindex="-1" lang=${t.lang}>
      <slot name="loading">
        <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>
        <span class="status-text">${t.loading}</span>
      </slot>
    </div>`;
    const errorView = html`<div class="overlay" part="error" lang=${t.lang}>
      <slot name="error">
        <p class="error-title">${t.errorTitle}</p>
        <p class="error-message">${error && errorMessage(t, error.code)}</p>
      </slot>
      <button
        part="retry"
        type="button"
        aria-disabled=${this.retrying_ ? 'true' : nothing}
        @click=${this.onRetry_}
      >
        ${t.retry}
      </button>
    </div>`;
    return html`${showStatus ? statusView : nothing}${showError && error ? errorView : nothing}
      <div class="live" role="status" aria-live="polite" aria-atomic="true" lang=${t.lang}>
        ${announcement(status, t, error)}
      </div>`;
  }

  private readonly onRetry_ = (): void => {
    if (this.retrying_) return;
    this.retrying_ = true;
    this.retry_();
  };
}
