// In-process model of the parts of a Biuwer instance that embedding touches: basic users,
// their authentication tokens, shared resources and a tenant data policy. Every time check
// goes through the injected `now()` so tests can move time instead of waiting for it.
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { CONTENT_IDS, generateRentals } from './content.js';
import { seedStore } from './seed.js';

export {
  SAMPLE_RESOURCES,
  SAMPLE_TOKENS,
  SAMPLE_USERS,
  SAMPLE_TENANTS,
  seedStore,
} from './seed.js';

/** @typedef {'token' | 'resize'} Feature */
/** @typedef {'collection' | 'page' | 'card'} ResourceType */
/** @typedef {{ id: string, name: string, tenant: string }} User */
/**
 * @typedef {object} AuthToken
 * @property {string} token
 * @property {string} userId
 * @property {'opaque' | 'jwt'} format
 * @property {number} from      epoch ms, inclusive
 * @property {number | null} to epoch ms, exclusive; null = never expires
 * @property {boolean} singleUse
 * @property {boolean} used
 * @property {boolean} revoked
 */
/**
 * @typedef {object} Resource
 * @property {string} token       shared resource token, 24 hex chars
 * @property {ResourceType} type
 * @property {string} title
 * @property {string} contentId   key into the content catalogue (content.js)
 * @property {number} validFrom
 * @property {number | null} validUntil
 * @property {Feature[]} features protocol features the share page announces
 * @property {string[] | null} access user ids allowed to view; null = every user
 * @property {boolean | null} realInstance behave like a real Biuwer share page (no protocol;
 *   an expired token fails the page's data calls while it stays open); null = the store's mode
 */
/**
 * @typedef {{ ok: true, user: User, resource: Resource, token: AuthToken }
 *   | { ok: false, reason: FailReason, scope: 'resource' | 'token' | 'user' }} Validation
 * @typedef {'not-found' | 'expired' | 'revoked' | 'used' | 'forbidden' | 'not-yet-valid'} FailReason
 */

export const FEATURES = /** @type {const} */ (['token', 'resize']);
const TYPES = ['collection', 'page', 'card'];
const hex = (bytes) => randomBytes(bytes).toString('hex');
const count = (map, key) => (map[key] = (map[key] ?? 0) + 1);

/** How often a real-instance share page refreshes its data (each a token-checked call). */
export const DATA_REFRESH_MS = 2000;

/**
 * @param {{ now?: () => number, seed?: boolean, realInstance?: boolean, dataRefreshMs?: number }}
 *   [options] `seed` (default true) fills the store with the sample tenants, users and
 *   resources, and `reset()` restores them. `realInstance` (default false) makes every share
 *   behave like a real Biuwer instance unless the share says otherwise (see `setMode`).
 */
