import { expect } from '@open-wc/testing';
import type { EmbedError } from '../../src/core/errors.js';
import { FallbackTokenStore } from '../../src/storage/fallback-store.js';
import { IdbTokenStore } from '../../src/storage/idb-store.js';
import { MemoryTokenStore } from '../../src/storage/memory-store.js';
import { storageKey } from '../../src/core/token-store.js';
import type { StoredToken, TokenStore } from '../../src/core/token-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { deleteDb, stubIndexedDbOpen, uniqueDbName } from './idb-helpers.js';
import { runTokenStoreContract } from './store-contract.js';

const KEY = storageKey('https://acme.biuwer.com', 'ann');
const TOKEN = 'c0ffee00-1234-4abc-8def-0123456789ab';

/** A primary that fails every call, counting them. */
class BrokenStore implements TokenStore {
  calls = 0;
  constructor(readonly error: unknown = new DOMException('blocked', 'InvalidStateError')) {}
  private fail(): Promise<never> {
    this.calls += 1;
    return Promise.reject(this.error);
  }
  get = () => this.fail();
  set = () => this.fail();
  delete = () => this.fail();
  clear = () => this.fail();
}

/** Reads work, writes hit the quota: the common failure of a nearly full disk. */
class QuotaStore extends MemoryTokenStore {
  override async set(): Promise<void> {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

function collect(): { errors: EmbedError[]; onUnavailable: (error: EmbedError) => void } {
  const errors: EmbedError[] = [];
  return { errors, onUnavailable: (error) => errors.push(error) };
}

const grant = (clock: FakeClock, token = TOKEN): StoredToken => ({
  token,
  issuedAt: clock.now(),
  expiresAt: clock.now() + 60_000,
});

runTokenStoreContract('FallbackTokenStore over a healthy primary', async () => {
  const clock = new FakeClock();
  return { store: new FallbackTokenStore(new MemoryTokenStore(clock), { clock }), clock };
});

runTokenStoreContract('FallbackTokenStore after its primary failed', async () => {
  const clock = new FakeClock();
  return { store: new FallbackTokenStore(new BrokenStore(), { clock }), clock };
});

describe('FallbackTokenStore', () => {
  it('moves to memory on the first failure, reports once, and keeps working', async () => {
    const clock = new FakeClock();
    const primary = new BrokenStore();
    const { errors, onUnavailable } = collect();
    const store = new FallbackTokenStore(primary, { clock, onUnavailable });

    expect(await store.get(KEY)).to.equal(undefined);
    await store.set(KEY, grant(clock));
    expect((await store.get(KEY))?.token).to.equal(TOKEN);
    await store.delete(KEY);
    await store.clear('ann');

    expect(store.usingMemory).to.equal(true);
    expect(primary.calls).to.equal(1); // the switch is permanent
    expect(errors).to.have.length(1);
    expect(errors[0].code).to.equal('STORAGE_UNAVAILABLE');
    expect(errors[0].recoverable).to.equal(true);
    expect(errors[0].cause).to.equal(primary.error);
    expect(errors[0].message).to.equal(
      'Token storage (IndexedDB) is unavailable; tokens are kept in memory for this page.',
    );
  });

  it('reports once when several operations fail together', async () => {
    const clock = new FakeClock();
    const { errors, onUnavailable } = collect();
    const store = new FallbackTokenStore(new BrokenStore(), { clock, onUnavailable });
    const results = await Promise.all([
      store.set(KEY, grant(clock)),
      store.get(storageKey('https://acme.biuwer.com', 'bob')),
      store.clear(),
    ]);
    expect(results).to.have.length(3);
    expect(errors).to.have.length(1);
  });

  it('falls back when a write exceeds the quota, and the token is still served', async () => {
    const clock = new FakeClock();
    const { errors, onUnavailable } = collect();
    const store = new FallbackTokenStore(new QuotaStore(clock), { clock, onUnavailable });
    await store.set(KEY, grant(clock));
    expect((await store.get(KEY))?.token).to.equal(TOKEN);
    expect(errors).to.have.length(1);
    expect((errors[0].cause as DOMException).name).to.equal('QuotaExceededError');
  });

  it('does not reject when the onUnavailable listener throws', async () => {
    const clock = new FakeClock();
    const reported: unknown[] = [];
    const realReportError = globalThis.reportError;
    globalThis.reportError = (error: unknown) => reported.push(error);
    try {
      const store = new FallbackTokenStore(new BrokenStore(), {
        clock,
        onUnavailable: () => {
          throw new Error('listener bug');
        },
      });
      await store.set(KEY, grant(clock));
      expect((await store.get(KEY))?.token).to.equal(TOKEN);
    } finally {
      globalThis.reportError = realReportError;
    }
    expect(reported).to.have.length(1);
  });

  it('falls back when IndexedDB refuses to open', async () => {
    const clock = new FakeClock();
    const { errors, onUnavailable } = collect();
    const restore = stubIndexedDbOpen();
    try {
      const store = new FallbackTokenStore(new IdbTokenStore({ dbName: uniqueDbName(), clock }), {
        clock,
        onUnavailable,
      });
      await store.set(KEY, grant(clock));
      expect((await store.get(KEY))?.token).to.equal(TOKEN);
      expect(errors).to.have.length(1);
      expect((errors[0].cause as DOMException).name).to.equal('SecurityError');
    } finally {
      restore();
    }
  });

  it('falls back when the database exists but was made by someone else', async () => {
    // A database of the same name without our object store: every transaction fails.
    const dbName = uniqueDbName('foreign');
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(dbName);
      request.onupgradeneeded = () => request.result.createObjectStore('something-else');
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    try {
      const clock = new FakeClock();
      const { errors, onUnavailable } = collect();
      const store = new FallbackTokenStore(new IdbTokenStore({ dbName, clock }), {
        clock,
        onUnavailable,
      });
      await store.set(KEY, grant(clock));
      expect((await store.get(KEY))?.token).to.equal(TOKEN);
      expect(errors).to.have.length(1);
      expect((errors[0].cause as DOMException).name).to.equal('NotFoundError');
    } finally {
      await deleteDb(dbName);
    }
  });
});
