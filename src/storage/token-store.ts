/**
 * Where tokens are kept between page loads. Keys are `instanceOrigin|user`; nothing is
 * stored for single-use tokens or when no `user` is known. Implementations never throw on
 * `get` for a bad entry: they delete it and answer `undefined`.
 */
export interface StoredToken {
  token: string;
  /** Local epoch ms; undefined when the expiry is unknown. */
  expiresAt?: number;
  issuedAt: number;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every entry, or only those whose key ends with `|user`. */
  clear(user?: string): Promise<void>;
}

export function storageKey(instanceOrigin: string, user: string): string {
  return `${instanceOrigin}|${user}`;
}
