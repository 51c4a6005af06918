// The host application's backend: what an integrator writes next to their own app. It has a
// tiny cookie login (two demo users, one per tenant) and one endpoint that matters,
// POST /api/biuwer-token, which maps the signed-in user to a Biuwer authentication token under
// a refresh policy. That endpoint is the package's own createTokenHandler (biuwer-embed/server),
// one per policy, whose `issue` calls the share simulator's token API over HTTP, as a real
// backend would call Biuwer's.
//
// Everything else under /api is for the demo page's buttons and the end-to-end tests:
// GET /api/stats, POST /api/fail, /api/revoke, /api/expire-share, /api/reset.
import { randomBytes } from 'node:crypto';
import { SAMPLE_RESOURCES, SAMPLE_TOKENS } from '../../simulator/store.js';
import { HttpError, readJson, sendJson } from '../../simulator/http-util.js';
// Biuwer's token API, called the way the server examples call it: here the simulator's, over
// HTTP on its own origin.
import { biuwerIssue } from '../../examples/server/biuwer.js';

/** The demo's users: the host app's accounts, mapped 1:1 to Biuwer basic users. */
export const DEMO_USERS = Object.freeze([
  Object.freeze({ id: 'ana', name: 'Ana Ortega', tenant: 'Northwind Rentals', initials: 'AO' }),
  Object.freeze({ id: 'ben', name: 'Ben Carter', tenant: 'Contoso Films', initials: 'BC' }),
]);

export const POLICIES = Object.freeze(['none', 'monthly', 'daily', 'single-use', 'minute']);

const COOKIE = 'rentals_session';

/**
 * @param {object} options
 * @param {import('../../simulator/store.js').Store} options.store the simulator's store
 * @param {() => string} options.instanceUrl the simulator's origin (known once it listens)
 * @param {typeof import('../../src/server/index.js')} options.server the biuwer-embed/server
 *   module (loaded from source by the demo's Vite server)
 * @param {number} [options.minuteSeconds] lifetime of the "minute" policy's tokens (60)
 */
