import { expect } from '@open-wc/testing';
import { SignJWT, UnsecuredJWT } from 'jose';
import { EmbedError } from '../../src/core/errors.js';
import { normalizeGrant } from '../../src/core/grant.js';
import type { NormalizeOptions } from '../../src/core/grant.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const SECRET = 'SECRET-abc123';
const key = new TextEncoder().encode('a-test-secret-that-is-long-enough-for-hs256');

async function jwt(claims: { exp?: number; nbf?: number; iat?: number }): Promise<string> {
  let builder = new SignJWT({ sub: 'user-1' }).setProtectedHeader({ alg: 'HS256' });
  if (claims.iat !== undefined) builder = builder.setIssuedAt(claims.iat / 1000);
  if (claims.exp !== undefined) builder = builder.setExpirationTime(claims.exp / 1000);
  if (claims.nbf !== undefined) builder = builder.setNotBefore(claims.nbf / 1000);
  return builder.sign(key);
}

function normalize(raw: unknown, opts: Partial<NormalizeOptions> = {}) {
  return normalizeGrant(raw, { now: NOW, ...opts });
}

function thrown(fn: () => unknown): EmbedError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(EmbedError);
    return err as EmbedError;
  }
  throw new Error('expected an EmbedError, nothing was thrown');
}

describe('normalizeGrant: shape', () => {
  it('takes a bare string as a token of unknown expiry, received now', () => {
    expect(normalize(SECRET)).to.deep.equal({ token: SECRET, issuedAt: NOW, singleUse: false });
  });

  const notGrants: Array<[string, unknown, RegExp]> = [
    ['{}', {}, /has no token field/],
    ['null', null, /not null/],
    ['undefined', undefined, /not undefined/],
    ['a number', 42, /not a number/],
    ['an array', [SECRET], /not an array/],
    ['a boolean', true, /not a boolean/],
    ['a numeric token', { token: 42 }, /token must be a string/],
    ['an OAuth response', { access_token: SECRET }, /rename it to token/],
  ];
  for (const [label, raw, message] of notGrants) {
    it(`rejects ${label} with INVALID_GRANT`, () => {
      const err = thrown(() => normalize(raw));
      expect(err.code).to.equal('INVALID_GRANT');
      expect(err.message).to.match(message);
      expect(err.message).not.to.include(SECRET);
    });
  }

  it('validates the token itself (INVALID_TOKEN) without quoting it', () => {
    for (const raw of [`${SECRET}:x`, { token: `${SECRET} ` }, '']) {
      const err = thrown(() => normalize(raw));
      expect(err.code).to.equal('INVALID_TOKEN');
      expect(err.message).not.to.include('abc123');
    }
  });

  it('marks single use from the grant or from the options', () => {
    expect(normalize({ token: SECRET, singleUse: true }).singleUse).to.equal(true);
    expect(normalize(SECRET, { singleUse: true }).singleUse).to.equal(true);
    expect(normalize({ token: SECRET, singleUse: 'yes' }).singleUse).to.equal(false);
  });
});

