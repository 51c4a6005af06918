import { MIN_LIFETIME_MS } from '../core/refresh-timing.js';
import type { Policy } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A single-use token is burned by its first frame load; the window only bounds a token that
 * is never used (a tab closed while loading), so it is short.
 */
export const SINGLE_USE_LIFETIME_MS = 10 * 60 * 1000;

/** A policy in the handler's terms: a lifetime (undefined: never expires) and single use. */
export interface ResolvedPolicy {
  lifetimeMs?: number;
  singleUse: boolean;
  /** Part of the store key: a token minted under one policy is never reused under another. */
  id: string;
}

const NAMED: Record<string, ResolvedPolicy> = {
  none: { singleUse: false, id: 'none' },
  // Monthly is 30 days, as the kit's token-lifetime="30d": a calendar month would make the
  // refresh window depend on the month.
  monthly: { lifetimeMs: 30 * DAY_MS, singleUse: false, id: `L${30 * DAY_MS}` },
  daily: { lifetimeMs: DAY_MS, singleUse: false, id: `L${DAY_MS}` },
  'single-use': { lifetimeMs: SINGLE_USE_LIFETIME_MS, singleUse: true, id: 'single' },
};

/** Throws a TypeError (an integrator's configuration mistake) for anything but a policy. */
export function resolvePolicy(policy: Policy): ResolvedPolicy {
  if (typeof policy === 'string') {
    const named = Object.hasOwn(NAMED, policy) ? NAMED[policy] : undefined;
    if (named) return named;
  } else if (policy !== null && typeof policy === 'object') {
    const { lifetime, singleUse = false } = policy;
    if (!(Number.isFinite(lifetime) && lifetime >= MIN_LIFETIME_MS)) {
      throw new TypeError(
        `A policy's lifetime is in milliseconds and at least ${MIN_LIFETIME_MS} (the kit refuses shorter tokens).`,
      );
    }
    if (typeof singleUse !== 'boolean') throw new TypeError("A policy's singleUse is a boolean.");
    return singleUse
      ? { lifetimeMs: lifetime, singleUse, id: 'single' }
      : { lifetimeMs: lifetime, singleUse, id: `L${lifetime}` };
  }
  throw new TypeError(
    "The policy must be 'none', 'monthly', 'daily', 'single-use' or { lifetime } in milliseconds.",
  );
}
