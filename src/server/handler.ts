import { TokenFlights } from './flight.js';
import { HttpError, errorResponse, json, readKitRequest } from './http.js';
import { badIssue, toStoredGrant } from './issued.js';
import { memoryTokenStore } from './memory-store.js';
import { resolvePolicy, type ResolvedPolicy } from './policy.js';
import type {
  ErrorPhase,
  Policy,
  StoredGrant,
  TokenHandler,
  TokenHandlerOptions,
  TokenReason,
} from './types.js';

export const DEFAULT_ISSUE_TIMEOUT_MS = 10_000;

/** Names the error type only: an error from `issue` may quote anything, a token included. */
function defaultOnError(error: unknown, phase: ErrorPhase): void {
  const name = error instanceof Error ? error.name : typeof error;
  console.warn(`biuwer-embed/server: ${phase} failed (${name}); pass onError to see more.`);
}

function internal(): HttpError {
  return new HttpError(500, 'INTERNAL_ERROR', 'The token endpoint failed.');
}

/**
 * The token endpoint the kit's `token-endpoint` attribute calls, as a Fetch-API handler.
 * It reuses a kept token until the kit's refresh window (unless the kit says `force`), makes
 * one `issue` call for any number of concurrent requests for one user, and never reuses a
 * single-use token.
 */
export function createTokenHandler<Context = unknown>(
  options: TokenHandlerOptions<Context>,
): TokenHandler<Context> {
  const { user, issue } = options;
  if (typeof user !== 'function') throw new TypeError('createTokenHandler needs a user function.');
  if (typeof issue !== 'function')
    throw new TypeError('createTokenHandler needs an issue function.');
  const pick = typeof options.policy === 'function' ? options.policy : undefined;
  const fixed = pick ? undefined : resolvePolicy(options.policy as Policy);
  const store = options.store ?? memoryTokenStore();
  const now = options.now ?? Date.now;
  const onError = options.onError ?? defaultOnError;
  const timeoutMs = options.issueTimeoutMs ?? DEFAULT_ISSUE_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new TypeError('issueTimeoutMs must be a positive number.');
  const flights = new TokenFlights();

  /** Runs an integrator callback; its failure is reported and answered with `failure`. */
  async function call<T>(phase: ErrorPhase, work: () => T | Promise<T>, failure: () => HttpError) {
    try {
      return await work();
    } catch (error) {
      onError(error, phase);
      throw failure();
    }
  }

  async function mint(userId: string, policy: ResolvedPolicy, reason: TokenReason) {
    const issuedAt = now();
    const validTo = policy.lifetimeMs === undefined ? undefined : issuedAt + policy.lifetimeMs;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new HttpError(504, 'ISSUE_TIMEOUT', 'No token was issued in time.'));
      }, timeoutMs);
    });
    try {
      const issued = await Promise.race([
        call(
          'issue',
          () =>
            issue({
              userId,
              validFrom: new Date(issuedAt),
              validTo: validTo === undefined ? null : new Date(validTo),
              singleUse: policy.singleUse,
              reason,
              signal: controller.signal,
            }),
          badIssue,
        ),
        timeout,
      ]);
      return toStoredGrant(issued, issuedAt, validTo);
    } finally {
      clearTimeout(timer);
    }
  }

  async function grantFor(
    userId: string,
    policy: ResolvedPolicy,
    reason: TokenReason,
    force: boolean,
  ) {
    if (policy.singleUse) return mint(userId, policy, reason);
    const key = `${policy.id}|${userId}`;
    const report = (error: unknown) => onError(error, 'store');
    // A refused token, or one the page wants replaced now (refreshToken()), is not reused.
    return flights.obtain(key, reason === 'rejected' || force, {
      store,
      now,
      lockTtlMs: timeoutMs + 5000,
      report,
      mint: async () => {
        const grant = await mint(userId, policy, reason);
        try {
          await store.set(key, grant);
        } catch (error) {
          report(error); // the token is good; the next request just issues another
        }
        return grant;
      },
    });
  }

  return async (request, context) => {
    try {
      const { reason, force } = await readKitRequest(request);
      const raw = await call('user', () => user(request, context as Context), internal);
      if (raw === null || raw === undefined || raw === '') {
        throw new HttpError(401, 'NOT_SIGNED_IN', 'Sign in first.');
      }
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        onError(new TypeError('user() must return a string, a number or null.'), 'user');
        throw internal();
      }
      const userId = String(raw);
      const policy =
        fixed ??
        (await call(
          'policy',
          async () => resolvePolicy(await pick!(userId, request, context as Context)),
          internal,
        ));
      const grant: StoredGrant = await grantFor(userId, policy, reason, force);
      return json(200, { ...grant, ...(policy.singleUse && { singleUse: true }) }, now());
    } catch (error) {
      if (error instanceof HttpError) return errorResponse(error, now());
      onError(error, 'store');
      return errorResponse(internal(), now());
    }
  };
}
