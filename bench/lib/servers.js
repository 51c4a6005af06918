// Everything the browser talks to, on loopback only, started and stopped by the bench:
//   host     http://localhost:H   bench pages, the kit bundle, token endpoints that count calls
//   instance http://127.0.0.1:S   the share simulator (another site, so its frames are
//                                 out-of-process like a real Biuwer instance's)
//   superset http://127.0.0.1:P   a minimal fake Superset: /embedded/:id takes the SDK's port
import { createServer } from 'node:http';
import { startShareServer, createStore } from '../../simulator/server.js';
import { BENCH_DIR } from './setup.js';
import { pageHtml } from './pages.js';

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned-looking JWT: the Superset SDK only decodes `exp` (jwt-decode, no verify). */
function fakeJwt(lifeSeconds) {
  const now = Date.now() / 1000;
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({
    user: { username: 'bench' },
    iat: Math.floor(now),
    exp: now + lifeSeconds,
    jti: Math.random().toString(16).slice(2),
  })}.c2lnbmF0dXJl`;
}

const FAKE_SUPERSET_PAGE = `<!doctype html><meta charset="utf-8"><title>fake superset</title>
<body style="margin:0;font:12px sans-serif">dashboard<script>
let tokens = 0;
addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== '__embedded_comms__' || data.handshake !== 'port transfer') return;
  const port = event.ports[0];
  port.onmessage = (e) => {
    if (e.data && e.data.method === 'guestToken') document.body.dataset.tokens = String(++tokens);
  };
});
</script>`;

export async function startServers({ esbuild, kitSource, log }) {
  const store = createStore();
  const sim = await startShareServer({ port: 0, host: '127.0.0.1', store });
  /** scenario id → [{t, tab, kind}] */
  const calls = new Map();
  const record = (scenario, entry) => {
    if (!calls.has(scenario)) calls.set(scenario, []);
    calls.get(scenario).push({ t: Date.now(), ...entry });
  };
  const bundles = new Map([['/kit.js', kitSource]]);
  const bundle = async (path) => {
    if (bundles.has(path)) return bundles.get(path);
    if (path !== '/superset-sdk.js') return undefined;
    const out = await esbuild.build({
      stdin: {
        contents: `export { embedDashboard } from '@superset-ui/embedded-sdk';\n`,
        resolveDir: BENCH_DIR,
        loader: 'js',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
      write: false,
    });
    bundles.set(path, out.outputFiles[0].text);
    return bundles.get(path);
  };

  const superset = await listen((req, res) => {
    if (/^\/embedded\/[\w-]+/.test(req.url ?? '')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(FAKE_SUPERSET_PAGE);
    } else {
      res.writeHead(404).end();
    }
  });

  const ctx = {
    instance: sim.url,
    supersetDomain: `http://127.0.0.1:${superset.port}`,
  };

  const host = await listen(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const q = Object.fromEntries(url.searchParams);
      if (req.method === 'POST' && url.pathname === '/token') {
        req.resume();
        record(q.s, { tab: q.tab, kind: 'kit' });
        if (q.latency) await sleep(Number(q.latency));
        // The simulator keeps the token valid for hours; `expiresIn` is what the kit plans with.
        // `strict`: the simulator expires it then too (a real instance's share page fails).
        const life = Number(q.life ?? 3600);
        const issued = await store.issueToken({
          userId: 'ana',
          validForMs: q.strict === '1' ? life * 1000 : 4 * 3600_000,
        });
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ token: issued.token, expiresIn: life }));
        return;
      }
      if (req.method === 'POST' && url.pathname === '/superset-token') {
        req.resume();
        record(q.s, { tab: q.tab, kind: 'superset' });
        if (q.latency) await sleep(Number(q.latency));
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ token: fakeJwt(Number(q.life ?? 300)) }));
        return;
      }
      const js = await bundle(url.pathname);
      if (js !== undefined) {
        res.writeHead(200, {
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(js);
        return;
      }
      const html = pageHtml(url.pathname, q, ctx);
      if (html !== undefined) {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(html);
        return;
      }
      res.writeHead(404).end('not found');
    } catch (error) {
      log(`host server error: ${error.stack ?? error}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });

  return {
    hostUrl: `http://localhost:${host.port}`,
    instance: sim.url,
    supersetDomain: ctx.supersetDomain,
    store,
    callsFor: (scenario) => calls.get(scenario) ?? [],
    close: async () => {
      await Promise.all([host.close(), superset.close(), sim.close()]);
    },
  };
}
