import { css } from 'lit';
import { BiuwerEmbedElement } from '../embed/embed-element.js';

/**
 * Embeds one Biuwer card (a single chart, KPI or table) in a sandboxed iframe. Attributes,
 * slots, parts and events are those of {@link BiuwerEmbedElement}.
 *
 * @tag biuwer-card
 * @summary Embeds one Biuwer card (a single chart, KPI or table).
 * @cssprop [--biuwer-embed-height=320px] - Height of the embed.
 */
export class BiuwerCardElement extends BiuwerEmbedElement {
  static override styles = [
    BiuwerEmbedElement.styles,
    css`
      :host {
        --biuwer-default-height: 320px;
      }
    `,
  ];
  protected readonly kind = 'card';
}

declare global {
  interface HTMLElementTagNameMap {
    'biuwer-card': BiuwerCardElement;
  }
}
