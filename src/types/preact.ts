/**
 * JSX typings for Preact. Add once:
 *
 *     /// <reference types="biuwer-embed/types/preact" />
 *
 * Preact sets known properties (`tokenProvider`) on custom elements and listens to
 * `on<event-name>` props (`onbiuwer-load`).
 */
import type { JSX } from 'preact';
import type {
  BiuwerCardElement,
  BiuwerCollectionElement,
  BiuwerPageElement,
  BiuwerSessionElement,
} from '../index.js';
import type {
  BiuwerEmbedAttributes,
  BiuwerLowercaseEventProps,
  BiuwerProperties,
  BiuwerSessionAttributes,
} from './attributes.js';

type Props<E extends HTMLElement, A> = Omit<JSX.HTMLAttributes<E>, keyof A> &
  A &
  BiuwerProperties &
  BiuwerLowercaseEventProps;

declare module 'preact' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'biuwer-session': Props<BiuwerSessionElement, BiuwerSessionAttributes>;
      'biuwer-page': Props<BiuwerPageElement, BiuwerEmbedAttributes>;
      'biuwer-card': Props<BiuwerCardElement, BiuwerEmbedAttributes>;
      'biuwer-collection': Props<BiuwerCollectionElement, BiuwerEmbedAttributes>;
    }
  }
}
