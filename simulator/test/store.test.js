import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { beforeEach, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { generateRentals, renderContent, summarize } from '../content.js';
import { formatNumber } from '../charts.js';
import { SAMPLE_RESOURCES, SAMPLE_TENANTS, SAMPLE_TOKENS, createStore } from '../store.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 15, 9, 30, 0, 250); // not on a second boundary on purpose

describe('simulator store', () => {
  let t;
  let store;
  beforeEach(() => {
    t = START;
    store = createStore({ now: () => t });
  });

  it('seeds two tenants, their users, sample shares and static tokens', async () => {
    assert.deepEqual(
      store.listUsers().map((u) => [u.id, u.tenant]),
      [
        ['ana', SAMPLE_TENANTS.northwind],
        ['ben', SAMPLE_TENANTS.contoso],
      ],
    );
    for (const token of Object.values(SAMPLE_RESOURCES)) assert.ok(store.getResource(token), token);
    const open = await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana);
    assert.equal(open.ok, true);
    assert.equal(open.user.id, 'ana');
    assert.deepEqual(open.resource.features, ['token', 'resize']);
    assert.deepEqual(store.getResource(SAMPLE_RESOURCES.noProtocolPage).features, []);
  });

  it('issues 32-hex opaque tokens valid from now until validForMs has passed', async () => {
    const { token, expiresAt } = await store.issueToken({ userId: 'ana', validForMs: MINUTE });
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.equal(expiresAt, START + MINUTE);
    t = START + MINUTE - 1;
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).ok, true);
    t = START + MINUTE;
    assert.deepEqual(await store.validate(SAMPLE_RESOURCES.page, token), {
      ok: false,
      reason: 'expired',
      scope: 'token',
    });
  });

  it('rejects a token before its validity starts', async () => {
    const { token } = await store.issueToken({
      userId: 'ben',
      from: START + MINUTE,
      to: START + 2 * MINUTE,
    });
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).reason, 'not-yet-valid');
    t = START + MINUTE;
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).ok, true);
  });

  it("applies the share's own validity window", async () => {
    assert.deepEqual(await store.validate(SAMPLE_RESOURCES.expiredPage, SAMPLE_TOKENS.ana), {
      ok: false,
      reason: 'expired',
      scope: 'resource',
    });
    store.updateResource(SAMPLE_RESOURCES.page, { validUntil: START + MINUTE });
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana)).ok, true);
    t = START + MINUTE;
    assert.equal(
      (await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana)).reason,
      'expired',
    );
    store.updateResource(SAMPLE_RESOURCES.kpiCard, { validFrom: t + 1 });
    assert.equal(
      (await store.validate(SAMPLE_RESOURCES.kpiCard, SAMPLE_TOKENS.ana)).reason,
      'not-yet-valid',
    );
    assert.deepEqual(await store.validate('0'.repeat(24), SAMPLE_TOKENS.ana), {
      ok: false,
      reason: 'not-found',
      scope: 'resource',
    });
  });

  it('consumes a single-use token on its first successful open only', async () => {
    const { token } = await store.issueToken({ userId: 'ben', singleUse: true });
    // A failed open (ben may not see the restricted page) must not use it up.
    assert.equal(
      (await store.validate(SAMPLE_RESOURCES.restrictedPage, token)).reason,
      'forbidden',
    );
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).ok, true);
    assert.deepEqual(await store.validate(SAMPLE_RESOURCES.page, token), {
      ok: false,
      reason: 'used',
      scope: 'token',
    });
  });

  it('lets only one of two concurrent opens use a single-use JWT', async () => {
    const { token } = await store.issueToken({ userId: 'ana', singleUse: true, format: 'jwt' });
    const results = await Promise.all([
      store.validate(SAMPLE_RESOURCES.page, token),
      store.validate(SAMPLE_RESOURCES.kpiCard, token),
    ]);
    assert.deepEqual(results.map((r) => (r.ok ? 'ok' : r.reason)).sort(), ['ok', 'used']);
  });

  it('rejects revoked and unknown tokens', async () => {
    assert.equal(store.revokeToken(SAMPLE_TOKENS.ana), true);
    assert.equal(store.revokeToken('f'.repeat(32)), false);
    assert.deepEqual(await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana), {
      ok: false,
      reason: 'revoked',
      scope: 'token',
    });
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, 'f'.repeat(32))).reason, 'not-found');
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ben)).ok, true);
  });

  it('forbids a user outside the share access list', async () => {
    assert.deepEqual(await store.validate(SAMPLE_RESOURCES.restrictedPage, SAMPLE_TOKENS.ben), {
      ok: false,
      reason: 'forbidden',
      scope: 'user',
    });
    assert.equal(
      (await store.validate(SAMPLE_RESOURCES.restrictedPage, SAMPLE_TOKENS.ana)).ok,
      true,
    );
  });

  it('filters the rows by the viewer tenant, deterministically', () => {
    const ana = store.rowsFor(store.getUser('ana'));
    const ben = store.rowsFor(store.getUser('ben'));
    assert.ok(ana.length > 0 && ben.length > 0);
    assert.ok(ana.every((r) => r.tenant === SAMPLE_TENANTS.northwind));
    assert.ok(ben.every((r) => r.tenant === SAMPLE_TENANTS.contoso));
    assert.notEqual(summarize(ana).totalRentals, summarize(ben).totalRentals);
    assert.deepEqual(generateRentals(SAMPLE_TENANTS.northwind), ana);

    const html = renderContent('page:overview', { rows: ana, tenant: SAMPLE_TENANTS.northwind });
    assert.ok(html.includes(SAMPLE_TENANTS.northwind));
    assert.ok(html.includes(formatNumber(summarize(ana).totalRentals)));
    assert.ok(!html.includes(SAMPLE_TENANTS.contoso));
  });

  it('signs JWTs with sub, iat and exp that jose validates, and rejects them once expired', async () => {
    const { token, expiresAt } = await store.issueToken({
      userId: 'ana',
      validForMs: MINUTE,
      format: 'jwt',
    });
    const claims = decodeJwt(token);
    assert.equal(claims.sub, 'ana');
    assert.equal(claims.iat, Math.floor(START / 1000));
    // Cut to whole seconds so the claim and the reported expiry agree exactly.
    assert.equal(claims.exp * 1000, expiresAt);
    assert.equal(expiresAt, Math.floor((START + MINUTE) / 1000) * 1000);

    const twin = await store.issueToken({ userId: 'ana', validForMs: MINUTE, format: 'jwt' });
    assert.notEqual(twin.token, token, 'same user and second, still a distinct token');

    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).ok, true);
    t = expiresAt;
    assert.deepEqual(await store.validate(SAMPLE_RESOURCES.page, token), {
      ok: false,
      reason: 'expired',
      scope: 'token',
    });
  });

  it('refuses JWTs from another store and tampered ones', async () => {
    const other = createStore({ now: () => t });
    const { token } = await other.issueToken({ userId: 'ana', format: 'jwt' });
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).reason, 'not-found');
    const own = (await store.issueToken({ userId: 'ana', format: 'jwt' })).token;
    const [h, , s] = own.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'ben' })).toString('base64url')}.${s}`;
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, forged)).reason, 'not-found');
  });

  it('counts opens per token, user and resource, failures and issued tokens', async () => {
    const { token } = await store.issueToken({ userId: 'ben' });
    await store.validate(SAMPLE_RESOURCES.page, token);
    await store.validate(SAMPLE_RESOURCES.kpiCard, token);
    await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana);
    await store.validate(SAMPLE_RESOURCES.page, 'nope');
    const stats = store.stats();
    assert.equal(stats.opens.total, 3);
    assert.deepEqual(stats.opens.byToken, { [token]: 2, [SAMPLE_TOKENS.ana]: 1 });
    assert.deepEqual(stats.opens.byUser, { ben: 2, ana: 1 });
    assert.equal(stats.opens.byResource[SAMPLE_RESOURCES.page], 2);
    assert.deepEqual(stats.failures, { total: 1, byReason: { 'not-found': 1 } });
    assert.deepEqual(stats.issued, { total: 1, byUser: { ben: 1 } });
  });

  it('reset forgets issued tokens and changes, and reseeds', async () => {
    const { token } = await store.issueToken({ userId: 'ana' });
    store.revokeToken(SAMPLE_TOKENS.ana);
    store.updateResource(SAMPLE_RESOURCES.page, { validUntil: t });
    store.reset();
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, token)).reason, 'not-found');
    assert.equal((await store.validate(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana)).ok, true);
    assert.equal(store.stats().opens.total, 1);
  });

  it('validates resources and tokens it is given', async () => {
    const empty = createStore({ seed: false });
    assert.deepEqual(empty.listUsers(), []);
    assert.throws(
      () => store.addResource({ type: 'page', contentId: 'page:nope' }),
      /Unknown contentId/,
    );
    assert.throws(() => store.addResource({ type: 'report', contentId: 'page:overview' }), /type/);
    assert.throws(
      () => store.addResource({ type: 'page', contentId: 'page:overview', features: ['x'] }),
      /features/,
    );
    const added = store.addResource({ type: 'card', contentId: 'card:top-films' });
    assert.match(added.token, /^[0-9a-f]{24}$/);
    assert.deepEqual(added.features, ['token', 'resize']);
    await assert.rejects(store.issueToken({ userId: 'zoe' }), /Unknown user/);
    await assert.rejects(store.issueToken({ userId: 'ana', format: 'saml' }), /format/);
  });
});
