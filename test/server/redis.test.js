// The Redis store against a real redis-server: the store contract, single flight within a
// process, and one issue call across two processes sharing the store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { entry, gate, kitRequest, server } from './helpers.js';
import { redisMissing, startRedis } from './redis-server.js';

if (redisMissing) console.warn(`Skipping the Redis tests: ${redisMissing}.`);

describe('redisTokenStore on a real redis-server', { skip: redisMissing }, () => {
  let redis;
  let client;
  before(async () => {
    redis = await startRedis();
    client = createClient({ url: redis.url });
    await client.connect();
  });
  after(async () => {
    client?.destroy();
    await redis?.stop();
  });

  test('get, set, delete; expiry follows the token; damaged values are misses', async () => {
    const store = server.redisTokenStore(client, { prefix: 'contract:' });
    assert.equal(await store.get('daily|ana'), undefined);
    const grant = { token: 'tok-a', issuedAt: 1000, expiresAt: 1000 + 86_400_000 };
    await store.set('daily|ana', grant);
    assert.deepEqual(await store.get('daily|ana'), grant);
    const ttl = await client.pTTL('contract:token:daily|ana');
    assert.ok(ttl > 86_000_000 && ttl <= 86_400_000, `ttl ${ttl}`);
    await store.set('none|ana', { token: 'static', issuedAt: 5 });
    assert.deepEqual(await store.get('none|ana'), { token: 'static', issuedAt: 5 });
    assert.equal(await client.pTTL('contract:token:none|ana'), -1, 'no expiry for policy none');
    await store.delete('daily|ana');
    assert.equal(await store.get('daily|ana'), undefined);
    await client.set('contract:token:x', 'not json');
    assert.equal(await store.get('x'), undefined);
  });

  test('the lock: one holder, expires by itself, released only by its holder', async () => {
    const store = server.redisTokenStore(client, { prefix: 'lock:' });
    const release = await store.lock('k', 10_000);
    assert.equal(typeof release, 'function');
    assert.equal(await store.lock('k', 10_000), undefined, 'held');
    await release();
    const again = await store.lock('k', 50);
    assert.ok(again);
    // Wait for Redis to expire it (a condition, not a fixed sleep).
    while ((await client.exists('lock:lock:k')) === 1) await new Promise((r) => setTimeout(r, 10));
    const third = await store.lock('k', 10_000);
    assert.ok(third, 'taken after expiry');
    await again(); // the expired holder must not free the new holder's lock
    assert.equal(await store.lock('k', 10_000), undefined);
    await third();
  });

  test('the handler with Redis: reuse, rejected, and 100 parallel requests → 1 issue', async () => {
    const arrived = gate();
    let seen = 0;
    const calls = [];
    const handler = server.createTokenHandler({
      user: () => (++seen === 101 && arrived.open(), 'ana'),
      policy: 'monthly',
      issueTimeoutMs: 120_000, // held until all 100 arrived, however slow the machine
      store: server.redisTokenStore(client, { prefix: 'handler:' }),
      issue: async () => {
        const n = calls.push(1);
        if (n > 1) await arrived.opened;
        return `tok-${n}`;
      },
    });
    const ask = async (reason) => (await (await handler(kitRequest(reason))).json()).token;
    assert.equal(await ask('initial'), 'tok-1');
    const tokens = await Promise.all(Array.from({ length: 100 }, () => ask('rejected')));
    assert.deepEqual(new Set(tokens), new Set(['tok-2']));
    assert.equal(calls.length, 2);
    // A second process (a fresh handler on the same Redis) reuses the kept token.
    const other = server.createTokenHandler({
      user: () => 'ana',
      policy: 'monthly',
      store: server.redisTokenStore(client, { prefix: 'handler:' }),
      issue: async () => assert.fail('must reuse'),
    });
    assert.equal((await (await other(kitRequest('initial'))).json()).token, 'tok-2');
  });

  test('two processes behind one Redis: 100 parallel requests split across them → 1 issue', async () => {
    await client.del('two-process:issue-calls');
    const worker = fileURLToPath(new URL('./fixtures/redis-worker.js', import.meta.url));
    const children = [0, 1].map(() =>
      fork(worker, [entry, redis.url], {
        // Not the test runner's flags: the workers are plain servers.
        execArgv: [],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    try {
      const ports = [];
      const everyoneArrived = Promise.all(
        children.map(
          (child) =>
            new Promise((resolve, reject) => {
              child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
              child.on('message', (message) => {
                if (message.port) ports.push(message.port) === 2 && portsReady.open();
                if (message.arrived === 50) resolve();
              });
            }),
        ),
      );
      const portsReady = gate();
      await portsReady.opened;
      const asks = Array.from({ length: 100 }, (_, i) =>
        fetch(`http://127.0.0.1:${ports[i % 2]}/api/biuwer-token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reason: i % 3 ? 'initial' : 'refresh' }),
        }).then(async (r) => ({ status: r.status, ...(await r.json()) })),
      );
      await everyoneArrived;
      for (const child of children) child.send('go');
      const answers = await Promise.all(asks);
      assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
      assert.equal(new Set(answers.map((a) => a.token)).size, 1, 'one token for all');
      assert.equal(Number(await client.get('two-process:issue-calls')), 1, 'one issue call');
    } finally {
      for (const child of children) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        if (child.exitCode === null) child.kill();
        await gone;
      }
    }
  });
});
