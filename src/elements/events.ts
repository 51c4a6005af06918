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

export interface BiuwerEventMap {
  'biuwer-load': CustomEvent<BiuwerLoadDetail>;
  'biuwer-error': CustomEvent<EmbedErrorDetail>;
  'biuwer-token-refresh': CustomEvent<BiuwerTokenRefreshDetail>;
  'biuwer-state-change': CustomEvent<BiuwerStateChangeDetail>;
}

declare global {
  // Merged so `el.addEventListener('biuwer-error', e => e.detail.code)` is typed.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends BiuwerEventMap {}
}

type DetailOf<K extends keyof BiuwerEventMap> =
  BiuwerEventMap[K] extends CustomEvent<infer D> ? D : never;

/** The one way the kit emits events: bubbling, composed, not cancelable. */
export function emit<K extends keyof BiuwerEventMap>(
  target: EventTarget,
  name: K,
  detail: DetailOf<K>,
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
