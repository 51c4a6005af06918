import { css } from 'lit';
import { BiuwerEmbedElement } from '../embed/embed-element.js';

/**
 * Embeds one Biuwer page (a dashboard) in a sandboxed iframe.
 *
 * @summary Embeds one Biuwer page (a dashboard).
 * @slot loading - Custom content shown while the token and the frame load.
 * @slot error - Custom content shown when the content cannot be shown (the retry button stays).
 * @csspart stage - The box holding the iframe.
 * @csspart frame - The iframe.
 * @csspart status - The loading placeholder.
 * @csspart error - The error view.
 * @csspart retry - The retry button of the error view.
 * @cssprop [--biuwer-embed-height=600px] - Height of the embed.
 * @cssprop [--biuwer-embed-width=100%] - Width of the embed.
 * @cssprop [--biuwer-embed-min-height=120px] - Minimum height, also while loading.
 * @cssprop --biuwer-embed-background - Background behind the frame.
 * @cssprop --biuwer-embed-overlay-background - Background of the loading and error views.
 * @fires {CustomEvent<BiuwerLoadDetail>} biuwer-load - The content finished loading (again, after a rotation).
 * @fires {CustomEvent<EmbedErrorDetail>} biuwer-error - Something failed: `{code, message, recoverable}`.
 * @fires {CustomEvent<BiuwerTokenRefreshDetail>} biuwer-token-refresh - The frame received a new token: `{expiresAt, reason, delivery}`.
 * @fires {CustomEvent<BiuwerStateChangeDetail>} biuwer-state-change - `state` changed: `{state}`.
 */
export class BiuwerPageElement extends BiuwerEmbedElement {
  static override styles = [
    BiuwerEmbedElement.styles,
    css`
      :host {
        --biuwer-default-height: 600px;
      }
    `,
  ];
  protected readonly kind = 'page';
}
