/**
 * JSX typings for Solid. Add once:
 *
 *     /// <reference types="biuwer-embed/types/solid" />
 *
 * Listen with `on:biuwer-load={…}`; set the provider with `prop:tokenProvider={…}` (or plain
 * `tokenProvider`, which Solid sets as a property on custom elements).
 */
import type { JSX } from 'solid-js';
import type {
  BiuwerCardElement,
  BiuwerCollectionElement,
  BiuwerPageElement,
  BiuwerSessionElement,
} from '../index.js';
import type { BiuwerEventMap } from '../elements/events.js';
import type {
  BiuwerEmbedAttributes,
  BiuwerProperties,
  BiuwerSessionAttributes,
} from './attributes.js';

type Props<E extends HTMLElement, A> = Omit<JSX.HTMLAttributes<E>, keyof A> & A & BiuwerProperties;

declare module 'solid-js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'biuwer-session': Props<BiuwerSessionElement, BiuwerSessionAttributes>;
      'biuwer-page': Props<BiuwerPageElement, BiuwerEmbedAttributes>;
      'biuwer-card': Props<BiuwerCardElement, BiuwerEmbedAttributes>;
      'biuwer-collection': Props<BiuwerCollectionElement, BiuwerEmbedAttributes>;
    }
    // Types `on:biuwer-load` and the other kit events on every element.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface CustomEvents extends BiuwerEventMap {}
    interface ExplicitProperties {
      tokenProvider: BiuwerProperties['tokenProvider'];
    }
  }
}
