/**
 * The storage port: what the token manager needs from a store, declared beside its consumer
 * so the core depends on nothing above it; src/storage implements it. Keys are
 * `instanceOrigin|user`, written and read by the helpers below only. Nothing is stored for
 * single-use tokens or when no `user` is known. Implementations never throw on `get` for a
 * bad entry: they delete it and answer `undefined`.
 */
export interface StoredToken {
  token: string;
  /** Local epoch ms; undefined when the expiry is unknown. */
  expiresAt?: number;
  issuedAt: number;
  /**
   * Local epoch ms before which the token must not be used (JWT `nbf`). Kept with the token
   * wherever it goes, so no tab or reload takes a token that is not valid yet for a newer one.
   */
  notBefore?: number;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every entry, or only `user`'s (see `isKeyOfUser`). */
  clear(user?: string): Promise<void>;
}

export function storageKey(instanceOrigin: string, user: string): string {
  return `${instanceOrigin}|${user}`;
}

/**
 * True when `key` (built by `storageKey(instanceOrigin, user)`) belongs to `user`. An origin
 * never contains `|`, so the user is everything after the first one; comparing it exactly
 * (rather than `endsWith('|' + user)`) keeps `clear('ann')` away from a user `acme|ann`.
 */
export function isKeyOfUser(key: string, user: string): boolean {
  const separator = key.indexOf('|');
  return separator >= 0 && key.slice(separator + 1) === user;
}

/** A token's times: `issuedAt`, and `expiresAt` and `notBefore` when they are known. */
export type TokenTimes = Pick<StoredToken, 'expiresAt' | 'issuedAt' | 'notBefore'>;

const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isOptionalTime = (value: unknown): value is number | undefined =>
  value === undefined || isTime(value);

/**
 * The times of an entry from storage or another tab, copied without unknown ones (rather than
 * `undefined`); undefined when one of them is not a finite number. The one check of an
 * entry's times wherever they cross into the kit.
 */
export function tokenTimes(value: object): TokenTimes | undefined {
  const { expiresAt, issuedAt, notBefore } = value as Record<keyof TokenTimes, unknown>;
  if (!isTime(issuedAt) || !isOptionalTime(expiresAt) || !isOptionalTime(notBefore)) {
    return undefined;
  }
  const times: TokenTimes = { issuedAt };
  if (expiresAt !== undefined) times.expiresAt = expiresAt;
  if (notBefore !== undefined) times.notBefore = notBefore;
  return times;
}

/** True when an entry has a known expiry that the clock has reached. */
export function isExpired(entry: { expiresAt?: number }, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}
