// The share page's backend, moved into the frame for Storybook: a static build has no server
// to answer POST /share/api/open, so this script (loaded before the simulator's own frame
// script, which is used unchanged) answers it from content rendered at build time, and
// answers the page's data call (POST /share/api/data, on a click in the content) too.
//
// Token format, minted by the stories' token provider (stories/support/tokens.ts):
//   sb.USER.EXPIRY.NONCE   reusable; EXPIRY is epoch ms in base 36, or 0 for "never"
//   su.USER.EXPIRY.NONCE   single use: valid for one successful open in this browser
//   rv.USER.EXPIRY.NONCE   revoked: always refused (models a user whose access was withdrawn)
// plus the simulator's static sample tokens (seed.js), which never expire.
// The backend trusts the token's own expiry: Storybook is a design tool, not a security test.

/**
 * Runs in the frame. Self-contained: it is serialised with toString().
 * @param {{ users: Record<string, string>, staticTokens: Record<string, string>,
 *   resources: Record<string, { type: string, title: string, features: string[],
 *   shareExpired: boolean, access: string[] | null, html: Record<string, string> }> }} data
 */
export function staticBackend(data) {
  'use strict';
  const realFetch = window.fetch.bind(window);
  const USED_KEY = 'biuwer-storybook-used-tokens';
  const memoryUsed = new Set();

  function readUsed() {
    try {
      return new Set(JSON.parse(window.localStorage.getItem(USED_KEY) ?? '[]'));
    } catch {
      return memoryUsed;
    }
  }

  function markUsed(token) {
    const used = readUsed();
    used.add(token);
    memoryUsed.add(token);
    try {
      // Bounded, so a long session of single-use stories does not grow storage forever.
      window.localStorage.setItem(USED_KEY, JSON.stringify([...used].slice(-200)));
    } catch {
      // Storage blocked: single use is then enforced within this frame only.
    }
  }

  /** @returns {{ user: string, expiresAt: number | null, kind: string } | null} */
  function parseToken(token) {
    if (Object.hasOwn(data.staticTokens, token)) {
      return { user: data.staticTokens[token], expiresAt: null, kind: 'sb' };
    }
    const match = /^(sb|su|rv)\.([a-z]+)\.([0-9a-z]+)\.[0-9a-z]+$/.exec(token);
    if (!match || !Object.hasOwn(data.users, match[2])) return null;
    const expiry = parseInt(match[3], 36);
    return { kind: match[1], user: match[2], expiresAt: expiry === 0 ? null : expiry };
  }

  const fail = (status, reason, scope) => [
    status,
    { ok: false, reason, scope, tokenExpired: scope === 'token' },
  ];

  /**
   * Same checks, in the same order, as the simulator's store.validate(); a data call
   * (`dataCall`) is store.authorize(): a single-use token spent on this page's open stays good.
   */
  function answer(resourceToken, token, dataCall) {
    const share = Object.hasOwn(data.resources, resourceToken)
      ? data.resources[resourceToken]
      : null;
    if (!share) return fail(404, 'not-found', 'resource');
    if (share.shareExpired) return fail(404, 'expired', 'resource');
    const auth = parseToken(token);
    const now = Date.now();
    if (!auth) return fail(401, 'not-found', 'token');
    if (auth.kind === 'rv') return fail(401, 'revoked', 'token');
    if (auth.expiresAt !== null && auth.expiresAt <= now) return fail(401, 'expired', 'token');
    if (auth.kind === 'su' && !dataCall && readUsed().has(token)) return fail(401, 'used', 'token');
    if (share.access && !share.access.includes(auth.user)) return fail(403, 'forbidden', 'user');
    const expiresIn = auth.expiresAt === null ? null : Math.max(0, auth.expiresAt - now);
    if (dataCall) return [200, { ok: true, at: now, expiresIn, shareExpiresIn: null }];
    if (auth.kind === 'su') markUsed(token);
    return [
      200,
      {
        ok: true,
        type: share.type,
        title: share.title,
        features: share.features,
        html: share.html[auth.user],
        expiresAt: auth.expiresAt,
        expiresIn,
        shareExpiresIn: null,
      },
    ];
  }

  window.fetch = function fetch(input, init) {
    const url = new URL(typeof input === 'string' ? input : input.url, window.location.href);
    const dataCall = url.pathname === '/share/api/data';
    if (url.pathname !== '/share/api/open' && !dataCall) return realFetch(input, init);
    let body = {};
    try {
      body = JSON.parse(init?.body ?? '{}');
    } catch {
      // Treated like the server treats a bad body: nothing matches.
    }
    const [status, result] =
      typeof body.resource === 'string' && typeof body.token === 'string'
        ? answer(body.resource, body.token, dataCall)
        : fail(400, 'not-found', 'resource');
    return Promise.resolve(
      new window.Response(JSON.stringify(result), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
}
