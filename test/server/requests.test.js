// Bad requests, refused users and failing issuers: 4xx/5xx JSON with a stable code, no-store,
// a Date header, and never a token or the issuer's error text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { START, fixture, server } from './helpers.js';

const URL_ = 'https://app.test/api/biuwer-token';
const post = (body, headers = { 'content-type': 'application/json' }) =>
  new Request(URL_, { method: 'POST', headers, body });

async function refusal(handler, request, status, code) {
  const response = await handler(request);
  assert.equal(response.status, status, code);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('date'), new Date(START).toUTCString());
  const body = await response.json();
  assert.equal(body.error, code);
  assert.equal(typeof body.message, 'string');
  assert.ok(!('token' in body), 'no token');
  return { response, body };
}

test('bad requests get 4xx JSON errors and never reach issue', async () => {
  const { handler, calls } = fixture();
  const get = await refusal(handler, new Request(URL_), 405, 'METHOD_NOT_ALLOWED');
  assert.equal(get.response.headers.get('allow'), 'POST');
  await refusal(
    handler,
    new Request(URL_, { method: 'PUT', body: '{}' }),
    405,
    'METHOD_NOT_ALLOWED',
  );
  await refusal(handler, post('{"reason": "initial"'), 400, 'INVALID_JSON');
  await refusal(handler, post('[1]'), 400, 'INVALID_BODY');
  await refusal(handler, post('null'), 400, 'INVALID_BODY');
  await refusal(handler, post('{"reason": "later"}'), 400, 'UNKNOWN_REASON');
  await refusal(handler, post('{"reason": 5}'), 400, 'UNKNOWN_REASON');
  await refusal(handler, post('{"reason": "refresh", "force": "yes"}'), 400, 'INVALID_BODY');
  await refusal(handler, post(new Uint8Array([0x7b, 0xff, 0x7d])), 400, 'INVALID_JSON');
  await refusal(
    handler,
    post('{"reason":"initial"}', { 'content-type': 'text/plain' }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  );
  await refusal(
    handler,
    post(`{"reason":"initial","pad":"${'x'.repeat(5000)}"}`),
    413,
    'BODY_TOO_LARGE',
  );
  await refusal(
    handler,
    post('{}', { 'content-type': 'application/json', 'content-length': '1000000' }),
    413,
    'BODY_TOO_LARGE',
  );
  // A streamed body without Content-Length is cut off at the limit, not read to its end.
  let pulled = 0;
  const endless = new ReadableStream({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(1024).fill(0x20));
    },
  });
  await refusal(
    handler,
    new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: endless,
      duplex: 'half',
    }),
    413,
    'BODY_TOO_LARGE',
  );
  assert.ok(pulled < 10, `read ${pulled} KB only`);
  await refusal(
    handler,
    post('{"reason":"initial"}', {
      'content-type': 'application/json',
      'sec-fetch-site': 'cross-site',
    }),
    403,
    'CROSS_SITE',
  );
  assert.equal(calls.length, 0);
});

test('no signed-in user: 401, no token, no issue call', async () => {
  for (const nobody of [null, undefined, '']) {
    const { handler, calls } = fixture({ user: async () => nobody });
    await refusal(handler, post('{"reason":"initial"}'), 401, 'NOT_SIGNED_IN');
    assert.equal(calls.length, 0);
  }
});

test('a numeric user id is a user id', async () => {
  const { ask, calls } = fixture({ user: () => 42 });
  assert.equal((await ask('initial')).status, 200);
  assert.equal(calls[0].userId, '42');
});

test('a throwing user() or policy() is a 500 without detail, reported to onError', async () => {
  const boom = () => {
    throw new Error('db password is hunter2');
  };
  for (const [options, phase] of [
    [{ user: boom }, 'user'],
    [{ user: () => ({ id: 'ana' }) }, 'user'],
    [{ policy: boom }, 'policy'],
    [{ policy: () => 'weekly' }, 'policy'],
  ]) {
    const { handler, errors, calls } = fixture(options);
    const { body } = await refusal(handler, post('{}'), 500, 'INTERNAL_ERROR');
    assert.doesNotMatch(JSON.stringify(body), /hunter2|weekly/);
    assert.equal(errors[0].phase, phase);
    assert.equal(calls.length, 0);
  }
});

test('issue failures: 502 with no detail leaked; the next request tries again', async () => {
  let fail = true;
  const { handler, errors, ask } = fixture({
    issue: async () => {
      if (fail)
        throw Object.assign(new Error('upstream said: token tok-SECRET expired'), { status: 500 });
      return 'tok-ok';
    },
  });
  const { body } = await refusal(handler, post('{}'), 502, 'ISSUE_FAILED');
  assert.doesNotMatch(JSON.stringify(body), /SECRET|upstream/);
  assert.equal(errors[0].phase, 'issue');
  assert.match(errors[0].error.message, /upstream/, 'the integrator sees the real error');
  fail = false;
  assert.equal((await ask('initial')).body.token, 'tok-ok', 'a failure is not kept');
});

test('issue returning something that is not a usable token: 502', async () => {
  for (const bad of [
    '',
    'two words',
    'line\nbreak',
    42,
    null,
    { token: 7 },
    { nope: 'x' },
    { token: 'ok', expiresAt: START - 1 },
    { token: 'ok', expiresAt: 'soon' },
  ]) {
    const { handler } = fixture({ issue: async () => bad });
    const { body } = await refusal(handler, post('{}'), 502, 'ISSUE_FAILED');
    assert.doesNotMatch(JSON.stringify(body), /two words|line/);
  }
});

test('an issue call that hangs: 504 after issueTimeoutMs, with its signal aborted', async () => {
  let signal;
  const { handler } = fixture({
    issueTimeoutMs: 30,
    issue: (req) => {
      signal = req.signal;
      return new Promise(() => {});
    },
  });
  await refusal(handler, post('{}'), 504, 'ISSUE_TIMEOUT');
  assert.equal(signal.aborted, true);
});

test('the default onError names the error type only', async (t) => {
  const lines = [];
  t.mock.method(console, 'warn', (...args) => lines.push(args.join(' ')));
  const handler = server.createTokenHandler({
    user: () => 'ana',
    policy: 'daily',
    issue: async () => {
      throw new TypeError('tok-SECRET');
    },
  });
  assert.equal((await handler(post('{}'))).status, 502);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /issue failed \(TypeError\)/);
  assert.doesNotMatch(lines[0], /SECRET/);
});

test('configuration mistakes throw at creation', () => {
  const ok = { user: () => 'ana', policy: 'daily', issue: async () => 't' };
  const { createTokenHandler } = server;
  for (const policy of [
    'weekly',
    { lifetime: 1000 },
    { lifetime: '1d' },
    { lifetime: 60_000, singleUse: 'yes' },
    null,
  ]) {
    assert.throws(() => createTokenHandler({ ...ok, policy }), TypeError, JSON.stringify(policy));
  }
  assert.throws(() => createTokenHandler({ ...ok, user: undefined }), TypeError);
  assert.throws(() => createTokenHandler({ ...ok, issue: 'https://biuwer' }), TypeError);
  assert.throws(() => createTokenHandler({ ...ok, issueTimeoutMs: 0 }), TypeError);
  assert.throws(() => server.redisTokenStore({}), TypeError);
  assert.throws(() => server.memoryTokenStore({ maxEntries: 0 }), TypeError);
});
