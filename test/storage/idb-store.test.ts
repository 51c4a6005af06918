import { expect } from '@open-wc/testing';
import { IdbTokenStore } from '../../src/storage/idb-store.js';
import { storageKey } from '../../src/core/token-store.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { deleteDb, rawEntries, rawGet, rawSet, uniqueDbName } from './idb-helpers.js';
import { runTokenStoreContract } from './store-contract.js';

runTokenStoreContract('IdbTokenStore', async () => {
  const clock = new FakeClock();
  const dbName = uniqueDbName('contract');
  const store = new IdbTokenStore({ dbName, clock });
  return { store, clock, dispose: () => deleteDb(dbName) };
});

const KEY = storageKey('https://acme.biuwer.com', 'ann');
const TOKEN = 'a3f1c9e2-5b7d-4e8a-9c0f-1d2e3f4a5b6c';

describe('IdbTokenStore (IndexedDB specifics)', () => {
  let dbName: string;
  let clock: FakeClock;
  let store: IdbTokenStore;

  beforeEach(() => {
    dbName = uniqueDbName('idb');
    clock = new FakeClock();
    store = new IdbTokenStore({ dbName, clock });
  });

  afterEach(async () => {
    // Also proves an open store never blocks deleting its database.
    await deleteDb(dbName);
  });

  const write = (token = TOKEN, key = KEY) =>
    store.set(key, { token, issuedAt: clock.now(), expiresAt: clock.now() + 3_600_000 });

  async function storedCryptoKey(): Promise<[IDBValidKey, CryptoKey]> {
    const found = (await rawEntries(dbName)).filter(([, value]) => value instanceof CryptoKey);
    expect(found).to.have.length(1);
    return found[0] as [IDBValidKey, CryptoKey];
  }

  it('never writes the token text to IndexedDB', async () => {
    await write();
    const entry = (await rawGet(dbName, KEY)) as Record<string, unknown>;
    expect(Object.keys(entry).sort()).to.deep.equal(['ciphertext', 'expiresAt', 'issuedAt', 'iv']);
    expect(entry.ciphertext).to.be.instanceOf(ArrayBuffer);
    expect(entry.iv).to.be.instanceOf(Uint8Array);
    expect((entry.iv as Uint8Array).length).to.equal(12);
    const bytes = new Uint8Array(entry.ciphertext as ArrayBuffer);
    expect(new TextDecoder('latin1').decode(bytes)).not.to.include(TOKEN);
    expect(new TextDecoder().decode(bytes)).not.to.include(TOKEN);
    const dump = JSON.stringify(await rawEntries(dbName), (_key, value: unknown) =>
      value instanceof ArrayBuffer ? [...new Uint8Array(value)] : value,
    );
    expect(dump).not.to.include(TOKEN);
    expect(dump).not.to.include(TOKEN.slice(0, 8));
  });

  it('keeps a non-extractable AES-GCM key beside the entries', async () => {
    await write();
    const [, key] = await storedCryptoKey();
    expect(key.extractable).to.equal(false);
    expect(key.algorithm).to.deep.include({ name: 'AES-GCM', length: 256 });
    let exported = false;
    await crypto.subtle.exportKey('raw', key).then(
      () => (exported = true),
      () => undefined,
    );
    await crypto.subtle.exportKey('jwk', key).then(
      () => (exported = true),
      () => undefined,
    );
    expect(exported).to.equal(false);
  });

  it('reads, after a reload (a new instance), what the previous page wrote', async () => {
    await write();
    const reloaded = new IdbTokenStore({ dbName, clock });
    expect((await reloaded.get(KEY))?.token).to.equal(TOKEN);
  });

  it('agrees on one key when two tabs write first at the same time', async () => {
    const tabA = new IdbTokenStore({ dbName, clock });
    const tabB = new IdbTokenStore({ dbName, clock });
    const keyB = storageKey('https://acme.biuwer.com', 'bob');
    await Promise.all([
      tabA.set(KEY, { token: 'tok-from-a', issuedAt: clock.now() }),
      tabB.set(keyB, { token: 'tok-from-b', issuedAt: clock.now() }),
    ]);
    await storedCryptoKey();
    const reader = new IdbTokenStore({ dbName, clock });
    expect((await reader.get(KEY))?.token).to.equal('tok-from-a');
    expect((await reader.get(keyB))?.token).to.equal('tok-from-b');
  });

  it('ignores and deletes corrupt entries, keeping good ones', async () => {
    await write();
    const garbage: unknown[] = ['garbage', 42, null, { ciphertext: 'x', iv: [1], issuedAt: 1 }];
    for (const [i, value] of garbage.entries()) await rawSet(dbName, `${KEY}-${i}`, value);
    for (const i of garbage.keys()) {
      expect(await store.get(`${KEY}-${i}`)).to.equal(undefined);
      expect(await rawGet(dbName, `${KEY}-${i}`)).to.equal(undefined);
    }
    expect((await store.get(KEY))?.token).to.equal(TOKEN);
  });

  it('ignores and deletes an entry whose ciphertext was tampered with', async () => {
    await write();
    const entry = (await rawGet(dbName, KEY)) as { ciphertext: ArrayBuffer };
    const bytes = new Uint8Array(entry.ciphertext);
    bytes[0] ^= 0xff;
    await rawSet(dbName, KEY, entry);
    expect(await store.get(KEY)).to.equal(undefined);
    expect(await rawGet(dbName, KEY)).to.equal(undefined);
  });

  it('ignores and deletes an entry whose expiry was pushed back', async () => {
    await write();
    const entry = (await rawGet(dbName, KEY)) as { expiresAt: number };
    entry.expiresAt += 30 * 86_400_000;
    await rawSet(dbName, KEY, entry);
    expect(await store.get(KEY)).to.equal(undefined);
    expect(await rawGet(dbName, KEY)).to.equal(undefined);
  });

  it('refuses an entry copied under another key, and keeps the original', async () => {
    await write();
    const otherKey = storageKey('https://acme.biuwer.com', 'mallory');
    await rawSet(dbName, otherKey, await rawGet(dbName, KEY));
    expect(await store.get(otherKey)).to.equal(undefined);
    expect(await rawGet(dbName, otherKey)).to.equal(undefined);
    expect((await store.get(KEY))?.token).to.equal(TOKEN);
  });

  it('recovers from a damaged key record: old entries are dropped, new ones work', async () => {
    await write();
    const [keyId] = await storedCryptoKey();
    await rawSet(dbName, keyId, 'not a key');
    expect(await store.get(KEY)).to.equal(undefined);
    await write('tok-after-repair');
    expect((await new IdbTokenStore({ dbName, clock }).get(KEY))?.token).to.equal(
      'tok-after-repair',
    );
  });

  it('clear() deletes the tokens but keeps the key', async () => {
    await write();
    const encryptedBefore = await rawGet(dbName, KEY);
    await store.clear();
    expect(await rawEntries(dbName)).to.have.length(1); // only the key record
    expect(await store.get(KEY)).to.equal(undefined);
    // A tab that encrypted just before the clear and writes just after still writes
    // something readable: its key did not vanish under it.
    await rawSet(dbName, KEY, encryptedBefore);
    expect((await store.get(KEY))?.token).to.equal(TOKEN);
  });

  it('lets its database be deleted while open, then starts afresh', async () => {
    await write();
    await deleteDb(dbName);
    expect(await store.get(KEY)).to.equal(undefined);
    await write('tok-fresh');
    expect((await store.get(KEY))?.token).to.equal('tok-fresh');
  });
});
