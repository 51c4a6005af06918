// What each refresh policy hands out, and when a kept token is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DAY, START, fixture, root } from './helpers.js';

const HOUR = 60 * 60 * 1000;
// The kit's own margin rule: the server must switch tokens exactly where the client refreshes.
const { refreshMargin } = await import(`${root}dist/lib/core/refresh-timing.js`);

test('daily: a 1-day token, reused until 2.4 h before expiry, then a new one', async () => {
  const { clock, calls, ask } = fixture({ policy: 'daily' });
  const first = await ask('initial');
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, { token: 'tok-1', issuedAt: START, expiresAt: START + DAY });
  assert.equal(first.headers.get('cache-control'), 'no-store');
  assert.equal(first.headers.get('date'), new Date(START).toUTCString());
  assert.deepEqual(
    { ...calls[0], signal: undefined },
    {
      userId: 'ana',
      validFrom: new Date(START),
      validTo: new Date(START + DAY),
      singleUse: false,
      reason: 'initial',
      signal: undefined,
    },
  );

  clock.t = START + 21.5 * HOUR;
  assert.equal((await ask('refresh')).body.token, 'tok-1', 'a second tab or device: same token');
  clock.t = START + 21.6 * HOUR;
  const next = await ask('refresh');
  assert.equal(next.body.token, 'tok-2');
  assert.equal(next.body.expiresAt, clock.t + DAY);
  assert.equal(calls.length, 2);
});

test('monthly: a 30-day token, reused until 3 days before expiry', async () => {
  const { clock, calls, ask } = fixture({ policy: 'monthly' });
  assert.equal((await ask('initial')).body.expiresAt, START + 30 * DAY);
  clock.t = START + 27 * DAY - 1;
  assert.equal((await ask('initial')).body.token, 'tok-1');
  clock.t = START + 27 * DAY;
  assert.equal((await ask('refresh')).body.token, 'tok-2');
  assert.equal(calls.length, 2);
});

test('none: the hand-made token, looked up once, kept with no expiry', async () => {
  const { clock, calls, ask } = fixture({
    policy: 'none',
    issue: async (req) => (calls.push(req), 'static-ana'),
  });
  const first = await ask('initial');
  assert.deepEqual(first.body, { token: 'static-ana', issuedAt: START });
  assert.equal(calls[0].validTo, null);
  clock.t = START + 400 * DAY;
  assert.equal((await ask('refresh')).body.token, 'static-ana');
  assert.equal(calls.length, 1, 'one lookup');
});

test('single-use: a new single-use token on every request, never kept', async () => {
  const { calls, ask } = fixture({ policy: 'single-use' });
  const a = await ask('initial');
  const b = await ask('initial');
  assert.deepEqual(a.body, {
    token: 'tok-1',
    issuedAt: START,
    expiresAt: START + 10 * 60_000,
    singleUse: true,
  });
  assert.equal(b.body.token, 'tok-2');
  assert.equal(calls.length, 2);
  assert.ok(calls.every((c) => c.singleUse === true));
});

test('{ lifetime }: the switch point is the kit refresh time for every lifetime', async () => {
  for (const lifetime of [3000, 60_000, HOUR, DAY, 30 * DAY]) {
    const { clock, calls, ask } = fixture({ policy: { lifetime } });
    await ask('initial');
    const switchAt = START + lifetime - refreshMargin(lifetime);
    clock.t = switchAt - 1;
    assert.equal((await ask('refresh')).body.token, 'tok-1', `${lifetime} ms: reused`);
    clock.t = switchAt;
    assert.equal((await ask('refresh')).body.token, 'tok-2', `${lifetime} ms: replaced`);
    assert.equal(calls.length, 2);
  }
  // A 60-second token is replaced after 30 s, as the README's table says.
  assert.equal(60_000 - refreshMargin(60_000), 30_000);
});

