// biuwer-embed/server: the token endpoint the kit's `token-endpoint` attribute calls. For
// servers only: no browser entry imports this file (scripts/size.js checks).
export { createTokenHandler, DEFAULT_ISSUE_TIMEOUT_MS } from './handler.js';
export { memoryTokenStore } from './memory-store.js';
export { redisTokenStore } from './redis-store.js';
export type { RedisCommandClient, RedisTokenStoreOptions } from './redis-store.js';
export { toNodeHandler } from './node.js';
export type { NodeRequestLike, NodeResponseLike } from './node.js';
export { MAX_BODY_BYTES } from './http.js';
export { SINGLE_USE_LIFETIME_MS } from './policy.js';
export type {
  ErrorPhase,
  IssueRequest,
  IssuedToken,
  Policy,
  PolicyName,
  ReleaseLock,
  StoredGrant,
  TokenHandler,
  TokenHandlerOptions,
  TokenReason,
  TokenStore,
} from './types.js';