export function createStore({
  now = () => Date.now(),
  seed = true,
  realInstance = false,
  dataRefreshMs = DATA_REFRESH_MS,
} = {}) {
  const initialMode = { realInstance: realInstance === true, dataRefreshMs };
  let mode = { ...initialMode };
  // One HS256 secret per store: JWTs from another store (or another run) never validate.
  const secret = randomBytes(32);
  /** @type {Map<string, User>} */ const users = new Map();
  /** @type {Map<string, AuthToken>} */ const tokens = new Map();
  /** @type {Map<string, Resource>} */ const resources = new Map();
  /** @type {Map<string, object[]>} tenant → its rows of the shared dataset */
  const dataset = new Map();
  let stats = emptyStats();

  function emptyStats() {
    return {
      opens: { total: 0, byToken: {}, byUser: {}, byResource: {} },
      failures: { total: 0, byReason: {} },
      dataCalls: { total: 0, failed: 0 },
      issued: { total: 0, byUser: {} },
    };
  }

  const store = {
    now,

    /** @param {User} user */
    addUser({ id, name = id, tenant }) {
      if (!id || !tenant) throw new TypeError('A user needs an id and a tenant.');
      const user = { id: String(id), name: String(name), tenant: String(tenant) };
      users.set(user.id, user);
      if (!dataset.has(user.tenant)) dataset.set(user.tenant, generateRentals(user.tenant));
      return { ...user };
    },

    /** @param {string} id */
    getUser: (id) => (users.has(id) ? { ...users.get(id) } : undefined),
    listUsers: () => [...users.values()].map((u) => ({ ...u })),

    /**
     * Issues an authentication token. Validity: `from` (default now) until `to`, or
     * `from + validForMs`, or forever. JWTs carry sub/iat/exp (and nbf when `from` is set);
     * their validity is cut to whole seconds so `exp` and `expiresAt` agree exactly.
     * `token` (a fixed opaque token string) is for seeding.
     * @param {{ userId: string, validForMs?: number, from?: number, to?: number,
     *   singleUse?: boolean, format?: 'opaque' | 'jwt', token?: string }} options
     * @returns {Promise<{ token: string, expiresAt: number | null }>}
     */
    async issueToken({
      userId,
      validForMs,
      from,
      to,
      singleUse = false,
      format = 'opaque',
      token,
    }) {
      if (!users.has(userId)) throw new RangeError(`Unknown user "${userId}".`);
      if (format !== 'opaque' && format !== 'jwt')
        throw new RangeError(`Unknown format "${format}".`);
      const issuedAt = now();
      let start = from ?? issuedAt;
      let end = to ?? (validForMs != null ? start + validForMs : null);
      if (end != null && end < start) throw new RangeError('A token cannot end before it starts.');
      if (format === 'jwt') {
        start = Math.floor(start / 1000) * 1000;
        if (end != null) end = Math.floor(end / 1000) * 1000;
        const jwt = new SignJWT({})
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
          .setSubject(userId)
          .setIssuedAt(Math.floor(issuedAt / 1000))
          // Without a unique id, two tokens for one user in the same second would be the
          // same string, and the second would reset the first's single-use state.
          .setJti(hex(8));
        if (from != null) jwt.setNotBefore(start / 1000);
        if (end != null) jwt.setExpirationTime(end / 1000);
        token = await jwt.sign(secret);
      }
      token ??= hex(16);
      tokens.set(token, {
        token,
        userId,
        format,
        from: start,
        to: end,
        singleUse,
        used: false,
        revoked: false,
      });
      stats.issued.total += 1;
      count(stats.issued.byUser, userId);
      return { token, expiresAt: end };
    },

    /** @param {string} token @returns {boolean} whether the token existed */
    revokeToken(token) {
      const record = tokens.get(token);
      if (record) record.revoked = true;
      return Boolean(record);
    },

    /** @param {Partial<Resource> & { type: ResourceType, contentId: string }} input */
    addResource(input) {
      const resource = normalizeResource({
        token: hex(12),
        title: 'Shared content',
        validFrom: now(),
        validUntil: null,
        features: [...FEATURES],
        access: null,
        realInstance: null,
        ...input,
      });
      resources.set(resource.token, resource);
      return { ...resource };
    },

    /** @param {string} token @param {Partial<Resource>} patch e.g. `{ validUntil: now() }` */
    updateResource(token, patch) {
      const current = resources.get(token);
      if (!current) return undefined;
      const { token: _ignored, ...rest } = patch ?? {};
      const next = normalizeResource({ ...current, ...rest });
      resources.set(token, next);
      return { ...next };
    },

    /** @param {string} token */
    getResource: (token) => (resources.has(token) ? { ...resources.get(token) } : undefined),
    listResources: () => [...resources.values()].map((r) => ({ ...r })),

    /**
     * The store-wide mode. `realInstance`: shares without a `realInstance` of their own behave
     * like a real Biuwer share page: they speak no frame protocol (no message either way),
     * and they refresh their data every `dataRefreshMs` and on each interaction, each time
     * checking the token, so an expired token turns the open page into "content not found".
     */
    getMode: () => ({ ...mode }),
    /** @param {{ realInstance?: boolean, dataRefreshMs?: number }} patch */
    setMode(patch) {
      if (patch.realInstance != null && typeof patch.realInstance !== 'boolean')
        throw new TypeError('realInstance must be a boolean.');
      if (
        patch.dataRefreshMs != null &&
        !(Number.isFinite(patch.dataRefreshMs) && patch.dataRefreshMs >= 100)
      )
        throw new TypeError('dataRefreshMs must be a number of ms, at least 100.');
      mode = {
        realInstance: patch.realInstance ?? mode.realInstance,
        dataRefreshMs: patch.dataRefreshMs ?? mode.dataRefreshMs,
      };
      return { ...mode };
    },
    /** Whether this share behaves like a real instance (its own setting, else the mode). */
    isRealInstance(resourceToken) {
      return resources.get(resourceToken)?.realInstance ?? mode.realInstance;
    },

    /** The data policy: a user sees only the rows of their tenant. @param {User} user */
    rowsFor: (user) => dataset.get(user.tenant) ?? [],

    /**
     * Checks a (resource, auth token) pair as the share page does on open. A successful
     * open consumes a single-use token; failures consume nothing.
     * @param {string} resourceToken @param {string} authToken
     * @returns {Promise<Validation>}
     */
    async validate(resourceToken, authToken) {
      const record = tokens.get(authToken);
      let jwtFailure = null;
      if (record?.format === 'jwt') jwtFailure = await verifyJwt(authToken, record);
      // Everything below is synchronous so two concurrent opens of one single-use token
      // cannot both pass the `used` check.
      const result = check(resourceToken, record, jwtFailure);
      if (!result.ok) {
        stats.failures.total += 1;
        count(stats.failures.byReason, result.reason);
        return result;
      }
      if (result.token.singleUse) result.token.used = true;
      stats.opens.total += 1;
      count(stats.opens.byToken, authToken);
      count(stats.opens.byUser, result.user.id);
      count(stats.opens.byResource, resourceToken);
      return {
        ...result,
        user: { ...result.user },
        resource: { ...result.resource },
        token: { ...result.token },
      };
    },

    /**
     * Checks a data call of an open share page: the same checks as an open, except that a
     * single-use token already spent on this page's open stays good (the page holds its
     * session). Counts a data call, not an open.
     * @param {string} resourceToken @param {string} authToken
     * @returns {Promise<Validation>}
     */
    async authorize(resourceToken, authToken) {
      const record = tokens.get(authToken);
      let jwtFailure = null;
      if (record?.format === 'jwt') jwtFailure = await verifyJwt(authToken, record);
      const result = check(resourceToken, record, jwtFailure, { spentIsFine: true });
      stats.dataCalls.total += 1;
      if (!result.ok) stats.dataCalls.failed += 1;
      return result;
    },

    /** Counts of opens (per token, user, resource), failures by reason and issued tokens. */
    stats: () => structuredClone(stats),

    /** Forgets everything (users, tokens, resources, stats) and reseeds when seeded. */
    reset() {
      users.clear();
      tokens.clear();
      resources.clear();
      dataset.clear();
      mode = { ...initialMode };
      seedIfWanted();
    },
  };

  /** @returns {Promise<FailReason | null>} */
  async function verifyJwt(jwt, record) {
    try {
      const { payload } = await jwtVerify(jwt, secret, {
        algorithms: ['HS256'],
        currentDate: new Date(now()),
        subject: record.userId,
      });
      return payload.sub === record.userId ? null : 'not-found';
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return 'expired';
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf') {
        return 'not-yet-valid';
      }
      return 'not-found';
    }
  }

  function check(resourceToken, record, jwtFailure, { spentIsFine = false } = {}) {
    const t = now();
    const resource = resources.get(resourceToken);
    const fail = (reason, scope) => ({ ok: /** @type {const} */ (false), reason, scope });
    if (!resource) return fail('not-found', 'resource');
    if (t < resource.validFrom) return fail('not-yet-valid', 'resource');
    if (resource.validUntil != null && t >= resource.validUntil) return fail('expired', 'resource');
    if (!record) return fail('not-found', 'token');
    if (record.revoked) return fail('revoked', 'token');
    // A JWT's own claims (checked by jose) come first; the record's window agrees with them
    // to the second and also covers opaque tokens.
    if (jwtFailure) return fail(jwtFailure, 'token');
    if (t < record.from) return fail('not-yet-valid', 'token');
    if (record.to != null && t >= record.to) return fail('expired', 'token');
    if (record.singleUse && record.used && !spentIsFine) return fail('used', 'token');
    const user = users.get(record.userId);
    if (!user) return fail('not-found', 'token');
    if (resource.access && !resource.access.includes(user.id)) return fail('forbidden', 'user');
    return { ok: /** @type {const} */ (true), user, resource, token: record };
  }

  // Seeded tokens are fixtures, not issues: stats start at zero after seeding.
  function seedIfWanted() {
    if (seed) seedStore(store);
    stats = emptyStats();
  }

  seedIfWanted();
  return store;
}

