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
  private retrying = false;
  private shownError?: EmbedError;
  private hadFocus = false;
  private stopWatch?: () => void;

  constructor(
    private readonly host: Host,
    private readonly strings: () => Strings,
    private readonly retry: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stopWatch ??= watchLang(this.host, () => {
      if (stringsFor(nearestLang(this.host)) !== this.strings()) this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stopWatch?.();
    this.stopWatch = undefined;
  }

  hostUpdate(): void {
    const active = this.host.shadowRoot?.activeElement;
    this.hadFocus = !!active && active.localName !== 'iframe';
  }

  hostUpdated(): void {
    const root = this.host.shadowRoot;
    if (!this.hadFocus || !root || root.activeElement) return;
    this.hadFocus = false;
    const target =
      root.querySelector<HTMLElement>('[part~="retry"]') ??
      root.querySelector<HTMLElement>('[part~="status"]') ??
      root.querySelector<HTMLElement>('iframe:not(.incoming)');
    target?.focus();
  }

  render(status: RunStatus, t: Strings) {
    if (status.kind === 'error') this.shownError = status.error;
    if (status.kind !== 'loading') this.retrying = false;
    const error = this.shownError;
    const showError = status.kind === 'error' || (this.retrying && status.kind === 'loading');
    const showStatus = !showError && (status.kind === 'loading' || status.kind === 'idle');
    return html`
      ${
        showStatus
          ? html`<div class="overlay" part="status" tabindex="-1" lang=${t.lang}>
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
        showError && error
          ? html`<div class="overlay" part="error" lang=${t.lang}>
              <slot name="error">
                <p class="error-title">${t.errorTitle}</p>
                <p class="error-message">${errorMessage(t, error.code)}</p>
              </slot>
              <button
                part="retry"
                type="button"
                aria-disabled=${this.retrying ? 'true' : nothing}
                @click=${this.onRetry}
              >
                ${t.retry}
              </button>
            </div>`
          : nothing
      }
      <div class="live" role="status" aria-live="polite" aria-atomic="true" lang=${t.lang}>
        ${announcement(status, t, error)}
      </div>
    `;
  }

  private readonly onRetry = (): void => {
    if (this.retrying) return;
    this.retrying = true;
    this.retry();
  };
}
