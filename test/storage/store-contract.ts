import { expect } from '@open-wc/testing';
import { storageKey } from '../../src/core/token-store.js';
import type { StoredToken, TokenStore } from '../../src/core/token-store.js';
import type { FakeClock } from '../helpers/fake-clock.js';

export interface StoreUnderTest {
  store: TokenStore;
  clock: FakeClock;
  /** Releases what the store holds (e.g. deletes its database); runs after each test. */
  dispose?: () => Promise<void>;
}

const ACME = 'https://acme.biuwer.com';
const OTHER = 'https://other.biuwer.com';
const MINUTE = 60_000;

/**
 * The behaviour every TokenStore shares, run over each implementation so the memory
 * fallback can never drift from the IndexedDB store.
 */
export function runTokenStoreContract(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
): void {
  describe(`${name} (TokenStore contract)`, () => {
    let store: TokenStore;
    let clock: FakeClock;
    let dispose: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, clock, dispose } = await makeStore());
    });

    afterEach(async () => {
      await dispose?.();
    });

    const grant = (token: string, lifetimeMs?: number): StoredToken => {
      const now = clock.now();
      return lifetimeMs === undefined
        ? { token, issuedAt: now }
        : { token, issuedAt: now, expiresAt: now + lifetimeMs };
    };

    it('returns what was set', async () => {
      const value = grant('tok-a1b2c3', 30 * MINUTE);
      await store.set(storageKey(ACME, 'ann'), value);
      expect(await store.get(storageKey(ACME, 'ann'))).to.deep.equal(value);
    });

    it("keeps a JWT's not-before time with its token", async () => {
      const value = { ...grant('tok-later', 30 * MINUTE), notBefore: clock.now() + MINUTE };
      await store.set(storageKey(ACME, 'ann'), value);
      expect(await store.get(storageKey(ACME, 'ann'))).to.deep.equal(value);
    });

    it('keeps a token of unknown expiry however much time passes', async () => {
      const value = grant('tok-forever');
      await store.set(storageKey(ACME, 'ann'), value);
      clock.jump(10 * 365 * 24 * 60 * MINUTE);
      expect(await store.get(storageKey(ACME, 'ann'))).to.deep.equal(value);
    });

    it('round-trips a long JWT-shaped token', async () => {
      const token = `eyJhbGciOiJIUzI1NiJ9.${'x'.repeat(3000)}.sig_-~`;
      await store.set(storageKey(ACME, 'ann'), grant(token, MINUTE));
      expect((await store.get(storageKey(ACME, 'ann')))?.token).to.equal(token);
    });

    it('answers undefined for a key never written', async () => {
      expect(await store.get(storageKey(ACME, 'nobody'))).to.equal(undefined);
    });

    it('overwrites an entry with a newer one', async () => {
      await store.set(storageKey(ACME, 'ann'), grant('tok-old', MINUTE));
      const fresh = grant('tok-new', 60 * MINUTE);
      await store.set(storageKey(ACME, 'ann'), fresh);
      expect(await store.get(storageKey(ACME, 'ann'))).to.deep.equal(fresh);
    });

    it('is not changed by callers mutating the objects passed in or out', async () => {
      const value = grant('tok-original', MINUTE);
      await store.set(storageKey(ACME, 'ann'), value);
      value.token = 'tok-mutated';
      const read = await store.get(storageKey(ACME, 'ann'));
      if (read) read.token = 'tok-mutated-again';
      expect((await store.get(storageKey(ACME, 'ann')))?.token).to.equal('tok-original');
    });

    it('deletes one entry and tolerates deleting an unknown key', async () => {
      await store.set(storageKey(ACME, 'ann'), grant('tok-ann', MINUTE));
      await store.set(storageKey(ACME, 'bob'), grant('tok-bob', MINUTE));
      await store.delete(storageKey(ACME, 'ann'));
      await store.delete(storageKey(ACME, 'nobody'));
      expect(await store.get(storageKey(ACME, 'ann'))).to.equal(undefined);
      expect((await store.get(storageKey(ACME, 'bob')))?.token).to.equal('tok-bob');
    });

    it('ignores an entry once the clock reaches its expiry, and deletes it', async () => {
      await store.set(storageKey(ACME, 'ann'), grant('tok-short', MINUTE));
      clock.jump(MINUTE - 1);
      expect((await store.get(storageKey(ACME, 'ann')))?.token).to.equal('tok-short');
      clock.jump(1); // expiresAt === now counts as expired
      expect(await store.get(storageKey(ACME, 'ann'))).to.equal(undefined);
      // Turning the clock back shows the entry was deleted, not merely hidden.
      clock.jump(-10 * MINUTE);
      expect(await store.get(storageKey(ACME, 'ann'))).to.equal(undefined);
    });

    it('keeps the same user on different instances apart', async () => {
      await store.set(storageKey(ACME, 'ann'), grant('tok-acme', MINUTE));
      await store.set(storageKey(OTHER, 'ann'), grant('tok-other', MINUTE));
      expect((await store.get(storageKey(ACME, 'ann')))?.token).to.equal('tok-acme');
      expect((await store.get(storageKey(OTHER, 'ann')))?.token).to.equal('tok-other');
      await store.delete(storageKey(ACME, 'ann'));
      expect((await store.get(storageKey(OTHER, 'ann')))?.token).to.equal('tok-other');
    });

    it('clear() removes every entry and later writes still work', async () => {
      await store.set(storageKey(ACME, 'ann'), grant('tok-ann', MINUTE));
      await store.set(storageKey(OTHER, 'bob'), grant('tok-bob'));
      await store.clear();
      expect(await store.get(storageKey(ACME, 'ann'))).to.equal(undefined);
      expect(await store.get(storageKey(OTHER, 'bob'))).to.equal(undefined);
      await store.set(storageKey(ACME, 'ann'), grant('tok-after', MINUTE));
      expect((await store.get(storageKey(ACME, 'ann')))?.token).to.equal('tok-after');
    });

    it('clear(user) removes only that user, on every instance', async () => {
      const keep = ['bob', 'joann', 'acme|ann', 'ann|x'];
      await store.set(storageKey(ACME, 'ann'), grant('tok-ann-acme', MINUTE));
      await store.set(storageKey(OTHER, 'ann'), grant('tok-ann-other'));
      for (const user of keep) await store.set(storageKey(ACME, user), grant(`tok-${user}`));
      await store.clear('ann');
      expect(await store.get(storageKey(ACME, 'ann'))).to.equal(undefined);
      expect(await store.get(storageKey(OTHER, 'ann'))).to.equal(undefined);
      for (const user of keep) {
        expect((await store.get(storageKey(ACME, user)))?.token, user).to.equal(`tok-${user}`);
      }
    });
  });
}
