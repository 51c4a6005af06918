/** Why the kit is asking for a token. */
export type TokenReason = 'initial' | 'refresh' | 'rejected';

export interface TokenContext {
  reason: TokenReason;
  /**
   * True when `refreshToken()` asked for a new token now: a token your backend keeps and
   * hands out again (as `createTokenHandler` does until the refresh time) will not do.
   */
  force?: boolean;
  /** Aborted when the request is superseded, times out, or every embed using it disconnects. */
  signal: AbortSignal;
}

/** What a token provider or token endpoint may return. */
export interface TokenGrant {
  token: string;
  /** Epoch milliseconds, an ISO-8601 string or a Date. */
  expiresAt?: number | string | Date;
  /** Seconds from issue (or from now, when `issuedAt` is absent). */
  expiresIn?: number;
  /** When the issuer minted the token, on the issuer's clock; used to correct clock skew. */
  issuedAt?: number | string | Date;
  /** The token may be used for one frame load only. */
  singleUse?: boolean;
}

export type TokenProvider = (context: TokenContext) => Promise<string | TokenGrant>;

/** A validated token with its expiry moved onto the local clock. */
export interface TokenRecord {
  token: string;
  /** Local epoch ms after which the token must not be used; undefined when unknown. */
  expiresAt?: number;
  /** Local epoch ms when it was issued (or received). */
  issuedAt: number;
  singleUse: boolean;
  /** Earliest local epoch ms the token is usable (JWT `nbf`). */
  notBefore?: number;
}
