// `npm start` (node demo/start.js): prints both URLs, serves both origins, stops on SIGINT,
// and says clearly when a port is taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const START = fileURLToPath(new URL('../../demo/start.js', import.meta.url));

function run(env) {
  const child = spawn(process.execPath, [START], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function until(condition, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Occupies a free loopback port; resolves to {port, close}. */
function occupy(host) {
  return new Promise((resolve) => {
    const server = createServer().listen(0, host, () =>
      resolve({ port: server.address().port, close: () => new Promise((r) => server.close(r)) }),
    );
  });
}

test('starts both origins, prints what to open, and stops on SIGINT', async () => {
  const app = run({ HOST_PORT: '0', SHARE_PORT: '0' });
  try {
    await until(() => /Biuwer instance\s+http:\/\/127\.0\.0\.1:\d+/.test(app.output()));
    const hostUrl = /Host application\s+(http:\/\/localhost:\d+)/.exec(app.output())[1];
    const shareUrl = /Biuwer instance\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())[1];
    const config = await (await fetch(`${hostUrl}/api/config`)).json();
    assert.equal(config.instance, shareUrl, 'the page learns the instance from /api/config');
    assert.equal(config.user, null);
    const page = await fetch(`${hostUrl}/`);
    assert.match(await page.text(), /Rentals admin/);
    const share = await fetch(`${shareUrl}/share`);
    assert.equal(share.status, 200);
    app.child.kill('SIGINT');
    assert.equal(await app.exited, 0);
    await assert.rejects(fetch(`${hostUrl}/api/config`), 'the host server is down');
  } finally {
    app.child.kill('SIGKILL');
  }
});

test('a taken port: a clear message and exit code 1', async () => {
  const busy = await occupy('127.0.0.1');
  try {
    const share = run({ HOST_PORT: '0', SHARE_PORT: String(busy.port) });
    assert.equal(await share.exited, 1);
    assert.match(
      share.output(),
      new RegExp(`Port ${busy.port} is already in use; set SHARE_PORT to another port\\.`),
    );
  } finally {
    await busy.close();
  }
  const busyHost = await occupy('localhost');
  try {
    const host = run({ HOST_PORT: String(busyHost.port), SHARE_PORT: '0' });
    assert.equal(await host.exited, 1);
    assert.match(
      host.output(),
      new RegExp(`Port ${busyHost.port} is already in use; set HOST_PORT to another port\\.`),
    );
  } finally {
    await busyHost.close();
  }
});
