import type { ReleaseLock, StoredGrant, TokenStore } from './types.js';

/**
 * The one method used of a node-redis client (`createClient()` from the `redis` package,
 * connected): raw commands keep this entry free of a runtime dependency on `redis`.
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

export interface RedisTokenStoreOptions {
  /** Prefix of every key this store writes (default `biuwer-embed:`). */
  prefix?: string;
}

/** Deletes the lock only if it is still ours: an expired lock may have a new holder. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

function parse(value: unknown): StoredGrant | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const grant = JSON.parse(value) as Partial<StoredGrant>;
    if (typeof grant.token !== 'string' || !Number.isFinite(grant.issuedAt)) return undefined;
    if (grant.expiresAt !== undefined && !Number.isFinite(grant.expiresAt)) return undefined;
    return {
      token: grant.token,
      issuedAt: grant.issuedAt as number,
      ...(grant.expiresAt !== undefined && { expiresAt: grant.expiresAt }),
    };
  } catch {
    return undefined; // a foreign or damaged value is a miss
  }
}

/**
 * Tokens in Redis, shared by every app server behind a load balancer, with a lock (SET NX
 * PX, released by compare-and-delete) so that one server issues while the others wait.
 * Redis then holds live tokens: protect it as you would a session store.
 */
export function redisTokenStore(
  client: RedisCommandClient,
  { prefix = 'biuwer-embed:' }: RedisTokenStoreOptions = {},
): TokenStore {
  if (!client || typeof client.sendCommand !== 'function') {
    throw new TypeError('redisTokenStore needs a node-redis client (createClient() from redis).');
  }
  const tokenKey = (key: string) => `${prefix}token:${key}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;
  return {
    async get(key) {
      return parse(await client.sendCommand(['GET', tokenKey(key)]));
    },
    async set(key, grant) {
      const args = ['SET', tokenKey(key), JSON.stringify(grant)];
      // Kept no longer than the token lives (measured from its issue, on any clock).
      if (grant.expiresAt !== undefined) {
        args.push('PX', String(Math.max(1, Math.ceil(grant.expiresAt - grant.issuedAt))));
      }
      await client.sendCommand(args);
    },
    async delete(key) {
      await client.sendCommand(['DEL', tokenKey(key)]);
    },
    async lock(key, ttlMs): Promise<ReleaseLock | undefined> {
      const id = crypto.randomUUID();
      const name = lockKey(key);
      const ttl = String(Math.max(1, Math.ceil(ttlMs)));
      const taken = await client.sendCommand(['SET', name, id, 'NX', 'PX', ttl]);
      if (taken !== 'OK') return undefined;
      return async () => {
        await client.sendCommand(['EVAL', RELEASE, '1', name, id]);
      };
    },
  };
}
