import { decodeJwt } from 'jose';
import { EmbedError } from './errors.js';
import type { TokenRecord } from './types.js';
import { describeType, validateToken } from './validate.js';

export interface NormalizeOptions {
  /** Local epoch ms at which the grant arrived. */
  now: number;
  /** Fallback lifetime (`token-lifetime`) when neither the grant nor a JWT carries an expiry. */
  lifetimeMs?: number;
  /** The token endpoint's HTTP `Date` header, epoch ms: the issuer's clock at response time. */
  serverDate?: number;
  /** Forces single use (the `single-use` attribute). */
  singleUse?: boolean;
}

/**
 * Numeric epoch times below this are seconds, not milliseconds: 1e11 ms is March 1973,
 * while 1e11 s is the year 5138. Integrators routinely pass `Math.floor(Date.now() / 1000)`
 * or a JWT-style `exp`, and reading that as ms would make every token look long expired.
 */
const SECONDS_BELOW = 1e11;

/**
 * Clock differences up to this size are left alone: `Date` headers and JWT `iat` have
 * one-second resolution, and network latency adds more, so smaller corrections are noise.
 */
export const SKEW_DEADBAND_MS = 2000;

/**
 * An issue time (`issuedAt`, JWT `iat`) says what the issuer's clock read when the token was
 * minted, which is "now" only if it was minted for this request. A provider that hands out a
 * cached monthly token, or a static JWT, has an old issue time; taking it for "now" would
 * extend the expiry by the token's age. An issue time further than this in the local past is
 * therefore read as age, not skew. (An issue time in the local future is always skew: no
 * token is minted in the future.) The `Date` header has no such ambiguity and is preferred.
 */
export const MAX_AGE_AS_SKEW_MS = 3_600_000;

function invalidGrant(detail: string): EmbedError {
  return new EmbedError('INVALID_GRANT', `The token grant ${detail}`);
}

function epochMs(value: number): number {
  return value < SECONDS_BELOW ? value * 1000 : value;
}

type LooseGrant = Record<string, unknown> & { token: string };

function toGrant(raw: unknown): LooseGrant {
  if (typeof raw === 'string') return { token: raw };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalidGrant(
      `must be a token string or an object with a token, not ${describeType(raw)}.`,
    );
  }
  const grant = raw as Record<string, unknown>;
  if (grant.token === undefined || grant.token === null) {
    const hint = 'access_token' in grant ? ' (it has access_token; rename it to token)' : '';
    throw invalidGrant(`has no token field${hint}.`);
  }
  if (typeof grant.token !== 'string') {
    throw invalidGrant(`token must be a string, not ${describeType(grant.token)}.`);
  }
  return grant as LooseGrant;
}

/** ISO-8601 date, or date-time with a mandatory offset: a zone-less time would be read in the browser's zone. */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:[Zz]|([+-])(\d{2}):?(\d{2})))?$/;

function parseIsoDate(text: string): number {
  const m = ISO_DATE.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((part) => Number(part ?? 0));
  const fraction = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  // Date.UTC rolls 31 February over to March; a round trip catches impossible dates.
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return NaN;
  }
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000 : 0;
  return local + fraction - offset;
}

/** A grant time on the issuer's clock in epoch ms; `null` counts as absent (JSON endpoints). */
function optionalTime(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) {
      throw invalidGrant(`${field} must be a positive epoch time, not ${String(value)}.`);
    }
    ms = epochMs(value);
  } else if (typeof value === 'string') {
    ms = parseIsoDate(value.trim());
    if (Number.isNaN(ms)) {
      throw invalidGrant(`${field} is not an ISO-8601 date with a time zone offset.`);
    }
  } else if (Object.prototype.toString.call(value) === '[object Date]') {
    // toString rather than instanceof, so a Date from another frame is accepted too.
    ms = Date.prototype.getTime.call(value);
    if (Number.isNaN(ms)) throw invalidGrant(`${field} is an invalid Date.`);
  } else {
    throw invalidGrant(`${field} must be epoch ms, an ISO-8601 string or a Date.`);
  }
  return ms;
}

