import { expect } from '@open-wc/testing';
import type { EmbedError } from '../../src/core/errors.js';
import {
  FallbackTokenStore,
  IdbTokenStore,
  MemoryTokenStore,
  clearStoredTokens,
  createTokenStore,
} from '../../src/storage/index.js';
import { storageKey } from '../../src/core/token-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { deleteDb, hideIndexedDb, stubIndexedDbOpen, uniqueDbName } from './idb-helpers.js';

const ACME = 'https://acme.biuwer.com';
const OTHER = 'https://other.biuwer.com';

describe('createTokenStore', () => {
  let dbName: string;
  beforeEach(() => (dbName = uniqueDbName('index')));
  afterEach(() => deleteDb(dbName));

  it('persists across pages by default', async () => {
    const clock = new FakeClock();
    const first = createTokenStore({ dbName, clock });
    expect(first).to.be.instanceOf(FallbackTokenStore);
    await first.set(storageKey(ACME, 'ann'), { token: 'tok-persisted', issuedAt: clock.now() });
    const afterReload = createTokenStore({ dbName, clock });
    expect((await afterReload.get(storageKey(ACME, 'ann')))?.token).to.equal('tok-persisted');
  });

  it('keeps tokens in memory only with persist "none"', async () => {
    const store = createTokenStore({ persist: 'none', dbName });
    expect(store).to.be.instanceOf(MemoryTokenStore);
    await store.set(storageKey(ACME, 'ann'), { token: 'tok-memory', issuedAt: Date.now() });
    expect(await createTokenStore({ dbName }).get(storageKey(ACME, 'ann'))).to.equal(undefined);
  });

  it('works in memory, with one warning, where IndexedDB does not exist', async () => {
    const errors: EmbedError[] = [];
    const restore = hideIndexedDb();
    try {
      const store = createTokenStore({ dbName, onUnavailable: (e) => errors.push(e) });
      await store.set(storageKey(ACME, 'ann'), { token: 'tok-mem', issuedAt: Date.now() });
      expect((await store.get(storageKey(ACME, 'ann')))?.token).to.equal('tok-mem');
      await clearStoredTokens('ann', { dbName }); // must not throw either
    } finally {
      restore();
    }
    expect(errors.map((e) => e.code)).to.deep.equal(['STORAGE_UNAVAILABLE']);
  });
});

describe('clearStoredTokens', () => {
  let dbName: string;
  let store: IdbTokenStore;
  beforeEach(async () => {
    dbName = uniqueDbName('logout');
    store = new IdbTokenStore({ dbName });
    for (const [origin, user] of [
      [ACME, 'ann'],
      [OTHER, 'ann'],
      [ACME, 'bob'],
    ]) {
      await store.set(storageKey(origin, user), { token: `tok-${user}`, issuedAt: Date.now() });
    }
  });
  afterEach(() => deleteDb(dbName));

  it("removes only that user's tokens, on every instance", async () => {
    await clearStoredTokens('ann', { dbName });
    expect(await store.get(storageKey(ACME, 'ann'))).to.equal(undefined);
    expect(await store.get(storageKey(OTHER, 'ann'))).to.equal(undefined);
    expect((await store.get(storageKey(ACME, 'bob')))?.token).to.equal('tok-bob');
  });

  it('removes every token without a user, and later writes still work', async () => {
    await clearStoredTokens(undefined, { dbName });
    expect(await store.get(storageKey(ACME, 'bob'))).to.equal(undefined);
    await store.set(storageKey(ACME, 'bob'), { token: 'tok-again', issuedAt: Date.now() });
    expect((await store.get(storageKey(ACME, 'bob')))?.token).to.equal('tok-again');
  });

  it('resolves when IndexedDB refuses to open', async () => {
    const restore = stubIndexedDbOpen();
    try {
      await clearStoredTokens('ann', { dbName: uniqueDbName('blocked') });
    } finally {
      restore();
    }
  });
});
