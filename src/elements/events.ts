import type { EmbedErrorDetail } from '../core/errors.js';

/**
 * The kit's events. All bubble and are composed, so any script on the page can read them:
 * none of them ever carries a token.
 */
export type EmbedState = 'idle' | 'loading' | 'ready' | 'error';

export interface BiuwerLoadDetail {
  /** True when the content was reloaded or rotated rather than shown for the first time. */
  rotated: boolean;
}
export interface BiuwerTokenRefreshDetail {
  /** Local epoch ms, or null when the new token's expiry is unknown. */
  expiresAt: number | null;
  reason: 'initial' | 'refresh' | 'rejected';
  /** How the frame received it: a protocol message, a seamless frame swap, or the first load. */
  delivery: 'message' | 'swap' | 'load';
  /**
   * How long a swap waited for a moment when nobody used the embed (`rotate="idle"`), in
   * ms; 0 when it did not wait, and for message and load deliveries.
   */
  deferredMs: number;
}
export interface BiuwerStateChangeDetail {
  state: EmbedState;
}

/**
 * The kit's events, written once: each name with the type of its `detail`. The event maps,
 * the JSX typings (src/types/) and the React wrappers' `onBiuwer…` props derive from it, and
 * the manifest and the README's events table from it and each entry's JSDoc
 * (scripts/docs-source.js). The values are placeholders for the types (nothing reads them),
 * so a bundle that needs only `emit` drops the object.
 */
export const BIUWER_EVENTS = {
  /** The content finished loading (again, after a token swap or a reload). */
  'biuwer-load': null as unknown as BiuwerLoadDetail,
  /** Something failed; `code` is one of the error codes. */
  'biuwer-error': null as unknown as EmbedErrorDetail,
  /**
   * The frame received a new token. `delivery` is `load`, `swap` or `message`; `deferredMs`:
   * how long a swap waited for an idle moment (0 otherwise).
   */
  'biuwer-token-refresh': null as unknown as BiuwerTokenRefreshDetail,
  /** `state` changed. */
  'biuwer-state-change': null as unknown as BiuwerStateChangeDetail,
};

/** The kit's events by name, each with the type of its `detail`. */
export type BiuwerEventDetails = typeof BIUWER_EVENTS;
export type BiuwerEventName = keyof BiuwerEventDetails;
export type BiuwerEventMap = {
  [K in BiuwerEventName]: CustomEvent<BiuwerEventDetails[K]>;
};

/** `biuwer-token-refresh` → `BiuwerTokenRefresh`. */
type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Pascal<Tail>}`
  : Capitalize<S>;
/** `biuwer-token-refresh` → `onBiuwerTokenRefresh`, the prop name of React and Vue. */
export type EventPropName<K extends BiuwerEventName> = `on${Pascal<K>}`;

declare global {
  // Merged so `el.addEventListener('biuwer-error', e => e.detail.code)` is typed.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends BiuwerEventMap {}
}

/** The one way the kit emits events: bubbling, composed, not cancelable. */
export function emit<K extends BiuwerEventName>(
  target: EventTarget,
  name: K,
  detail: BiuwerEventDetails[K],
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
