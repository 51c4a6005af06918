/** Biuwer's refresh policies by name, or a token lifetime of your own (milliseconds). */
export type PolicyName = 'none' | 'monthly' | 'daily' | 'single-use';
export type Policy = PolicyName | { lifetime: number; singleUse?: boolean };

/** Why the kit asks: `initial`, `refresh` (its token nears expiry), `rejected` (Biuwer refused it). */
export type TokenReason = 'initial' | 'refresh' | 'rejected';

/** What `issue` is asked to create (or, for policy `none`, to look up). */
export interface IssueRequest {
  userId: string;
  /** Start of the token's validity window: now. */
  validFrom: Date;
  /** End of the window; null for policy `none` (a token that never expires). */
  validTo: Date | null;
  singleUse: boolean;
  reason: TokenReason;
  /** Aborted when the handler's issue timeout passes. */
  signal: AbortSignal;
}

/** What `issue` returns: the token, or the token with its real validity end. */
export type IssuedToken =
  | string
  | {
      token: string;
      /** Epoch ms, an ISO-8601 string or a Date; defaults to the requested `validTo`. */
      expiresAt?: number | string | Date | null;
    };

/** A token kept for reuse, with times in epoch ms on the server's clock. */
export interface StoredGrant {
  token: string;
  issuedAt: number;
  /** Absent for a token that never expires. */
  expiresAt?: number;
}

/** Releases a lock taken with `TokenStore.lock`. */
export type ReleaseLock = () => Promise<void>;

/**
 * Where reusable tokens are kept. `lock` is for stores shared by several processes: it takes
 * a lock that expires by itself after `ttlMs`, or resolves undefined when another holds it.
 */
export interface TokenStore {
  get(key: string): Promise<StoredGrant | undefined>;
  set(key: string, grant: StoredGrant): Promise<void>;
  delete(key: string): Promise<void>;
  lock?(key: string, ttlMs: number): Promise<ReleaseLock | undefined>;
}

export type Awaitable<T> = T | Promise<T>;

export interface TokenHandlerOptions<Context = unknown> {
  /** The signed-in user's id, or null (answered with 401 and no token). */
  user: (request: Request, context: Context) => Awaitable<string | number | null | undefined>;
  /** One policy for everyone, or a policy per user. */
  policy: Policy | ((userId: string, request: Request, context: Context) => Awaitable<Policy>);
  /** Your call to Biuwer's API (or, for policy `none`, a lookup of a token made by hand). */
  issue: (request: IssueRequest) => Awaitable<IssuedToken>;
  /** Defaults to `memoryTokenStore()`: right for one process, wrong behind a load balancer. */
  store?: TokenStore;
  /** How long `issue` may take before the request fails with 504 (default 10 s). */
  issueTimeoutMs?: number;
  /** Told about failures (issue, store, your callbacks). Default: a line naming the error type. */
  onError?: (error: unknown, phase: ErrorPhase) => void;
  /** The server clock, epoch ms (tests). */
  now?: () => number;
}

export type ErrorPhase = 'user' | 'policy' | 'issue' | 'store';

/** A Fetch-API handler: `(request) => Promise<Response>`. */
export type TokenHandler<Context = unknown> = (
  request: Request,
  context?: Context,
) => Promise<Response>;
