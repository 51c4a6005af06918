import type { TokenRecord } from './types.js';

/** Shortest refresh margin, so a long-lived token is renewed at least a minute early. */
const MIN_MARGIN_MS = 60_000;
const MARGIN_RATIO = 0.1;
/** Cap as a share of the lifetime, so a short token is not refreshed the moment it arrives. */
const MAX_MARGIN_RATIO = 0.5;

/**
 * A token that expires within this many milliseconds already counts as expired: loading a
 * frame takes a few seconds, and the frame's own checks run on a clock we cannot see. For
 * short tokens the window is a tenth of the lifetime instead, so a 3-second token is usable
 * for 2.7 s and still refreshed (at half its life) before that.
 */
export const EXPIRY_SAFETY_MS = 5000;
const SAFETY_RATIO = 0.1;
/**
 * Grants living less than this are never used: no frame could load and settle in time, and
 * refreshing them would approach a loop. A 3-second token is accepted.
 */
export const MIN_LIFETIME_MS = 2500;

/** The expiry safety window of this record: 5 s, or a tenth of a shorter lifetime. */
export function expirySafety(record: TokenRecord): number {
  if (record.expiresAt === undefined) return 0;
  const lifetime = record.expiresAt - record.issuedAt;
  return lifetime > 0 ? Math.min(EXPIRY_SAFETY_MS, SAFETY_RATIO * lifetime) : EXPIRY_SAFETY_MS;
}

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
 * It always lies before the point where `isUsable` turns false (the safety window is at most
 * 5 s or a tenth of the lifetime; the margin is at least a minute or half the lifetime).
 */
export function refreshAt(record: TokenRecord): number | undefined {
  if (record.expiresAt === undefined) return undefined;
  return record.expiresAt - refreshMargin(record.expiresAt - record.issuedAt);
}

/**
 * Whether the token may be put into a frame now: a lifetime of at least `MIN_LIFETIME_MS`,
 * more than its safety window (`expirySafety`)
 * left before expiry (an unknown expiry never expires) and, for a JWT with `nbf`, already valid.
 */
export function isUsable(record: TokenRecord, now: number): boolean {
  if (record.expiresAt !== undefined) {
    if (record.expiresAt - record.issuedAt < MIN_LIFETIME_MS) return false;
    if (!(now < record.expiresAt - expirySafety(record))) return false;
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
