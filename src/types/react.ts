/**
 * JSX typings for React 19, which sets known properties on custom elements and listens to
 * `on<event-name>` props natively. Add once, e.g. in `src/vite-env.d.ts`:
 *
 *     /// <reference types="biuwer-embed/types/react" />
 *
 * (The wrappers in `biuwer-embed/react.js` need no typings: `onBiuwerLoad` etc. are typed.)
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
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

type Props<E extends HTMLElement, A> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  A &
  BiuwerProperties &
  BiuwerLowercaseEventProps;

declare module 'react' {
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
