import * as idb from 'idb-keyval';
import type { UseStore } from 'idb-keyval';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { decrypt, encrypt, generateKey, isAesGcmKey } from './crypto.js';
import { isExpired, isKeyOfUser, tokenTimes } from '../core/token-store.js';
import type { StoredToken, TokenStore, TokenTimes } from '../core/token-store.js';

export const DEFAULT_DB_NAME = 'biuwer-embed';
const STORE_NAME = 'tokens';
/**
 * Where the CryptoKey lives. Token keys are always strings; an array key sorts apart from
 * them and can never collide with one, whatever string a caller passes as a key.
 */
const CRYPTO_KEY_ID: IDBValidKey = ['crypto-key'];

/** The record written to IndexedDB: the token exists only inside `ciphertext`. */
interface EncryptedEntry {
  ciphertext: ArrayBuffer;
  iv: Uint8Array<ArrayBuffer>;
  expiresAt?: number;
  issuedAt: number;
  notBefore?: number;
}

type EntryMeta = TokenTimes;

export interface IdbTokenStoreOptions {
  /** The kit owns this database: idb-keyval supports one object store per database. */
  dbName?: string;
  clock?: Clock;
}

/**
 * Tokens persisted across page loads in IndexedDB (through idb-keyval), encrypted with a
 * non-extractable AES-GCM key kept in the same database. Storage failures (blocked, private
 * mode, quota) reject; `FallbackTokenStore` turns them into an in-memory fallback.
 */
export class IdbTokenStore implements TokenStore {
  readonly dbName: string;
  private readonly clock_: Clock;
  private readonly connection_: Connection;

  constructor(options: IdbTokenStoreOptions = {}) {
    this.dbName = options.dbName ?? DEFAULT_DB_NAME;
    this.clock_ = options.clock ?? systemClock;
    this.connection_ = connect(this.dbName);
  }

  async get(key: string): Promise<StoredToken | undefined> {
    // One transaction for both reads: the entry and the key come from the same snapshot.
    const [cryptoKey, entry] = await idb.getMany<unknown>([CRYPTO_KEY_ID, key], this.use_);
    if (entry === undefined) return undefined;
    if (isEntry(entry) && !isExpired(entry, this.clock_.now()) && isAesGcmKey(cryptoKey)) {
      const token = await decrypt(cryptoKey, entry.ciphertext, entry.iv, bind(key, entry)).catch(
        () => undefined,
      );
      if (token !== undefined) return { token, ...tokenTimes(entry) } as StoredToken;
    }
    await this.deleteIfUnchanged_(key, entry);
    return undefined;
  }

  async set(key: string, value: StoredToken): Promise<void> {
    const cryptoKey = await this.cryptoKey_();
    const entryMeta = tokenTimes(value);
    if (!entryMeta) throw new RangeError('A token entry needs finite times.');
    const { ciphertext, iv } = await encrypt(cryptoKey, value.token, bind(key, entryMeta));
    const entry: EncryptedEntry = { ciphertext, iv, ...entryMeta };
    await idb.set(key, entry, this.use_);
  }

  async delete(key: string): Promise<void> {
    await idb.del(key, this.use_);
  }

  /**
   * Deletes token entries but keeps the CryptoKey: another tab may be encrypting with it
   * right now, and a fresh key would make that tab's write unreadable.
   */
  async clear(user?: string): Promise<void> {
    const doomed = (await idb.keys(this.use_)).filter(
      (key): key is string =>
        typeof key === 'string' && (user === undefined || isKeyOfUser(key, user)),
    );
    if (doomed.length > 0) await idb.delMany(doomed, this.use_);
  }

  /** Closes the connection now (e.g. after a one-off clear); a later call reopens it. */
  close(): void {
    this.connection_.close();
  }

  private get use_(): UseStore {
    return this.connection_.use;
  }

  private async cryptoKey_(): Promise<CryptoKey> {
    const existing = await idb.get<unknown>(CRYPTO_KEY_ID, this.use_);
    if (isAesGcmKey(existing)) return existing;
    // Two tabs can reach this point together on first use. `update` reads and writes in one
    // transaction, so the first writer wins and the second keeps the winner's key.
    const fresh = await generateKey();
    let chosen: CryptoKey = fresh;
    await idb.update<unknown>(
      CRYPTO_KEY_ID,
      (current) => (chosen = isAesGcmKey(current) ? current : fresh),
      this.use_,
    );
    return chosen;
  }

  /**
   * Deletes a bad entry unless another tab replaced it since we read it (a fresh write
   * always has a new random IV), so an expired read never wipes a just-refreshed token.
   */
  private deleteIfUnchanged_(key: string, seen: unknown): Promise<void> {
    return this.use_('readwrite', (objectStore) => {
      const request = objectStore.get(key);
      request.onsuccess = () => {
        const current: unknown = request.result;
        const rewritten = isEntry(current) && !(isEntry(seen) && sameBytes(seen.iv, current.iv));
        if (!rewritten) objectStore.delete(key);
      };
      return idb.promisifyRequest(objectStore.transaction);
    });
  }
}

interface Connection {
  use: UseStore;
  close(): void;
}

/**
 * idb-keyval's `createStore`, plus what it lacks: it never closes its connection, so
 * deleting or upgrading the database from another tab (logout elsewhere, a newer kit, a
 * test) would wait on this page forever, even when the object store is missing and every
 * transaction fails. Here the connection yields on `versionchange` and reopens on next use.
 */
function connect(dbName: string): Connection {
  let opening: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    if (opening) return opening;
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
    const current = idb.promisifyRequest(request);
    opening = current;
    current.then(
      (db) => {
        const forget = () => {
          if (opening === current) opening = undefined;
        };
        db.onclose = forget; // the browser closed it (storage cleared): reopen next time
        db.onversionchange = () => {
          db.close();
          forget();
        };
      },
      () => {
        if (opening === current) opening = undefined;
      },
    );
    return current;
  };
  return {
    use: (mode, callback) =>
      open().then((db) => callback(db.transaction(STORE_NAME, mode).objectStore(STORE_NAME))),
    close: () => {
      const current = opening;
      opening = undefined;
      current?.then((db) => db.close()).catch(() => undefined);
    },
  };
}

const encoder = new TextEncoder();

/**
 * AES-GCM additional data: the storage key and the clear-text metadata. An entry copied to
 * another key, or given a later `expiresAt` or an earlier `notBefore`, no longer decrypts.
 * `notBefore` is bound only when present, so entries written before it existed still read.
 */
function bind(key: string, entry: EntryMeta): Uint8Array<ArrayBuffer> {
  const bound: unknown[] = [key, entry.expiresAt ?? null, entry.issuedAt];
  if (entry.notBefore !== undefined) bound.push(entry.notBefore);
  return encoder.encode(JSON.stringify(bound));
}

function isEntry(value: unknown): value is EncryptedEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    entry.ciphertext instanceof ArrayBuffer &&
    entry.iv instanceof Uint8Array &&
    tokenTimes(entry) !== undefined
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
