// The server examples (examples/server/) as an integrator runs them: through the package's
// exports map (`biuwer-embed/server`), against the share simulator's token API standing in
// for Biuwer's. Each hands a signed-in user a token Biuwer accepts, and refuses everyone else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_RESOURCES, startShareServer } from '../../simulator/server.js';
import { root } from './helpers.js';

const { sessions } = await import(`${root}examples/server/session.js`);

let sim;
before(async () => {
  sim = await startShareServer();
  process.env.BIUWER_API_URL = sim.url;
  sessions.set('sid-ana', 'ana');
});
after(async () => {
  await sim?.close();
  delete process.env.BIUWER_API_URL;
});

const SIGNED_IN = { cookie: 'theme=dark; sid=sid-ana' };
const kitInit = (headers = {}, reason = 'initial') => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ reason }),
});

/** The grant opens a shared page as Ana in the simulator (Biuwer's own check). */
async function assertOpensAsAna(grant) {
  assert.equal(typeof grant.token, 'string');
  const result = await sim.store.validate(SAMPLE_RESOURCES.page, grant.token);
  assert.equal(result.ok, true, 'Biuwer accepts the token');
  assert.equal(result.user.id, 'ana');
}

/** The behaviour every example shares, given a function that sends one request. */
function contract(send, { reused }) {
  test('a signed-in user gets a token Biuwer accepts', async () => {
    const response = await send(kitInit(SIGNED_IN));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.ok(Number.isFinite(Date.parse(response.headers.get('date'))));
    await assertOpensAsAna(await response.json());
  });
  test(
    reused ? 'the next request reuses it' : 'every request gets a new single-use token',
    async () => {
      const a = await (await send(kitInit(SIGNED_IN))).json();
      const b = await (await send(kitInit(SIGNED_IN, 'refresh'))).json();
      assert.equal(a.token === b.token, reused);
    },
  );
  test('nobody signed in: 401 and no token', async () => {
    const response = await send(kitInit({ cookie: 'sid=forged' }));
    assert.equal(response.status, 401);
    assert.deepEqual(Object.keys(await response.json()).sort(), ['error', 'message']);
  });
  test('a GET or a bad body: 4xx JSON', async () => {
    assert.equal((await send({ method: 'GET', headers: SIGNED_IN })).status, 405);
    const bad = await send({ ...kitInit(SIGNED_IN), body: '{"reason":"soon"}' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error, 'UNKNOWN_REASON');
  });
}

describe('Express (examples/server/express.js)', () => {
  let http;
  let url;
  before(async () => {
    const { createApp } = await import(`${root}examples/server/express.js`);
    const app = createApp({ apiUrl: sim.url });
    await new Promise((resolve) => {
      http = app.listen(0, '127.0.0.1', resolve);
    });
    url = `http://127.0.0.1:${http.address().port}/api/biuwer-token`;
  });
  after(() => {
    http.closeAllConnections();
    return new Promise((resolve) => http.close(resolve));
  });
  contract((init) => fetch(url, init), { reused: true });

  test('behind express.json(), the parsed body is used', async () => {
    const { default: express } = await import('express');
    const { createTokenHandler, toNodeHandler } = await import('biuwer-embed/server');
    const reasons = [];
    const app = express();
    app.use(express.json());
    app.post(
      '/t',
      toNodeHandler(
        createTokenHandler({
          user: () => 'ana',
          policy: 'single-use',
          issue: ({ reason }) => (reasons.push(reason), 'tok-json'),
        }),
      ),
    );
    const server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${server.address().port}/t`;
      assert.equal((await fetch(base, kitInit({}, 'rejected'))).status, 200);
      const oversized = await fetch(base, {
        ...kitInit(),
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
      });
      assert.equal(oversized.status, 413);
      assert.deepEqual(reasons, ['rejected']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Hono (examples/server/hono.js)', () => {
  let app;
  before(async () => {
    const { createApp } = await import(`${root}examples/server/hono.js`);
    app = createApp({ apiUrl: sim.url });
  });
  contract((init) => app.request('http://app.test/api/biuwer-token', init), { reused: true });
});

describe('Next.js route handler (examples/server/next/app/api/biuwer-token/route.js)', () => {
  let route;
  before(async () => {
    route = await import(`${root}examples/server/next/app/api/biuwer-token/route.js`);
  });
  test('is a dynamic Node route', () => {
    assert.equal(route.runtime, 'nodejs');
    assert.equal(route.dynamic, 'force-dynamic');
    assert.equal(typeof route.POST, 'function');
  });
  contract(
    (init) => {
      // Next calls POST for POST only; other methods get its own 405, as the handler's would.
      const request = new Request('http://app.test/api/biuwer-token', init);
      return route.POST(request, { params: Promise.resolve({}) });
    },
    { reused: false },
  );
});