export function createHostBackend({ store, instanceUrl, server, minuteSeconds = 60 }) {
  if (!(Number.isFinite(minuteSeconds) && minuteSeconds >= 11)) {
    // The kit treats a token with under 5 s left as expired and refreshes at half-life:
    // anything shorter than ~10 s could never be shown.
    throw new RangeError('minuteSeconds must be at least 11.');
  }
  /** session id → user id */
  const sessions = new Map();
  /** `${user}|${policy}` → the last token issued (what "revoke" revokes) */
  const current = new Map();
  /** user → every token ever handed out to them (for the tests; never sent to a page) */
  const issued = new Map();
  /** `${user}|${policy}` → endpoint calls */
  let calls = {};
  /** Recent endpoint calls for the page's timeline: never a token, only facts. */
  let log = [];
  let failMode = 'off';

  const remember = (user, policy, token) => {
    current.set(`${user}|${policy}`, token);
    if (!issued.has(user)) issued.set(user, new Set());
    issued.get(user).add(token);
  };

  const HANDLER_POLICY = {
    // "none": the user's token, created by hand in Biuwer and never expiring: a lookup.
    none: 'none',
    monthly: 'monthly',
    daily: 'daily',
    'single-use': 'single-use',
    // A short token, so the refresh is visible live.
    minute: { lifetime: minuteSeconds * 1000 },
  };

  /** One token handler per policy (each with its own memory store); rebuilt by reset(). */
  function createHandlers() {
    return Object.fromEntries(
      POLICIES.map((policy) => [
        policy,
        server.createTokenHandler({
          user: (_request, req) => userOf(req) ?? null,
          policy: HANDLER_POLICY[policy],
          issue: async (request) => {
            const grant =
              policy === 'none'
                ? { token: SAMPLE_TOKENS[request.userId], expiresAt: null }
                : await biuwerIssue(instanceUrl())(request);
            remember(request.userId, policy, grant.token);
            return grant;
          },
          now: () => store.now(),
          onError: (error, phase) => console.error(`token endpoint: ${phase} failed:`, error),
        }),
      ]),
    );
  }
  let handlers = createHandlers();

  function userOf(req) {
    const sid = parseCookies(req.headers.cookie)[COOKIE];
    return sid ? sessions.get(sid) : undefined;
  }

  function requireUser(req) {
    const user = userOf(req);
    if (!user) throw new HttpError(401, 'Sign in first.');
    return user;
  }

  function publicUser(id) {
    return DEMO_USERS.find((u) => u.id === id) ?? null;
  }

  /** Counts and logs the call (never the token), then lets the policy's handler answer. */
  async function tokenEndpoint(request, req) {
    const url = new URL(request.url);
    const policy = url.searchParams.get('policy') ?? 'monthly';
    if (!POLICIES.includes(policy)) {
      return Response.json(
        { error: `policy must be one of ${POLICIES.join(', ')}.` },
        { status: 400 },
      );
    }
    const user = userOf(req);
    let reason = 'initial';
    try {
      reason = String(JSON.parse(await request.clone().text()).reason ?? 'initial');
    } catch {
      // The handler answers a bad body itself.
    }
    const entry = { at: Date.now(), user, policy, reason: reason.slice(0, 20) };
    if (user) {
      const key = `${user}|${policy}`;
      calls[key] = (calls[key] ?? 0) + 1;
      log = [...log.slice(-49), entry];
    }
    if (user && failMode === 'endpoint-500') {
      entry.status = 500;
      return Response.json(
        { error: 'The token service is down (demo failure switch).' },
        { status: 500, headers: { 'cache-control': 'no-store' } },
      );
    }
    const response = await handlers[policy](request, req);
    entry.status = response.status;
    if (response.ok) entry.expiresAt = (await response.clone().json()).expiresAt ?? null;
    return response;
  }
  const tokenRoute = server.toNodeHandler(tokenEndpoint);

  const routes = {
    'GET /api/config': (req, res) =>
      sendJson(res, 200, {
        instance: instanceUrl(),
        user: publicUser(userOf(req)),
        users: DEMO_USERS,
        policies: POLICIES,
        minuteSeconds,
        resources: SAMPLE_RESOURCES,
      }),
    'POST /api/login': async (req, res) => {
      const { user } = await readJson(req);
      if (!publicUser(user)) throw new HttpError(400, 'Unknown user.');
      const sid = randomBytes(18).toString('base64url');
      sessions.set(sid, user);
      sendJson(res, 200, { user: publicUser(user) }, { 'set-cookie': cookie(sid) });
    },
    'POST /api/logout': async (req, res) => {
      await readJson(req);
      const sid = parseCookies(req.headers.cookie)[COOKIE];
      if (sid) sessions.delete(sid);
      sendJson(res, 200, { ok: true }, { 'set-cookie': cookie('', 0) });
    },
    'POST /api/biuwer-token': (req, res) => tokenRoute(req, res),
    'GET /api/stats': (req, res) => sendJson(res, 200, stats()),
    'POST /api/fail': async (req, res) => {
      requireUser(req);
      const { mode } = await readJson(req);
      if (mode !== 'endpoint-500' && mode !== 'off') {
        throw new HttpError(400, "mode must be 'endpoint-500' or 'off'.");
      }
      failMode = mode;
      sendJson(res, 200, { mode });
    },
    'POST /api/revoke': async (req, res) => {
      const user = requireUser(req);
      const { policy } = await readJson(req);
      if (!POLICIES.includes(policy)) throw new HttpError(400, 'Unknown policy.');
      const token = current.get(`${user}|${policy}`) ?? (policy === 'none' && SAMPLE_TOKENS[user]);
      const revoked = Boolean(token) && store.revokeToken(token);
      sendJson(res, 200, { revoked });
    },
    'POST /api/expire-share': async (req, res) => {
      requireUser(req);
      const { resource } = await readJson(req);
      if (typeof resource !== 'string') throw new HttpError(400, 'Send {resource}.');
      const updated = store.updateResource(resource, { validUntil: store.now() });
      if (!updated) throw new HttpError(404, 'Unknown resource.');
      sendJson(res, 200, { resource, validUntil: updated.validUntil });
    },
    // Puts the simulator and this backend back to their first state (un-revokes, un-expires).
    'POST /api/reset': async (req, res) => {
      await readJson(req);
      reset();
      sendJson(res, 200, { reset: true });
    },
  };

  function stats() {
    const byUser = {};
    const byPolicy = {};
    let total = 0;
    for (const [key, n] of Object.entries(calls)) {
      const [user, policy] = key.split('|');
      byUser[user] = (byUser[user] ?? 0) + n;
      byPolicy[policy] = (byPolicy[policy] ?? 0) + n;
      total += n;
    }
    return { calls: { ...calls }, total, byUser, byPolicy, failMode, log: [...log] };
  }

  function reset() {
    store.reset();
    handlers = createHandlers();
    current.clear();
    calls = {};
    log = [];
    failMode = 'off';
  }

  /**
   * Connect-style middleware: answers /api/*, passes everything else on.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {() => void} next
   */
  function middleware(req, res, next) {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (!url.pathname.startsWith('/api/')) return next();
    const route = routes[`${req.method} ${url.pathname}`];
    Promise.resolve()
      .then(() => {
        if (!route) throw new HttpError(404, `No route ${req.method} ${url.pathname}.`);
        // A cross-site form can POST here with the user's cookie: insist on JSON from this
        // origin (browsers send Origin on every cross-origin and every POST request).
        if (req.method === 'POST') checkSameOrigin(req);
        return route(req, res, url);
      })
      .catch((error) => {
        if (res.headersSent) return res.destroy();
        const status = error instanceof HttpError ? error.status : 500;
        if (status === 500 && !(error instanceof HttpError)) console.error(error);
        sendJson(res, status, { error: error instanceof HttpError ? error.message : 'Error.' });
      });
  }

  return {
    middleware,
    stats,
    reset,
    /** Every token handed out to `user` (tests use it to prove none leaks to another user). */
    tokensIssuedTo: (user) => new Set([SAMPLE_TOKENS[user], ...(issued.get(user) ?? [])]),
  };
}

function checkSameOrigin(req) {
  const origin = req.headers.origin;
  if (origin === undefined) return; // curl, or a same-origin request from an old browser
  let host;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  if (host !== req.headers.host) throw new HttpError(403, 'Cross-origin requests are refused.');
}

function cookie(value, maxAge) {
  const parts = [`${COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (maxAge !== undefined) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

function parseCookies(header = '') {
  const out = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
