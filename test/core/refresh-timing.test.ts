import { expect } from '@open-wc/testing';
import {
  EXPIRY_SAFETY_MS,
  backoffDelay,
  isUsable,
  refreshAt,
  refreshMargin,
} from '../../src/core/refresh-timing.js';
import type { TokenRecord } from '../../src/core/types.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

function record(lifetime: number | undefined, extra: Partial<TokenRecord> = {}): TokenRecord {
  return {
    token: 'tok',
    issuedAt: NOW,
    singleUse: false,
    ...(lifetime === undefined ? {} : { expiresAt: NOW + lifetime }),
    ...extra,
  };
}

describe('refreshMargin', () => {
  const table: Array<[string, number, number]> = [
    ['a 10-second token', 10 * S, 5 * S],
    ['a 60-second token', MIN, 30 * S],
    ['a 2-minute token', 2 * MIN, MIN],
    ['a 5-minute token', 5 * MIN, MIN],
    ['a 15-minute token', 15 * MIN, 90 * S],
    ['a 1-hour token', H, 6 * MIN],
    ['a 1-day token', D, 2.4 * H],
    ['a 30-day token', 30 * D, 3 * D],
  ];
  for (const [label, lifetime, margin] of table) {
    it(`refreshes ${label} ${margin / S} s early`, () => {
      expect(refreshMargin(lifetime)).to.be.closeTo(margin, 1e-6);
    });
  }

  it('is zero for nonsense lifetimes', () => {
    for (const lifetime of [0, -MIN, NaN, Infinity]) expect(refreshMargin(lifetime)).to.equal(0);
  });
});

describe('refreshAt', () => {
  it('is unknown when the expiry is unknown', () => {
    expect(refreshAt(record(undefined))).to.equal(undefined);
  });

  it('schedules expiry minus the margin, measured from issue', () => {
    expect(refreshAt(record(MIN))).to.equal(NOW + 30 * S);
    expect(refreshAt(record(D))).to.equal(NOW + D - 2.4 * H);
    expect(refreshAt(record(30 * D))).to.equal(NOW + 27 * D);
  });

  it('never schedules a refresh before the token was issued, however short it is', () => {
    for (const lifetime of [1, 500, 5 * S, 59 * S, MIN, 2 * MIN]) {
      expect(refreshAt(record(lifetime))).to.be.at.least(NOW + lifetime / 2);
    }
  });
});

const SECOND = S;

describe('isUsable', () => {
  it('treats a token without expiry as usable', () => {
    expect(isUsable(record(undefined), NOW + 365 * D)).to.equal(true);
  });

  it(`counts a token as expired ${EXPIRY_SAFETY_MS} ms before its expiry`, () => {
    const r = record(H);
    expect(EXPIRY_SAFETY_MS).to.equal(5000);
    expect(isUsable(r, NOW)).to.equal(true);
    expect(isUsable(r, NOW + H - EXPIRY_SAFETY_MS - 1)).to.equal(true);
    expect(isUsable(r, NOW + H - EXPIRY_SAFETY_MS)).to.equal(false);
    expect(isUsable(r, NOW + H)).to.equal(false);
    expect(isUsable(r, NOW + 2 * H)).to.equal(false);
  });

  it('gives a short token a tenth of its life as safety window, after its refresh time', () => {
    const r = record(3 * SECOND);
    expect(isUsable(r, NOW + 2_699)).to.equal(true);
    expect(isUsable(r, NOW + 2_700)).to.equal(false);
    expect(refreshAt(r)).to.equal(NOW + 1_500);
  });

  it('waits for a JWT nbf', () => {
    const r = record(H, { notBefore: NOW + MIN });
    expect(isUsable(r, NOW)).to.equal(false);
    expect(isUsable(r, NOW + MIN - 1)).to.equal(false);
    expect(isUsable(r, NOW + MIN)).to.equal(true);
  });
});

describe('backoffDelay', () => {
  it('grows the ceiling exponentially up to the maximum (full jitter)', () => {
    const top = () => 0.999_999;
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 10].map((attempt) =>
      Math.round(backoffDelay(attempt, top)),
    );
    expect(ceilings).to.deep.equal([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('scales the ceiling by the random value', () => {
    expect(backoffDelay(2, () => 0.5)).to.equal(2000);
    expect(backoffDelay(2, () => 0)).to.equal(0);
    expect(backoffDelay(3, () => 0.25, 100, 500)).to.equal(125);
  });

  it('stays within [0, max] for odd inputs', () => {
    expect(backoffDelay(1e6, () => 0.5)).to.equal(30_000);
    expect(backoffDelay(-3, () => 0.5)).to.equal(500);
    expect(backoffDelay(NaN, () => 0.5)).to.equal(500);
    expect(backoffDelay(2, () => NaN)).to.equal(0);
    expect(backoffDelay(2, () => 7)).to.equal(4000);
  });

  it('spreads retries of many clients over the window', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, Math.random));
    expect(Math.min(...delays)).to.be.at.least(0);
    expect(Math.max(...delays)).to.be.below(16_000);
    expect(new Set(delays.map((d) => Math.floor(d / 1000))).size).to.be.above(8);
  });
});
