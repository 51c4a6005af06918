import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Script } from 'node:vm';
import { after, before, beforeEach, describe, it } from 'node:test';
import { formatNumber } from '../charts.js';
import { summarize } from '../content.js';
import {
  SAMPLE_RESOURCES,
  SAMPLE_TOKENS,
  createShareHandler,
  createStore,
  startShareServer,
} from '../server.js';

const START = Date.UTC(2026, 0, 15, 9, 30);

describe('share handler over HTTP', () => {
  let t = START;
  let sim;
  const call = (path, { method = 'GET', body, origin, headers = {} } = {}) =>
    fetch(sim.url + path, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(origin && { origin }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const open = (resource, token) =>
    call('/share/api/open', { method: 'POST', body: { resource, token } });

  before(async () => {
    sim = await startShareServer({ store: createStore({ now: () => t }) });
  });
  after(() => sim.close());
  beforeEach(() => {
    t = START;
    sim.store.reset();
  });

  it('serves a frameable share page whose only script is /share/app.js', async () => {
    const res = await call('/share');
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get('content-security-policy'),
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    );
    assert.equal(res.headers.get('x-frame-options'), null);
    const html = await res.text();
    assert.deepEqual(html.match(/<script[^>]*>/g), ['<script src="/share/app.js" defer>']);
    assert.match(html, /<\/script>\s*<\/head>/);

    const js = await call('/share/app.js');
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    const source = await js.text();
    assert.doesNotThrow(() => new Script(source), 'app.js parses');
    assert.match(source, /Content not found/);
  });

  it('opens a valid pair with the tenant content, features and expiry', async () => {
    const res = await open(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.ok, true);
    assert.deepEqual(body.features, ['token', 'resize']);
    assert.equal(body.expiresIn, null);
    const rows = sim.store.rowsFor(sim.store.getUser('ana'));
    assert.ok(body.html.includes('Northwind Rentals'));
    assert.ok(body.html.includes(formatNumber(summarize(rows).totalRentals)));

    const issued = await (
      await call('/__sim/tokens', { method: 'POST', body: { userId: 'ben', validForMs: 90_000 } })
    ).json();
    const ben = await (await open(SAMPLE_RESOURCES.kpiCard, issued.token)).json();
    assert.equal(ben.expiresAt, START + 90_000);
    assert.equal(ben.expiresIn, 90_000); // on the store clock, not the wall clock
    assert.ok(ben.html.includes('data-tenant="Contoso Films"'));
  });

  it('explains failed opens and flags only token problems as token-expired', async () => {
    const cases = [
      [SAMPLE_RESOURCES.page, 'f'.repeat(32), 401, 'not-found', true],
      ['0'.repeat(24), SAMPLE_TOKENS.ana, 404, 'not-found', false],
      [SAMPLE_RESOURCES.expiredPage, SAMPLE_TOKENS.ana, 404, 'expired', false],
      [SAMPLE_RESOURCES.restrictedPage, SAMPLE_TOKENS.ben, 403, 'forbidden', false],
    ];
    for (const [resource, token, status, reason, tokenExpired] of cases) {
      const res = await open(resource, token);
      assert.equal(res.status, status, reason);
      const body = await res.json();
      assert.deepEqual([body.ok, body.reason, body.tokenExpired], [false, reason, tokenExpired]);
      assert.equal(body.html, undefined);
    }
    assert.equal((await call('/share/api/open')).status, 405);
    const plain = await call('/share/api/open', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(plain.status, 400);
    const form = await fetch(`${sim.url}/share/api/open`, {
      method: 'POST',
      body: 'resource=x&token=y',
    });
    assert.equal(form.status, 415);
  });

  it('issues, revokes and reports through the admin API', async () => {
    const res = await call('/__sim/tokens', {
      method: 'POST',
      body: { userId: 'ana', singleUse: true },
    });
    assert.equal(res.status, 201);
    const { token, expiresAt } = await res.json();
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.equal(expiresAt, null);
    assert.equal((await open(SAMPLE_RESOURCES.page, token)).status, 200);
    assert.equal((await (await open(SAMPLE_RESOURCES.page, token)).json()).reason, 'used');

    const jwt = await (
      await call('/__sim/tokens', {
        method: 'POST',
        body: { userId: 'ben', format: 'jwt', validForMs: 60_000 },
      })
    ).json();
    assert.equal(jwt.token.split('.').length, 3);
    assert.equal(
      (await call('/__sim/revoke', { method: 'POST', body: { token: jwt.token } })).status,
      200,
    );
    assert.equal((await (await open(SAMPLE_RESOURCES.page, jwt.token)).json()).reason, 'revoked');
    assert.equal(
      (await call('/__sim/revoke', { method: 'POST', body: { token: 'nope' } })).status,
      404,
    );

    assert.equal(
      (await call('/__sim/tokens', { method: 'POST', body: { userId: 'zoe' } })).status,
      404,
    );
    assert.equal(
      (await call('/__sim/tokens', { method: 'POST', body: { userId: 'ana', format: 'x' } }))
        .status,
      400,
    );
    assert.equal(
      (await call('/__sim/tokens', { method: 'POST', body: { userId: 'ana', validForMs: '1' } }))
        .status,
      400,
    );

    const stats = await (await call('/__sim/stats')).json();
    assert.equal(stats.opens.byToken[token], 1);
    assert.deepEqual(stats.issued.byUser, { ana: 1, ben: 1 });
    assert.equal(stats.failures.byReason.used, 1);
  });

  it('patches a share (e.g. expires it) and resets', async () => {
    const path = `/__sim/resources/${SAMPLE_RESOURCES.page}`;
    const res = await call(path, { method: 'POST', body: { validUntil: START } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).validUntil, START);
    assert.equal(
      (await (await open(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana)).json()).reason,
      'expired',
    );
    assert.equal(
      (await call(path, { method: 'POST', body: { patch: { features: ['resize'] } } })).status,
      200,
    );
    assert.equal((await call(path, { method: 'POST', body: { features: ['fly'] } })).status, 400);
    assert.equal(
      (await call(path, { method: 'POST', body: { contentId: 'page:catalogue' } })).status,
      400,
    );
    assert.equal(
      (await call(`/__sim/resources/${'0'.repeat(24)}`, { method: 'POST', body: {} })).status,
      404,
    );

    assert.equal((await call('/__sim/reset', { method: 'POST' })).status, 200);
    assert.equal((await open(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana)).status, 200);
    assert.equal((await call('/__sim/nothing')).status, 404);
    assert.equal((await call('/__sim/stats', { method: 'POST', body: {} })).status, 405);
  });

  it('real-instance mode: no protocol, and data calls fail once the token has expired', async () => {
    const R = SAMPLE_RESOURCES;
    const data = (resource, token) =>
      call('/share/api/data', { method: 'POST', body: { resource, token } });
    const { token } = await (
      await call('/__sim/tokens', { method: 'POST', body: { userId: 'ana', validForMs: 60_000 } })
    ).json();
    const opened = await (await open(R.realInstancePage, token)).json();
    assert.equal(opened.ok, true);
    assert.equal(opened.realInstance, true);
    assert.deepEqual(opened.features, []);
    assert.equal(opened.dataRefreshMs, 2000);
    // While the token is valid the open page's data calls succeed...
    t = START + 59_999;
    assert.equal((await data(R.realInstancePage, token)).status, 200);
    // ...and from its expiry on they fail as a token problem: the page shows not-found.
    t = START + 60_000;
    const failed = await data(R.realInstancePage, token);
    assert.equal(failed.status, 401);
    assert.deepEqual(await failed.json(), {
      ok: false,
      reason: 'expired',
      scope: 'token',
      tokenExpired: true,
      realInstance: true,
    });
    assert.deepEqual(sim.store.stats().dataCalls, { total: 2, failed: 1 });
    assert.equal(sim.store.stats().opens.total, 1, 'a data call is not an open');

    // A single-use token spent on the open keeps serving that page's data calls.
    const once = await (
      await call('/__sim/tokens', { method: 'POST', body: { userId: 'ana', singleUse: true } })
    ).json();
    assert.equal((await open(R.realInstancePage, once.token)).status, 200);
    assert.equal((await data(R.realInstancePage, once.token)).status, 200);
    assert.equal((await open(R.realInstancePage, once.token)).status, 401);

    // The store-wide mode turns every share without its own setting into a real instance.
    assert.equal((await (await open(R.page, SAMPLE_TOKENS.ana)).json()).realInstance, false);
    const mode = await call('/__sim/mode', { method: 'POST', body: { realInstance: true } });
    assert.deepEqual(await mode.json(), { realInstance: true, dataRefreshMs: 2000 });
    const page = await (await open(R.page, SAMPLE_TOKENS.ana)).json();
    assert.equal(page.realInstance, true);
    assert.deepEqual(page.features, []);
    // A share's own setting wins over the mode.
    await call(`/__sim/resources/${R.page}`, { method: 'POST', body: { realInstance: false } });
    assert.equal((await (await open(R.page, SAMPLE_TOKENS.ana)).json()).realInstance, false);
    const bad = await call('/__sim/mode', { method: 'POST', body: { dataRefreshMs: 5 } });
    assert.equal(bad.status, 400);
    sim.store.reset();
    assert.deepEqual(await (await call('/__sim/mode')).json(), {
      realInstance: false,
      dataRefreshMs: 2000,
    });
  });

  it("a protocol page's data call gives the time left on the server's clock", async () => {
    const R = SAMPLE_RESOURCES;
    const data = async (token) =>
      (
        await call('/share/api/data', { method: 'POST', body: { resource: R.kpiCard, token } })
      ).json();
    const { token } = await (
      await call('/__sim/tokens', { method: 'POST', body: { userId: 'ana', validForMs: 60_000 } })
    ).json();
    await call(`/__sim/resources/${R.kpiCard}`, {
      method: 'POST',
      body: { validUntil: START + 90_000 },
    });
    assert.equal((await (await open(R.kpiCard, token)).json()).expiresIn, 60_000);
    // The page re-arms its expiry from each answer, so a clock that jumps is followed.
    t = START + 45_000;
    assert.deepEqual(await data(token), {
      ok: true,
      at: t,
      expiresIn: 15_000,
      shareExpiresIn: 45_000,
    });
    t = START + 60_000;
    assert.equal((await data(token)).reason, 'expired');
    // A revoked token fails the next call too, as Biuwer's API would.
    await call('/__sim/revoke', { method: 'POST', body: { token: SAMPLE_TOKENS.ben } });
    assert.deepEqual(await data(SAMPLE_TOKENS.ben), {
      ok: false,
      reason: 'revoked',
      scope: 'token',
      tokenExpired: true,
      realInstance: false,
    });
  });

  it('answers /__sim/ for loopback origins and host names only', async () => {
    for (const origin of ['http://localhost:8000', 'http://127.0.0.1:5173']) {
      const res = await call('/__sim/stats', { origin });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), origin);
      const pre = await call('/__sim/tokens', {
        method: 'OPTIONS',
        origin,
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), origin);
      assert.match(pre.headers.get('access-control-allow-headers'), /content-type/);
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example:8000', 'null']) {
      const res = await call('/__sim/reset', { method: 'POST', origin });
      assert.equal(res.status, 403, origin);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    }
    const rebound = await new Promise((resolve, reject) => {
      const url = new URL(`${sim.url}/__sim/stats`);
      const req = request(url, { headers: { host: `evil.example:${url.port}` } }, resolve);
      req.on('error', reject).end();
    });
    rebound.resume();
    assert.equal(rebound.statusCode, 403, 'a DNS-rebinding host name is refused');
    const share = await call('/share/api/open', {
      method: 'POST',
      origin: 'http://localhost:8000',
      body: { resource: SAMPLE_RESOURCES.page, token: SAMPLE_TOKENS.ana },
    });
    assert.equal(share.headers.get('access-control-allow-origin'), null);
  });

  it('leaves paths it does not own to the caller', () => {
    const handler = createShareHandler({ store: sim.store });
    for (const url of ['/', '/share/other', '/sharer', '/demo/index.html', '/__simx']) {
      assert.equal(handler({ url, method: 'GET', headers: {} }, {}), false, url);
    }
  });
});

describe('startShareServer', () => {
  it('reports a busy port clearly and listens on loopback only', async () => {
    const first = await startShareServer();
    try {
      await assert.rejects(startShareServer({ port: first.port }), {
        message: `Port ${first.port} is already in use; set SHARE_PORT to another port.`,
      });
    } finally {
      await first.close();
    }
    await assert.rejects(startShareServer({ host: '0.0.0.0' }), /loopback only/);
  });

  it('closes even with a keep-alive connection open', async () => {
    const sim = await startShareServer();
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${sim.url}/share`)).status, 200);
    await sim.close();
    await assert.rejects(fetch(`${sim.url}/share`));
  });
});