/** @param {Resource} r @returns {Resource} */
function normalizeResource(r) {
  if (!TYPES.includes(r.type)) throw new RangeError(`Unknown resource type "${r.type}".`);
  if (!CONTENT_IDS.includes(r.contentId)) {
    throw new RangeError(`Unknown contentId "${r.contentId}"; one of ${CONTENT_IDS.join(', ')}.`);
  }
  const features = r.features ?? [...FEATURES];
  if (!Array.isArray(features) || features.some((f) => !FEATURES.includes(f))) {
    throw new RangeError(`features must be a subset of ${FEATURES.join(', ')}.`);
  }
  if (r.access != null && !Array.isArray(r.access)) throw new TypeError('access must be an array.');
  if (r.realInstance != null && typeof r.realInstance !== 'boolean') {
    throw new TypeError('realInstance must be a boolean or null.');
  }
  for (const key of ['validFrom', 'validUntil']) {
    if (r[key] != null && !Number.isFinite(r[key])) throw new TypeError(`${key} must be epoch ms.`);
  }
  return {
    token: String(r.token),
    type: r.type,
    title: String(r.title),
    contentId: String(r.contentId),
    validFrom: r.validFrom ?? 0,
    validUntil: r.validUntil ?? null,
    features: [...new Set(features)],
    access: r.access ? r.access.map(String) : null,
    realInstance: r.realInstance ?? null,
  };
}

/** @typedef {ReturnType<typeof createStore>} Store */
