import { HttpError } from './http.js';
import type { IssuedToken, StoredGrant } from './types.js';

/** Epoch numbers below this are seconds, as the kit reads them (1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;
const MAX_TOKEN_LENGTH = 16 * 1024;

/** What a bad `issue` result turns into: the caller learns nothing of the value. */
export function badIssue(): HttpError {
  return new HttpError(502, 'ISSUE_FAILED', 'No token could be issued.');
}

function epochMs(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'number') return value < SECONDS_BELOW ? value * 1000 : value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return Date.parse(value);
  return NaN;
}

/**
 * The integrator's `issue` result as a stored grant. A value that is not a usable token
 * (empty, whitespace inside, already expired) is a failure of `issue`, answered 502 like one.
 */
export function toStoredGrant(
  issued: IssuedToken,
  issuedAt: number,
  validTo: number | undefined,
): StoredGrant {
  const { token, expiresAt } =
    typeof issued === 'string' ? { token: issued, expiresAt: undefined } : (issued ?? {});
  if (typeof token !== 'string' || !token || token.length > MAX_TOKEN_LENGTH) throw badIssue();
  // eslint-disable-next-line no-control-regex -- a header-like value must not hold controls
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw badIssue();
  const end = expiresAt === undefined ? validTo : epochMs(expiresAt);
  if (end === null || end === undefined) return { token, issuedAt };
  if (!Number.isFinite(end) || end <= issuedAt) throw badIssue();
  return { token, issuedAt, expiresAt: end };
}
