import { abortable } from './abortable.js';
import { scheduleAt } from './clock.js';
import type { Clock } from './clock.js';
import { aborted, EmbedError } from './errors.js';
import type { TokenContext, TokenProvider } from './types.js';
import { validateToken } from './validate.js';

/** What a source produced, before `normalizeGrant` checks it. */
export interface SourceResult {
  grant: unknown;
  /** The endpoint's HTTP `Date` header in epoch ms, for clock-skew correction. */
  serverDate?: number;
}

export type TokenSource = (ctx: TokenContext) => Promise<SourceResult>;

export interface TokenSourceOptions {
  provider?: TokenProvider;
  endpoint?: string;
  token?: string;
  /** Replaces the global `fetch` for the endpoint source (tests, custom transports). */
  fetch?: typeof fetch;
}

/** The provider timeout callers use unless configured otherwise. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;

/** 401/403 mean "this user may not have a token": retrying cannot help, re-authentication can. */
function failure(status: number | undefined, message: string, cause?: unknown): EmbedError {
  const rejected = status === 401 || status === 403;
  return new EmbedError(rejected ? 'TOKEN_REJECTED' : 'TOKEN_PROVIDER_FAILED', message, {
    status,
    cause,
  });
}

/** `status` as thrown by ofetch and our own docs, or `response.status` as axios and ky throw it. */
function readStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, response } = err as { status?: unknown; response?: { status?: unknown } };
  if (Number.isInteger(status)) return status as number;
  const nested = typeof response === 'object' && response !== null ? response.status : undefined;
  return Number.isInteger(nested) ? (nested as number) : undefined;
}

/**
 * Names the provider's error without quoting it: its text may hold anything (a token echoed
 * by a backend, a URL with a key), and EmbedError messages reach composed events. The
 * original error stays available as `cause` for the integrator's own debugging.
 */
function describeError(err: unknown): string {
  let name = 'Error';
  try {
    if (typeof err === 'object' && err !== null) {
      const candidate = (err as Error).name;
      if (typeof candidate === 'string' && /^[A-Za-z][\w$]{0,40}$/.test(candidate))
        name = candidate;
    } else {
      name = typeof err;
    }
  } catch {
    // A hostile getter: keep the generic name.
  }
  return `${name} (see the error's cause)`;
}

function providerSource(provider: TokenProvider): TokenSource {
  return async (ctx) => {
    if (ctx.signal.aborted) throw aborted();
    let grant: unknown;
    try {
      grant = await provider(ctx);
    } catch (err) {
      if (ctx.signal.aborted) throw aborted();
      if (err instanceof EmbedError) throw err;
      throw failure(readStatus(err), `The token provider failed: ${describeError(err)}`, err);
    }
    // A provider that ignores the signal must not resurrect a superseded request.
    if (ctx.signal.aborted) throw aborted();
    return { grant };
  };
}

function invalidEndpoint(detail: string): EmbedError {
  return new EmbedError('INVALID_TOKEN_ENDPOINT', `The token endpoint ${detail}`);
}

/**
 * Accepts a path (resolved by `fetch` against the page) or an absolute http(s) URL. The URL
 * is never echoed: endpoints sometimes carry keys in their query string.
 */
function checkEndpoint(value: unknown): string {
  if (typeof value !== 'string') throw invalidEndpoint('must be a URL string.');
  const text = value.trim();
  if (!text) throw invalidEndpoint('is empty.');
  let url: URL;
  try {
    // Any base works: a relative URL inherits the page's scheme, which is http(s).
    url = new URL(text, 'https://token-endpoint.invalid/');
  } catch {
    throw invalidEndpoint('is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidEndpoint(
      `must be a path or an http(s) URL, not a ${url.protocol.slice(0, 20)} URL.`,
    );
  }
  if (url.username || url.password) {
    throw invalidEndpoint('must not contain a user name or password.');
  }
  return text;
}

function endpointSource(endpoint: string, fetchOption?: typeof fetch): TokenSource {
  return async ({ reason, force, signal }) => {
    if (signal.aborted) throw aborted();
    // Looked up per call (and called as a method) so a stubbed global fetch is honoured and
    // Chrome does not throw "Illegal invocation" for a detached `fetch`.
    const doFetch = fetchOption ?? ((input, init) => globalThis.fetch(input, init));
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify(force ? { reason, force } : { reason }),
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw aborted();
      throw failure(undefined, 'The token endpoint could not be reached.', err);
    }
    if (signal.aborted || !response.ok) {
      response.body?.cancel().catch(() => {});
      if (signal.aborted) throw aborted();
      throw failure(response.status, `The token endpoint answered HTTP ${response.status}.`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      if (signal.aborted) throw aborted();
      throw failure(undefined, 'The token endpoint response could not be read.', err);
    }
    if (signal.aborted) throw aborted();
    if (!text.trim()) {
      throw new EmbedError('INVALID_GRANT', 'The token endpoint returned an empty response.');
    }
    let grant: unknown;
    try {
      grant = JSON.parse(text);
    } catch {
      // No cause on purpose: the parser's message quotes the body, which may be a bare token.
      throw new EmbedError('INVALID_GRANT', 'The token endpoint did not return JSON.');
    }
    // Cross-origin endpoints expose Date only with `Access-Control-Expose-Headers: Date`.
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    return Number.isFinite(serverDate) ? { grant, serverDate } : { grant };
  };
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/**
 * Picks the one token source that applies: the `tokenProvider` property, else
 * `token-endpoint`, else a static `token`. An empty string counts as unset, as an empty
 * attribute would. Configuration errors throw synchronously, before any request.
 */
export function createTokenSource(opts: TokenSourceOptions): TokenSource {
  if (isSet(opts.provider)) {
    if (typeof opts.provider !== 'function') {
      throw new EmbedError(
        'MISSING_TOKEN_SOURCE',
        'The tokenProvider must be a function that returns a promise of a token or grant.',
      );
    }
    return providerSource(opts.provider);
  }
  if (isSet(opts.endpoint)) return endpointSource(checkEndpoint(opts.endpoint), opts.fetch);
  if (isSet(opts.token)) {
    const token = validateToken(opts.token);
    return async ({ signal }) => {
      if (signal.aborted) throw aborted();
      return { grant: token };
    };
  }
  throw new EmbedError(
    'MISSING_TOKEN_SOURCE',
    'No token source: set the tokenProvider property, the token-endpoint attribute or the token attribute.',
  );
}

/**
 * Bounds a source in time. The inner source gets its own signal, aborted on timeout or when
 * the caller's signal aborts, so a stuck `fetch` is really cancelled. Whatever the inner
 * source does after that is ignored. A non-finite or non-positive `ms` means no time limit.
 */
export function withTimeout(source: TokenSource, ms: number, clock: Clock): TokenSource {
  return (ctx) => {
    const inner = new AbortController();
    return abortable<SourceResult>(
      ctx.signal,
      (resolve, reject) => {
        Promise.resolve()
          .then(() => source({ ...ctx, signal: inner.signal }))
          .then(resolve, reject);
        if (!(Number.isFinite(ms) && ms > 0)) return;
        return scheduleAt(clock, clock.now() + ms, () => {
          const error = new EmbedError(
            'TOKEN_PROVIDER_TIMEOUT',
            `The token provider did not answer within ${ms / 1000} s.`,
          );
          inner.abort(error);
          reject(error);
        });
      },
      () => inner.abort(ctx.signal.reason),
    );
  };
}
