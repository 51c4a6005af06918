import type { StoredGrant, TokenStore } from './types.js';

/**
 * Tokens in this process's memory. Right for one server process; behind a load balancer
 * each process would issue its own tokens (use `redisTokenStore`). The map is bounded, oldest
 * write out first, so departed users do not accumulate; the handler judges expiry itself.
 */
export function memoryTokenStore({
  maxEntries = 10_000,
}: { maxEntries?: number } = {}): TokenStore {
  if (!(Number.isInteger(maxEntries) && maxEntries > 0)) {
    throw new TypeError('maxEntries must be a positive integer.');
  }
  const entries = new Map<string, StoredGrant>();
  return {
    async get(key) {
      const grant = entries.get(key);
      return grant && { ...grant };
    },
    async set(key, grant) {
      entries.delete(key); // re-inserted last: the map's order is its age
      entries.set(key, { ...grant });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}