describe('normalizeGrant: expiry', () => {
  const at = NOW + 2 * H;
  const forms: Array<[string, unknown, number]> = [
    ['epoch ms', at, at],
    ['epoch seconds (mistaken for ms)', at / 1000, at],
    ['an ISO string in UTC', new Date(at).toISOString(), at],
    ['an ISO string with an offset', '2026-01-01T15:30:00+01:30', at],
    ['an ISO string with a compact offset', '2026-01-01T09:00-0500', at],
    ['a date-only ISO string (UTC midnight)', '2026-01-02', Date.UTC(2026, 0, 2)],
    ['a Date', new Date(at), at],
  ];
  for (const [label, expiresAt, expected] of forms) {
    it(`reads expiresAt given as ${label}`, () => {
      expect(normalize({ token: SECRET, expiresAt }).expiresAt).to.equal(expected);
    });
  }

  it('reads expiresIn as seconds from now, and treats null fields as absent', () => {
    expect(normalize({ token: SECRET, expiresIn: 3600 }).expiresAt).to.equal(NOW + H);
    const record = normalize({ token: SECRET, expiresAt: null, expiresIn: null, issuedAt: null });
    expect(record.expiresAt).to.equal(undefined);
  });

  const badTimes: Array<[string, Record<string, unknown>]> = [
    ['NaN expiresAt', { expiresAt: NaN }],
    ['infinite expiresAt', { expiresAt: Infinity }],
    ['negative expiresAt', { expiresAt: -1 }],
    ['zero expiresAt', { expiresAt: 0 }],
    ['prose expiresAt', { expiresAt: 'tomorrow' }],
    ['zone-less ISO expiresAt', { expiresAt: '2026-01-01T14:00:00' }],
    ['impossible ISO date', { expiresAt: '2026-02-30T00:00:00Z' }],
    ['invalid Date', { expiresAt: new Date('nope') }],
    ['object expiresAt', { expiresAt: { at: 1 } }],
    ['zero expiresIn', { expiresIn: 0 }],
    ['negative expiresIn', { expiresIn: -60 }],
    ['NaN expiresIn', { expiresIn: NaN }],
    ['infinite expiresIn', { expiresIn: Infinity }],
    ['string expiresIn', { expiresIn: '3600' }],
    ['unparsable issuedAt', { issuedAt: 'earlier' }],
  ];
  for (const [label, fields] of badTimes) {
    it(`rejects ${label} with INVALID_GRANT`, () => {
      const err = thrown(() => normalize({ token: SECRET, ...fields }));
      expect(err.code).to.equal('INVALID_GRANT');
      expect(err.message).not.to.include(SECRET);
    });
  }

  it('prefers expiresAt, then expiresIn, then JWT exp, then the configured lifetime', async () => {
    const token = await jwt({ exp: NOW + 3 * H });
    const lifetimeMs = 4 * H;
    const both = { token, expiresAt: NOW + H, expiresIn: 2 * 3600 };
    expect(normalize(both, { lifetimeMs }).expiresAt).to.equal(NOW + H);
    expect(normalize({ token, expiresIn: 2 * 3600 }, { lifetimeMs }).expiresAt).to.equal(
      NOW + 2 * H,
    );
    expect(normalize(token, { lifetimeMs }).expiresAt).to.equal(NOW + 3 * H);
    expect(normalize(SECRET, { lifetimeMs }).expiresAt).to.equal(NOW + 4 * H);
  });

  it('reads exp and nbf from a JWT, signed or unsecured', async () => {
    const signed = normalize(await jwt({ exp: NOW + D, nbf: NOW + MIN }));
    expect(signed.expiresAt).to.equal(NOW + D);
    expect(signed.notBefore).to.equal(NOW + MIN);
    const unsecured = new UnsecuredJWT({}).setExpirationTime((NOW + H) / 1000).encode();
    expect(normalize(unsecured).expiresAt).to.equal(NOW + H);
  });

  it('ignores tokens that only look like JWTs', () => {
    for (const token of ['a.b.c', 'eyJhbGciOiJub25lIn0.bm90LWpzb24.', 'x.eyJleHAiOiJzb29uIn0.y']) {
      const record = normalize(token, { lifetimeMs: H });
      expect(record.expiresAt).to.equal(NOW + H);
      expect(record.notBefore).to.equal(undefined);
    }
  });

  it('rejects a token that has already expired on arrival (recoverable)', async () => {
    for (const raw of [
      { token: SECRET, expiresAt: NOW - 1 },
      { token: SECRET, expiresAt: NOW },
      { token: SECRET, issuedAt: NOW - 3 * H, expiresIn: 3600 },
      await jwt({ exp: NOW - MIN }),
    ]) {
      const err = thrown(() => normalize(raw));
      expect(err.code).to.equal('TOKEN_EXPIRED');
      expect(err.recoverable).to.equal(true);
      expect(err.message).to.equal('The token provider returned a token that has already expired.');
    }
  });

  it('rejects a bad configured lifetime', () => {
    expect(thrown(() => normalize(SECRET, { lifetimeMs: 0 })).code).to.equal('INVALID_LIFETIME');
    expect(thrown(() => normalize(SECRET, { lifetimeMs: NaN })).code).to.equal('INVALID_LIFETIME');
  });
});

