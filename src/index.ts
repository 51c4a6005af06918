// Named exports only: importing this module registers nothing (see define.ts).
export { EmbedError, isEmbedError } from './core/errors.js';
export type { EmbedErrorCode, EmbedErrorDetail } from './core/errors.js';
export type { TokenGrant, TokenProvider, TokenContext, TokenReason } from './core/types.js';
export { clearStoredTokens } from './storage/index.js';
export { BiuwerEmbedElement } from './elements/embed/embed-element.js';
export { BiuwerSessionElement } from './elements/session/session-element.js';
export { BiuwerPageElement } from './elements/page/page-element.js';
export { BiuwerCardElement } from './elements/card/card-element.js';
export { BiuwerCollectionElement } from './elements/collection/collection-element.js';
export type {
  EmbedState,
  BiuwerLoadDetail,
  BiuwerTokenRefreshDetail,
  BiuwerStateChangeDetail,
  BiuwerEventMap,
} from './elements/events.js';
