/**
 * Every failure the kit reports is an `EmbedError` with a stable `code`, so callers can
 * `switch (err.code)`. Messages are written for people and never contain token text.
 */
export type EmbedErrorCode =
  | 'INVALID_INSTANCE'
  | 'INVALID_RESOURCE'
  | 'INVALID_TOKEN'
  | 'INVALID_GRANT'
  | 'INVALID_LIFETIME'
  | 'INVALID_SANDBOX'
  | 'INVALID_PERSIST'
  | 'INVALID_ROTATE'
  | 'UNSAFE_SANDBOX'
  | 'INVALID_FRAME_OPTION'
  | 'MISSING_TOKEN_SOURCE'
  | 'INVALID_TOKEN_ENDPOINT'
  | 'TOKEN_PROVIDER_FAILED'
  | 'TOKEN_PROVIDER_TIMEOUT'
  | 'TOKEN_REJECTED'
  | 'TOKEN_EXPIRED'
  | 'FRAME_LOAD_TIMEOUT'
  | 'STORAGE_UNAVAILABLE'
  | 'LOCK_TIMEOUT'
  | 'ABORTED';

/** Codes a retry (or the passage of time) can fix without the integrator changing anything. */
const RECOVERABLE: ReadonlySet<EmbedErrorCode> = new Set<EmbedErrorCode>([
  'TOKEN_PROVIDER_FAILED',
  'TOKEN_PROVIDER_TIMEOUT',
  'TOKEN_EXPIRED',
  'FRAME_LOAD_TIMEOUT',
  'STORAGE_UNAVAILABLE',
  'LOCK_TIMEOUT',
]);

export interface EmbedErrorOptions {
  cause?: unknown;
  /** HTTP status reported by a token endpoint or a provider error, when there was one. */
  status?: number;
  recoverable?: boolean;
}

export class EmbedError extends Error {
  readonly code: EmbedErrorCode;
  readonly recoverable: boolean;
  readonly status?: number;

  constructor(code: EmbedErrorCode, message: string, options: EmbedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EmbedError';
    this.code = code;
    this.status = options.status;
    this.recoverable = options.recoverable ?? RECOVERABLE.has(code);
  }
}

/** True for an `EmbedError`; with `code`, only for one with that code. */
export function isEmbedError(value: unknown, code?: EmbedErrorCode): value is EmbedError {
  return value instanceof EmbedError && (code === undefined || value.code === code);
}

/**
 * The one `ABORTED` error: a caller gave up, a newer request superseded this one, or its owner
 * was disposed. Nobody is told about it; it only ends the work. `cause` is the abort reason.
 */
export function aborted(cause?: unknown): EmbedError {
  return new EmbedError('ABORTED', 'The operation was aborted.', { cause });
}

/**
 * Whatever was thrown, as an `EmbedError`: an `EmbedError` as it is; anything thrown once
 * `signal` aborted as `ABORTED` (late failures of abandoned work are nobody's concern);
 * anything else as `TOKEN_PROVIDER_FAILED`. The thrown value is kept as `cause`, never
 * quoted: its text may hold anything, a token included.
 */
export function toEmbedError(error: unknown, signal?: AbortSignal): EmbedError {
  if (isEmbedError(error)) return error;
  if (signal?.aborted) return aborted(signal.reason);
  return new EmbedError('TOKEN_PROVIDER_FAILED', "Something went wrong (see the error's cause).", {
    cause: error,
  });
}

/** The plain, token-free shape carried by `biuwer-error` events. */
export interface EmbedErrorDetail {
  code: EmbedErrorCode;
  message: string;
  recoverable: boolean;
}

export function toErrorDetail(error: EmbedError): EmbedErrorDetail {
  return { code: error.code, message: error.message, recoverable: error.recoverable };
}
