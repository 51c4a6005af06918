/**
 * Framework-neutral description of the kit's attributes, properties and events, used by the
 * per-framework JSX typings next to this file (`biuwer-embed/types/react`, `…/preact`,
 * `…/solid`, `…/vue`). Importing these types registers nothing.
 */
import type { EmbedErrorDetail } from '../core/errors.js';
import type { TokenProvider } from '../core/types.js';
import type {
  BiuwerLoadDetail,
  BiuwerStateChangeDetail,
  BiuwerTokenRefreshDetail,
} from '../elements/events.js';

/** Attributes shared by `<biuwer-session>` and a standalone embed (DESIGN.md §2). */
export interface BiuwerSessionAttributes {
  /** Biuwer origin, e.g. `https://acme.biuwer.com`. */
  instance?: string;
  /** A static auth token (refresh policy "none"). */
  token?: string;
  /** URL the kit POSTs to for a grant `{token, expiresAt?, expiresIn?}`. */
  'token-endpoint'?: string;
  /** The host application's user or tenant key; scopes the token cache. */
  user?: string;
  /** Lifetime assumed when a grant carries no expiry: `15m`, `1d`, `30d`, `P1M`. */
  'token-lifetime'?: string;
  /** Every frame load asks for a fresh token. */
  'single-use'?: boolean;
  /** `indexeddb` (default when `user` is set) or `none`. */
  persist?: 'indexeddb' | 'none';
  /** `lazy` (default) or `eager`. */
  loading?: 'lazy' | 'eager';
  sandbox?: string;
  allow?: string;
  referrerpolicy?: ReferrerPolicy;
  /** `idle` (default: a frame swap waits until nobody uses the embed) or `immediate`. */
  rotate?: 'idle' | 'immediate';
}

/** Attributes of `<biuwer-page>`, `<biuwer-card>` and `<biuwer-collection>`. */
export interface BiuwerEmbedAttributes extends BiuwerSessionAttributes {
  /** The shared resource token. */
  resource?: string;
  /** Follow the content height when the instance reports it. */
  'auto-height'?: boolean;
  title?: string;
}

/** Properties that are not attributes: set them as properties (never serialised to the DOM). */
export interface BiuwerProperties {
  tokenProvider?: TokenProvider;
}

/** The kit's events by name, each with the type of its `detail`. */
export interface BiuwerEventDetails {
  'biuwer-load': BiuwerLoadDetail;
  'biuwer-error': EmbedErrorDetail;
  'biuwer-token-refresh': BiuwerTokenRefreshDetail;
  'biuwer-state-change': BiuwerStateChangeDetail;
}

export type BiuwerEventHandler<K extends keyof BiuwerEventDetails> = (
  event: CustomEvent<BiuwerEventDetails[K]>,
) => void;

/** `on<event-name>` listeners, the form React 19 and Preact use for custom element events. */
export type BiuwerLowercaseEventProps = {
  [K in keyof BiuwerEventDetails as `on${K}`]?: BiuwerEventHandler<K>;
};