function optionalSeconds(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidGrant('expiresIn must be a positive, finite number of seconds.');
  }
  return value * 1000;
}

interface Claims {
  exp?: number;
  nbf?: number;
  iat?: number;
}

/** Reads time claims when the token happens to be a JWT; opaque tokens simply have none. */
function readClaims(token: string): Claims {
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch {
    return {};
  }
  const time = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? epochMs(v) : undefined;
  return { exp: time(payload.exp), nbf: time(payload.nbf), iat: time(payload.iat) };
}

/** Local clock minus issuer clock, from the most trustworthy reference available. */
function clockSkew(now: number, serverDate?: number, issuedAt?: number, iat?: number): number {
  const refs: Array<[number | undefined, boolean]> = [
    [Number.isFinite(serverDate) ? serverDate : undefined, false],
    [issuedAt, true],
    [iat, true],
  ];
  for (const [ref, isIssueTime] of refs) {
    if (ref === undefined) continue;
    const skew = now - ref;
    if (isIssueTime && skew > MAX_AGE_AS_SKEW_MS) continue;
    return Math.abs(skew) > SKEW_DEADBAND_MS ? skew : 0;
  }
  return 0;
}

/**
 * Turns whatever a token source returned into a validated `TokenRecord` on the local clock.
 *
 * Expiry, first match wins: grant `expiresAt` → grant `expiresIn` → JWT `exp` →
 * `opts.lifetimeMs` → unknown. `expiresIn` and the lifetime count from the grant's `issuedAt`
 * when given, else from arrival. Numeric epoch values below 1e11 are taken as seconds.
 *
 * Absolute issuer times are shifted by the clock skew, estimated from (in order of trust)
 * the `Date` header, the grant's `issuedAt`, the JWT `iat`; see `MAX_AGE_AS_SKEW_MS` and
 * `SKEW_DEADBAND_MS` for when an estimate is ignored.
 *
 * @throws EmbedError `INVALID_GRANT` for a malformed grant, `INVALID_TOKEN` for a bad token,
 *   `TOKEN_EXPIRED` (recoverable) when the token has expired on arrival.
 */
export function normalizeGrant(raw: unknown, opts: NormalizeOptions): TokenRecord {
  const grant = toGrant(raw);
  const token = validateToken(grant.token);
  const { now, lifetimeMs } = opts;
  if (lifetimeMs !== undefined && !(Number.isFinite(lifetimeMs) && lifetimeMs > 0)) {
    throw new EmbedError('INVALID_LIFETIME', 'The token lifetime must be a positive duration.');
  }
  const expiresAt = optionalTime(grant.expiresAt, 'expiresAt');
  const expiresIn = optionalSeconds(grant.expiresIn);
  const issuedAt = optionalTime(grant.issuedAt, 'issuedAt');
  const claims = readClaims(token);
  const skew = clockSkew(now, opts.serverDate, issuedAt, claims.iat);
  const local = (issuerMs: number): number => issuerMs + skew;
  const fromIssue = (ms: number): number =>
    issuedAt === undefined ? now + ms : local(issuedAt + ms);

  let expiry: number | undefined;
  if (expiresAt !== undefined) expiry = local(expiresAt);
  else if (expiresIn !== undefined) expiry = fromIssue(expiresIn);
  else if (claims.exp !== undefined) expiry = local(claims.exp);
  else if (lifetimeMs !== undefined) expiry = fromIssue(lifetimeMs);

  if (expiry !== undefined && expiry <= now) {
    throw new EmbedError(
      'TOKEN_EXPIRED',
      'The token provider returned a token that has already expired.',
    );
  }
  const record: TokenRecord = {
    token,
    issuedAt: now,
    singleUse: grant.singleUse === true || opts.singleUse === true,
  };
  if (expiry !== undefined) record.expiresAt = expiry;
  if (claims.nbf !== undefined) record.notBefore = local(claims.nbf);
  return record;
}
