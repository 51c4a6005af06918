import type { TokenRecord } from './types.js';

/** Shortest refresh margin, so a long-lived token is renewed at least a minute early. */
const MIN_MARGIN_MS = 60_000;
const MARGIN_RATIO = 0.1;
/** Cap as a share of the lifetime, so a short token is not refreshed the moment it arrives. */
const MAX_MARGIN_RATIO = 0.5;

/**
 * A token that expires within this many milliseconds already counts as expired: loading a
 * frame takes a few seconds, and the frame's own checks run on a clock we cannot see.
 */
export const EXPIRY_SAFETY_MS = 5000;

/**
 * How long before expiry to refresh: `min(max(60 s, 10 % of lifetime), 50 % of lifetime)`.
 * A 60-second token refreshes 30 s early, a one-day token 2.4 h early, a 30-day one 3 days
 * early. Returns 0 for a non-positive or non-finite lifetime.
 */
export function refreshMargin(lifetimeMs: number): number {
  if (!(Number.isFinite(lifetimeMs) && lifetimeMs > 0)) return 0;
  return Math.min(
    Math.max(MIN_MARGIN_MS, MARGIN_RATIO * lifetimeMs),
    MAX_MARGIN_RATIO * lifetimeMs,
  );
}

/**
 * When to refresh proactively (local epoch ms), or undefined when the expiry is unknown.
 * Because the margin is at most half the lifetime, the refresh time is always after
 * `issuedAt`, so a fresh token never triggers an immediate refresh (no refresh loop).
 * For tokens shorter than `2 * EXPIRY_SAFETY_MS` this lies after the point where
 * `isUsable` turns false; such tokens are refreshed on demand instead.
 */
export function refreshAt(record: TokenRecord): number | undefined {
  if (record.expiresAt === undefined) return undefined;
  return record.expiresAt - refreshMargin(record.expiresAt - record.issuedAt);
}

/**
 * Whether the token may be put into a frame now: at least `EXPIRY_SAFETY_MS` left before
 * expiry (an unknown expiry never expires) and, for a JWT with `nbf`, already valid.
 */
export function isUsable(record: TokenRecord, now: number): boolean {
  if (record.expiresAt !== undefined && !(now < record.expiresAt - EXPIRY_SAFETY_MS)) {
    return false;
  }
  return record.notBefore === undefined || now >= record.notBefore;
}

/**
 * Delay before retry number `attempt` (0 for the first retry): "full jitter", a uniform
 * random delay up to `min(max, base * 2^attempt)`, so many tabs or embeds that failed
 * together do not retry together.
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  base = 1000,
  max = 60_000,
): number {
  const exponent = Number.isFinite(attempt) && attempt > 0 ? attempt : 0;
  const ceiling = Math.min(max, base * 2 ** exponent);
  // Clamp a custom random source (NaN included) so the result stays within [0, ceiling].
  const r = random();
  return (r > 0 ? Math.min(r, 1) : 0) * ceiling;
}
