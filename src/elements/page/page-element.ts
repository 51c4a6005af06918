import { css } from 'lit';
import { BiuwerEmbedElement } from '../embed/embed-element.js';

/**
 * Embeds one Biuwer page (a dashboard) in a sandboxed iframe. Attributes, slots, parts and events
 * are those of {@link BiuwerEmbedElement}.
 *
 * @tag biuwer-page
 * @summary Embeds one Biuwer page (a dashboard).
 * @cssprop [--biuwer-embed-height=600px] - Height of the embed.
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

declare global {
  interface HTMLElementTagNameMap {
    'biuwer-page': BiuwerPageElement;
  }
}