test('{ lifetime, singleUse: true } mints single-use tokens with that window', async () => {
  const { calls, ask } = fixture({ policy: { lifetime: 120_000, singleUse: true } });
  assert.equal((await ask('initial')).body.singleUse, true);
  await ask('initial');
  assert.equal(calls.length, 2);
  assert.equal(calls[0].validTo.getTime() - calls[0].validFrom.getTime(), 120_000);
});

test('a policy per user: each user gets their own policy and their own token', async () => {
  const { calls, ask } = fixture({
    user: (request) => request.headers.get('x-user'),
    policy: (userId) => (userId === 'ben' ? 'single-use' : 'daily'),
  });
  const ana = await ask('initial', { headers: { 'x-user': 'ana' } });
  const ben = await ask('initial', { headers: { 'x-user': 'ben' } });
  assert.equal((await ask('initial', { headers: { 'x-user': 'ana' } })).body.token, ana.body.token);
  assert.equal(ben.body.singleUse, true);
  assert.notEqual(ana.body.token, ben.body.token);
  assert.deepEqual(
    calls.map((c) => [c.userId, c.singleUse]),
    [
      ['ana', false],
      ['ben', true],
    ],
  );
});

test('rejected: the kept token is discarded first, even while valid', async () => {
  const { clock, calls, ask } = fixture({ policy: 'monthly' });
  await ask('initial');
  clock.t = START + HOUR;
  const replaced = await ask('rejected');
  assert.equal(replaced.body.token, 'tok-2');
  assert.equal(calls[1].reason, 'rejected');
  assert.equal((await ask('initial')).body.token, 'tok-2', 'the replacement is kept');
  assert.equal(calls.length, 2);
});

test('force (the page called refreshToken()): a new token although the kept one is reusable', async () => {
  const { clock, calls, ask } = fixture({ policy: 'daily' });
  await ask('initial');
  clock.t = START + HOUR;
  assert.equal((await ask('refresh')).body.token, 'tok-1', 'without force the kept token');
  const forced = await ask('refresh', { force: true });
  assert.equal(forced.body.token, 'tok-2');
  assert.equal(calls[1].reason, 'refresh');
  assert.equal((await ask('initial')).body.token, 'tok-2', 'the new token is kept');
  assert.equal(calls.length, 2);
});

test('rejected under policy none asks issue again (the hand-made token may have changed)', async () => {
  let current = 'static-1';
  const { calls, ask } = fixture({
    policy: 'none',
    issue: async (req) => (calls.push(req), current),
  });
  await ask('initial');
  current = 'static-2';
  assert.equal((await ask('rejected')).body.token, 'static-2');
  assert.equal(calls.length, 2);
});

test("issue's own expiry wins over the requested window, in ms, seconds, ISO or Date", async () => {
  for (const expiresAt of [
    START + HOUR,
    (START + HOUR) / 1000,
    new Date(START + HOUR).toISOString(),
    new Date(START + HOUR),
  ]) {
    const { ask } = fixture({ issue: async () => ({ token: 'capped', expiresAt }) });
    assert.equal((await ask('initial')).body.expiresAt, START + HOUR, String(expiresAt));
  }
  const { ask } = fixture({ issue: async () => ({ token: 'forever', expiresAt: null }) });
  assert.deepEqual((await ask('initial')).body, { token: 'forever', issuedAt: START });
});

test('an empty body (a hand-written provider) counts as initial', async () => {
  const { handler, calls } = fixture();
  const response = await handler(new Request('https://app.test/t', { method: 'POST' }));
  assert.equal(response.status, 200);
  assert.equal(calls[0].reason, 'initial');
});

test('a failing store still serves a token, and says so to onError', async () => {
  const broken = {
    get: async () => Promise.reject(new Error('redis down')),
    set: async () => Promise.reject(new Error('redis down')),
    delete: async () => Promise.reject(new Error('redis down')),
  };
  const { ask, errors } = fixture({ store: broken });
  const answer = await ask('rejected');
  assert.equal(answer.status, 200);
  assert.equal(answer.body.token, 'tok-1');
  assert.ok(errors.length >= 2 && errors.every((e) => e.phase === 'store'));
});