describe('normalizeGrant: clock skew', () => {
  it('moves expiry onto the local clock using the Date header', () => {
    // Local clock 2 h ahead of the server: a 1 h token would otherwise look expired on arrival.
    const serverDate = NOW - 2 * H;
    const record = normalize({ token: SECRET, expiresAt: serverDate + H }, { serverDate });
    expect(record.expiresAt).to.equal(NOW + H);
    expect(record.issuedAt).to.equal(NOW);
  });

  it('shortens expiry when the local clock is behind', () => {
    const serverDate = NOW + H;
    const record = normalize({ token: SECRET, expiresAt: serverDate + 30 * MIN }, { serverDate });
    expect(record.expiresAt).to.equal(NOW + 30 * MIN);
  });

  it('ignores Date header differences within 2 s (one-second resolution plus latency)', () => {
    const expiresAt = NOW + H;
    for (const serverDate of [NOW - 2000, NOW + 1500, NOW]) {
      expect(normalize({ token: SECRET, expiresAt }, { serverDate }).expiresAt).to.equal(expiresAt);
    }
    expect(normalize({ token: SECRET, expiresAt }, { serverDate: NOW - 2001 }).expiresAt).to.equal(
      expiresAt + 2001,
    );
  });

  it('uses the grant issuedAt as the issuer clock, and counts expiresIn from it', () => {
    const issuedAt = NOW + 10 * MIN; // local clock 10 min behind
    const grant = { token: SECRET, issuedAt, expiresAt: issuedAt + H };
    expect(normalize(grant).expiresAt).to.equal(NOW + H);
    expect(normalize({ token: SECRET, issuedAt, expiresIn: 3600 }).expiresAt).to.equal(NOW + H);
    const issuedAtSeconds = { token: SECRET, issuedAt: issuedAt / 1000, expiresIn: 3600 };
    expect(normalize(issuedAtSeconds).expiresAt).to.equal(NOW + H);
  });

  it('uses the JWT iat as the issuer clock, also for nbf', async () => {
    const issuerNow = NOW - 5 * MIN; // local clock 5 min ahead
    const token = await jwt({ iat: issuerNow, nbf: issuerNow, exp: issuerNow + H });
    const record = normalize(token);
    expect(record.expiresAt).to.equal(NOW + H);
    expect(record.notBefore).to.equal(NOW);
  });

  it('prefers the Date header to issue times, which may be old', async () => {
    // A provider reusing a token minted 10 min ago, on a server whose clock agrees with ours.
    const grant = { token: SECRET, issuedAt: NOW - 10 * MIN, expiresIn: 3600 };
    expect(normalize(grant, { serverDate: NOW }).expiresAt).to.equal(NOW + 50 * MIN);
    const token = await jwt({ iat: NOW - 10 * MIN, exp: NOW + 50 * MIN });
    expect(normalize(token, { serverDate: NOW }).expiresAt).to.equal(NOW + 50 * MIN);
  });

  it('does not stretch an old token: an issue time over an hour ago is age, not skew', async () => {
    const token = await jwt({ iat: NOW - 10 * D, exp: NOW + 20 * D });
    expect(normalize(token).expiresAt).to.equal(NOW + 20 * D);
    const grant = { token: SECRET, issuedAt: NOW - 2 * H, expiresIn: 3 * 3600 };
    expect(normalize(grant).expiresAt).to.equal(NOW + H);
  });

  it('does not shift relative or configured expiries without an issuer time', () => {
    const record = normalize({ token: SECRET, expiresIn: 60 }, { serverDate: NOW - D });
    expect(record.expiresAt).to.equal(NOW + MIN);
    expect(normalize(SECRET, { serverDate: NOW - D, lifetimeMs: H }).expiresAt).to.equal(NOW + H);
  });
});
