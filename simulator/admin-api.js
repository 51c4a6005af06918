// /__sim/*: the test and demo control API (issue, revoke, patch shares, stats, reset).
// It can mint tokens, so only loopback pages may call it from a browser: a request whose
// Origin is anything else is refused outright, which also stops cross-site form posts.
import {
  HttpError,
  isLoopbackHost,
  isLoopbackOrigin,
  readJson,
  sendJson,
  sendText,
} from './http-util.js';

const PATCHABLE = ['title', 'validFrom', 'validUntil', 'features', 'access', 'realInstance'];

/** @param {unknown} value @param {string} type @param {string} field */
function expectType(value, type, field) {
  if (value == null) return;
  const ok = type === 'number' ? Number.isFinite(value) : typeof value === type;
  if (!ok) throw new HttpError(400, `${field} must be a ${type}.`);
}

/**
 * @param {import('./store.js').Store} store
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} path
 */
export async function handleAdmin(store, req, res, path) {
  // A DNS-rebinding page reaches us same-origin under its own host name (and then sends no
  // Origin on a GET): only loopback host names may use the admin API.
  if (!isLoopbackHost(req.headers.host)) {
    return sendJson(res, 403, { error: 'The simulator API only answers on a loopback host.' });
  }
  const origin = req.headers.origin;
  /** @type {Record<string, string>} */
  const cors = {};
  if (origin !== undefined) {
    if (!isLoopbackOrigin(origin))
      return sendJson(res, 403, { error: 'The simulator API only answers loopback origins.' });
    Object.assign(cors, { 'access-control-allow-origin': origin, vary: 'Origin' });
  }
  if (req.method === 'OPTIONS') {
    return sendText(res, 204, '', {
      ...cors,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
  }
  const reply = (status, value) => sendJson(res, status, value, cors);
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const route = `${method} ${path}`;
  try {
    if (route === 'POST /__sim/tokens') {
      const { userId, validForMs, from, to, singleUse, format = 'opaque' } = await readJson(req);
      expectType(userId, 'string', 'userId');
      for (const [v, f] of [
        [validForMs, 'validForMs'],
        [from, 'from'],
        [to, 'to'],
      ])
        expectType(v, 'number', f);
      expectType(singleUse, 'boolean', 'singleUse');
      if (format !== 'opaque' && format !== 'jwt')
        throw new HttpError(400, "format must be 'opaque' or 'jwt'.");
      if (!userId || !store.getUser(userId)) throw new HttpError(404, `Unknown user "${userId}".`);
      if (validForMs != null && validForMs < 0) throw new HttpError(400, 'validForMs must be ≥ 0.');
      const issued = await store.issueToken({
        userId,
        validForMs,
        from,
        to,
        singleUse: singleUse === true,
        format,
      });
      return reply(201, issued);
    }
    if (route === 'POST /__sim/revoke') {
      const { token } = await readJson(req);
      expectType(token, 'string', 'token');
      if (!token || !store.revokeToken(token)) throw new HttpError(404, 'Unknown token.');
      return reply(200, { revoked: true });
    }
    const share = /^\/__sim\/resources\/([^/]+)$/.exec(path);
    if (share && method === 'POST') {
      const body = await readJson(req);
      // Accept the patch itself or wrapped as { patch }.
      const patch = body.patch && typeof body.patch === 'object' ? body.patch : body;
      const unknown = Object.keys(patch).filter((k) => !PATCHABLE.includes(k));
      if (unknown.length)
        throw new HttpError(
          400,
          `Cannot patch ${unknown.join(', ')}; only ${PATCHABLE.join(', ')}.`,
        );
      let updated;
      try {
        updated = store.updateResource(decodeURIComponent(share[1]), patch);
      } catch (error) {
        throw new HttpError(400, error.message);
      }
      if (!updated) throw new HttpError(404, 'Unknown resource.');
      return reply(200, updated);
    }
    if (route === 'GET /__sim/mode') return reply(200, store.getMode());
    if (route === 'POST /__sim/mode') {
      const body = await readJson(req);
      try {
        return reply(200, store.setMode(body));
      } catch (error) {
        throw new HttpError(400, error.message);
      }
    }
    if (route === 'GET /__sim/resources') return reply(200, store.listResources());
    if (route === 'GET /__sim/users') return reply(200, store.listUsers());
    if (route === 'GET /__sim/stats') return reply(200, store.stats());
    if (route === 'POST /__sim/reset') {
      await readJson(req);
      store.reset();
      return reply(200, { reset: true });
    }
    const known = [
      '/__sim/tokens',
      '/__sim/revoke',
      '/__sim/resources',
      '/__sim/users',
      '/__sim/stats',
      '/__sim/reset',
      '/__sim/mode',
    ];
    if (known.includes(path) || share)
      throw new HttpError(405, `${req.method} is not allowed here.`);
    throw new HttpError(404, 'No such simulator endpoint.');
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return reply(error.status, { error: error.message });
  }
}
