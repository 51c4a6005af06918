import { css } from 'lit';
import { BiuwerEmbedElement } from '../embed/embed-element.js';

/**
 * Embeds a Biuwer collection (several pages with their navigation) in a sandboxed iframe.
 * Attributes, slots, parts and events are those of {@link BiuwerEmbedElement}.
 *
 * @tag biuwer-collection
 * @summary Embeds a Biuwer collection (several pages with their navigation).
 * @cssprop [--biuwer-embed-height=720px] - Height of the embed.
 */
export class BiuwerCollectionElement extends BiuwerEmbedElement {
  static override styles = [
    BiuwerEmbedElement.styles,
    css`
      :host {
        --biuwer-default-height: 720px;
      }
    `,
  ];
  protected readonly kind = 'collection';
}

declare global {
  interface HTMLElementTagNameMap {
    'biuwer-collection': BiuwerCollectionElement;
  }
}
