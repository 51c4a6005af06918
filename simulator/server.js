// The simulator's HTTP surface. `createShareHandler` is a plain (req, res) => boolean so it
// can be mounted in any Node server (the demo server, a Web Test Runner middleware);
// `startShareServer` runs it alone on its own loopback origin, as a real instance would be.
import { createServer } from 'node:http';
import { handleAdmin } from './admin-api.js';
import { renderContent } from './content.js';
import { HttpError, readJson, run, sendJson, sendText } from './http-util.js';
import { SHARE_PAGE_HEADERS, renderSharePage, renderShareScript } from './share-page.js';
import { createStore } from './store.js';

export { createStore } from './store.js';
export { SAMPLE_RESOURCES, SAMPLE_TOKENS, SAMPLE_USERS, SAMPLE_TENANTS } from './seed.js';

/** Failure scope → HTTP status of /share/api/open. */
const OPEN_STATUS = { resource: 404, token: 401, user: 403 };

/**
 * @param {{ store: import('./store.js').Store }} options
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean}
 *   true when the request was taken (a response is or will be sent), false when the path
 *   is not the simulator's and the caller should handle it.
 */
export function createShareHandler({ store }) {
  if (!store) throw new TypeError('createShareHandler needs a store (createStore()).');
  // Both are pure functions of the code; build them once.
  const page = renderSharePage();
  const script = renderShareScript();

  return function shareHandler(req, res) {
    const path = new URL(req.url ?? '/', 'http://simulator.invalid').pathname;
    const method = req.method ?? 'GET';
    const only = (allowed, send) => {
      if (!allowed.includes(method)) {
        sendJson(
          res,
          405,
          { error: `${method} is not allowed here.` },
          { allow: allowed.join(', ') },
        );
      } else run(res, send);
      return true;
    };

    if (path === '/share' || path === '/share/') {
      // Node omits the body of a HEAD response itself and keeps the real content-length.
      return only(['GET', 'HEAD'], () => sendText(res, 200, page, SHARE_PAGE_HEADERS));
    }
    if (path === '/share/app.js') {
      return only(['GET', 'HEAD'], () =>
        sendText(res, 200, script, {
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        }),
      );
    }
    if (path === '/share/api/open') return only(['POST'], () => open(store, req, res));
    if (path === '/share/api/data') return only(['POST'], () => data(store, req, res));
    if (path === '/__sim' || path.startsWith('/__sim/')) {
      run(res, () => handleAdmin(store, req, res, path));
      return true;
    }
    return false;
  };
}

/** POST /share/api/open {resource, token}: what the share page asks before rendering. */
async function open(store, req, res) {
  const { resource, token } = await pairOf(req);
  const result = await store.validate(resource, token);
  // A real instance speaks no protocol: its page posts no message and takes none.
  const realInstance = store.isRealInstance(resource);
  if (!result.ok) return refuse(res, result, realInstance);
  const { user, resource: share, token: auth } = result;
  sendJson(res, 200, {
    ok: true,
    type: share.type,
    title: share.title,
    features: realInstance ? [] : share.features,
    realInstance,
    dataRefreshMs: store.getMode().dataRefreshMs,
    html: renderContent(share.contentId, {
      rows: store.rowsFor(user),
      tenant: user.tenant,
      title: share.title,
    }),
    expiresAt: auth.to,
    ...remaining(store, result),
  });
}

/**
 * POST /share/api/data {resource, token}: an open page's data call (a refresh, a filter
 * applied). It fails like an open once the token is no longer valid, and otherwise tells
 * the page how long the token and the share still last on this server's clock.
 */
async function data(store, req, res) {
  const { resource, token } = await pairOf(req);
  const result = await store.authorize(resource, token);
  if (!result.ok) return refuse(res, result, store.isRealInstance(resource));
  sendJson(res, 200, { ok: true, at: store.now(), ...remaining(store, result) });
}

/** Time left on the store's clock; relative, so the page's timers follow a test clock. */
function remaining(store, { token, resource }) {
  const now = store.now();
  return {
    expiresIn: token.to == null ? null : Math.max(0, token.to - now),
    shareExpiresIn: resource.validUntil == null ? null : Math.max(0, resource.validUntil - now),
  };
}

async function pairOf(req) {
  const { resource, token } = await readJson(req);
  if (typeof resource !== 'string' || typeof token !== 'string') {
    throw new HttpError(400, 'Send {resource, token} as strings.');
  }
  return { resource, token };
}

function refuse(res, result, realInstance) {
  // Only a token problem is worth a new token; an expired or unknown share is not.
  sendJson(res, OPEN_STATUS[result.scope], {
    ok: false,
    reason: result.reason,
    scope: result.scope,
    tokenExpired: result.scope === 'token',
    realInstance,
  });
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/**
 * Starts the simulator on its own origin. Listens on loopback only and prints nothing.
 * @param {{ port?: number, host?: string, store?: import('./store.js').Store }} [options]
 *   port 0 (default) picks a free port.
 * @returns {Promise<{ url: string, port: number, store: import('./store.js').Store, close: () => Promise<void> }>}
 */
export function startShareServer({ port = 0, host = '127.0.0.1', store = createStore() } = {}) {
  if (!LOOPBACK.includes(host)) {
    return Promise.reject(
      new Error(`The share simulator listens on loopback only, not "${host}".`),
    );
  }
  const handler = createShareHandler({ store });
  const server = createServer((req, res) => {
    if (!handler(req, res))
      sendText(res, 404, 'Not found. The share page is at /share.\n', {
        'content-type': 'text/plain; charset=utf-8',
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use; set SHARE_PORT to another port.`, {
              cause: error,
            })
          : error,
      );
    });
    server.listen(port, host, () => {
      const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
      resolve({
        url: `http://${host === '::1' ? '[::1]' : host}:${actual}`,
        port: actual,
        store,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // Keep-alive sockets (a browser's) would otherwise hold close() open.
            server.closeAllConnections();
          }),
      });
    });
  });
}
