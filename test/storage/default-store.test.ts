import { expect } from '@open-wc/testing';
import type { EmbedError } from '../../src/core/errors.js';
import { clearStoredTokens, getDefaultTokenStore } from '../../src/storage/index.js';
import { storageKey } from '../../src/core/token-store.js';
import { stubIndexedDbOpen } from './idb-helpers.js';

// The page-wide store is a module singleton; each test file runs in its own page, so this
// file owns it. IndexedDB is blocked for the whole file so nothing touches the shared
// 'biuwer-embed' database other suites may use.
describe('getDefaultTokenStore', () => {
  let restore: () => void;
  before(() => (restore = stubIndexedDbOpen()));
  after(() => restore());

  const user = `ann-${Math.random().toString(36).slice(2)}`;
  const annKey = storageKey('https://acme.biuwer.com', user);
  const bobKey = storageKey('https://acme.biuwer.com', `bob-${user}`);

  it('is one store per page, warning each early listener once', async () => {
    const first: EmbedError[] = [];
    const second: EmbedError[] = [];
    const late: EmbedError[] = [];
    const store = getDefaultTokenStore((e) => first.push(e));
    expect(getDefaultTokenStore((e) => second.push(e))).to.equal(store);

    await store.set(annKey, { token: 'tok-ann', issuedAt: Date.now() });
    await store.set(bobKey, { token: 'tok-bob', issuedAt: Date.now() });
    expect(getDefaultTokenStore((e) => late.push(e))).to.equal(store);
    await store.get(annKey);

    expect(store.usingMemory).to.equal(true);
    expect(first.map((e) => e.code)).to.deep.equal(['STORAGE_UNAVAILABLE']);
    expect(second).to.have.length(1);
    expect(late).to.have.length(0);
  });

  it("clearStoredTokens(user) also clears that user's in-memory fallback", async () => {
    const store = getDefaultTokenStore();
    await store.set(annKey, { token: 'tok-ann', issuedAt: Date.now() });
    await store.set(bobKey, { token: 'tok-bob', issuedAt: Date.now() });
    await clearStoredTokens(user);
    expect(await store.get(annKey)).to.equal(undefined);
    expect((await store.get(bobKey))?.token).to.equal('tok-bob');
  });
});
