// Single flight in one process: however many requests arrive together for one user, one
// issue call. `issue` is held until every request is in, so they truly overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, gate, kitRequest } from './helpers.js';

/** A fixture whose issue waits until `count` requests have passed user(). */
function held(count, options = {}) {
  const arrived = gate();
  let seen = 0;
  const calls = [];
  const f = fixture({
    user: () => {
      if (++seen === count) arrived.open();
      return 'ana';
    },
    issue: async (req) => {
      const n = calls.push(req);
      // The first token of a "kept token" test is not held: only the overlapping ones are.
      if (n > (options.free ?? 0)) await arrived.opened;
      return `tok-${n}`;
    },
    issueTimeoutMs: 120_000, // held until all arrived, however slow the machine
    ...options,
  });
  return { ...f, calls };
}

const all = async (handler, reasons) => {
  const responses = await Promise.all(reasons.map((r) => handler(kitRequest(r))));
  return Promise.all(responses.map(async (r) => ({ status: r.status, ...(await r.json()) })));
};

test('100 parallel requests for one user: one issue call, one token', async () => {
  const { handler, calls } = held(100);
  const answers = await all(handler, Array(100).fill('initial'));
  assert.equal(calls.length, 1);
  assert.deepEqual(new Set(answers.map((a) => `${a.status} ${a.token}`)), new Set(['200 tok-1']));
});

test('100 parallel refusals (reason rejected): one replacement', async () => {
  const { handler, calls } = held(101, { free: 1 });
  assert.equal((await all(handler, ['initial']))[0].token, 'tok-1');
  const answers = await all(handler, Array(100).fill('rejected'));
  assert.equal(calls.length, 2, 'the first token and one replacement');
  assert.deepEqual(new Set(answers.map((a) => a.token)), new Set(['tok-2']));
});

test('100 tabs forcing a refresh together (refreshToken()): one new token', async () => {
  const { handler, calls } = held(101, { free: 1 });
  assert.equal((await all(handler, ['initial']))[0].token, 'tok-1');
  const responses = await Promise.all(
    Array.from({ length: 100 }, () => handler(kitRequest('refresh', { force: true }))),
  );
  const tokens = await Promise.all(responses.map(async (r) => (await r.json()).token));
  assert.equal(calls.length, 2, 'the first token and one new one');
  assert.deepEqual(new Set(tokens), new Set(['tok-2']));
});

test('a mix of reasons arriving together: one issue call', async () => {
  const { handler, calls } = held(60);
  const reasons = Array.from({ length: 60 }, (_, i) => ['initial', 'refresh', 'rejected'][i % 3]);
  const answers = await all(handler, reasons);
  assert.equal(calls.length, 1);
  assert.ok(answers.every((a) => a.token === 'tok-1'));
});

test('different users do not share a flight', async () => {
  const { handler, calls } = fixture({ user: (request) => request.headers.get('x-user') });
  const responses = await Promise.all(
    ['ana', 'ben', 'ana', 'ben'].map((u) =>
      handler(kitRequest('initial', { headers: { 'x-user': u } })),
    ),
  );
  const tokens = await Promise.all(responses.map(async (r) => (await r.json()).token));
  assert.equal(calls.length, 2);
  assert.equal(tokens[0], tokens[2]);
  assert.equal(tokens[1], tokens[3]);
  assert.notEqual(tokens[0], tokens[1]);
});

test('single-use never shares: 20 parallel requests, 20 tokens', async () => {
  const { handler, calls } = held(20, { policy: 'single-use' });
  const answers = await all(handler, Array(20).fill('initial'));
  assert.equal(calls.length, 20);
  assert.equal(new Set(answers.map((a) => a.token)).size, 20);
});

test('a failed flight fails every joined request, and the next one starts afresh', async () => {
  let fail = true;
  const arrived = gate();
  let seen = 0;
  let issued = 0;
  const { handler } = fixture({
    user: () => (++seen === 10 && arrived.open(), 'ana'),
    issue: async () => {
      issued += 1;
      await arrived.opened;
      if (fail) throw new Error('down');
      return 'tok-ok';
    },
  });
  const failed = await all(handler, Array(10).fill('initial'));
  assert.deepEqual(new Set(failed.map((a) => a.status)), new Set([502]));
  assert.equal(issued, 1);
  fail = false;
  assert.equal((await all(handler, ['initial']))[0].token, 'tok-ok');
});
