import { EmbedError } from './errors.js';
import type { EmbedErrorCode } from './errors.js';
import { MIN_LIFETIME_MS } from './refresh-timing.js';

/**
 * Longest token accepted. Browsers keep much longer frame names, but a multi-kilobyte
 * "token" is almost always a mistake (a whole JSON response, an HTML error page).
 */
export const MAX_TOKEN_LENGTH = 4096;

/** Printable ASCII without space: anything else would corrupt or be trimmed from the frame name. */
const PRINTABLE = /^[\x21-\x7e]*$/;

/**
 * Messages describe what is wrong and never quote the value: a token that is "almost right"
 * is still a live credential, and errors end up in composed events and logs.
 */
function checkCode(value: unknown, code: EmbedErrorCode, label: string): string {
  if (typeof value !== 'string') {
    throw new EmbedError(code, `The ${label} must be a string, not ${describeType(value)}.`);
  }
  if (value.length === 0) throw new EmbedError(code, `The ${label} is empty.`);
  if (value.length > MAX_TOKEN_LENGTH) {
    throw new EmbedError(code, `The ${label} is longer than ${MAX_TOKEN_LENGTH} characters.`);
  }
  if (value.includes(':')) {
    throw new EmbedError(
      code,
      `The ${label} contains a ':' character, which would split the frame name in the wrong place.`,
    );
  }
  if (!PRINTABLE.test(value)) {
    const what = /\s/.test(value) ? 'whitespace' : 'a character outside printable ASCII';
    throw new EmbedError(code, `The ${label} contains ${what}.`);
  }
  return value;
}

/** `null`, `an array`, `a number`…: a value's kind for a message, never the value itself. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${type === 'object' ? 'an' : 'a'} ${type}`;
}

/** Checks a Biuwer authentication token; throws `INVALID_TOKEN`. */
export function validateToken(value: unknown): string {
  return checkCode(value, 'INVALID_TOKEN', 'auth token');
}

/** Checks a Biuwer shared resource token; throws `INVALID_RESOURCE`. */
export function validateResource(value: unknown): string {
  return checkCode(value, 'INVALID_RESOURCE', 'resource token');
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);
/** The URL parser has already normalised `127.1`, `0x7f.1` and friends to dotted decimal. */
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Echoes an instance value in a message: short, control characters escaped, and any
 * `user:password@` part blanked, because that part may be a real secret.
 */
function quote(value: string): string {
  // Credentials, a query or a fragment may carry secrets: never echo them.
  const redacted = value
    .replace(/\/\/[^/?#]*@/, '//…@')
    .replace(/[?#][\s\S]*$/, (rest) => `${rest[0]}…`);
  const short = redacted.length > 100 ? `${redacted.slice(0, 100)}…` : redacted;
  return JSON.stringify(short);
}

function invalidInstance(detail: string): EmbedError {
  return new EmbedError('INVALID_INSTANCE', `The instance ${detail}`);
}

/**
 * Parses the `instance` setting and returns its origin, e.g. `https://acme.biuwer.com`.
 * The value must be the bare origin (a trailing `/` is allowed): https, or http for a
 * loopback host during development. A path, query, fragment or credentials is rejected
 * rather than dropped, because the integrator most likely pasted the wrong URL.
 * Surrounding whitespace (common in HTML attributes) is ignored.
 */
export function parseInstance(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidInstance(
      typeof value === 'string' ? 'is empty.' : `must be a string URL, not ${describeType(value)}.`,
    );
  }
  const text = value.trim();
  // The URL parser silently deletes tabs and newlines inside a URL; refuse them instead.
  if (/[\s\p{Cc}]/u.test(text)) {
    throw invalidInstance(`${quote(text)} contains whitespace or control characters.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidInstance(
      `${quote(text)} is not an absolute URL; use an origin such as https://acme.biuwer.com.`,
    );
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || LOOPBACK_V4.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidInstance(
      url.protocol === 'http:'
        ? `${quote(text)} must use https (http is allowed only for localhost).`
        : `${quote(text)} must be an https URL, not a ${url.protocol} URL.`,
    );
  }
  // `https://:@host` parses to empty credentials; the '@' is still a sign of a pasted login URL.
  if (url.username || url.password || /^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i.test(text)) {
    throw invalidInstance(`${quote(text)} must not contain a user name or password.`);
  }
  if (url.pathname !== '/') {
    throw invalidInstance(
      `${quote(text)} must be an origin without a path (the kit adds /share itself).`,
    );
  }
  // `url.search` is '' for a bare '?', so look at the serialisation too.
  if (url.search || url.hash || url.href !== `${url.origin}/`) {
    throw invalidInstance(`${quote(text)} must not have a query or fragment.`);
  }
  return url.origin;
}

/** Longest accepted lifetime: past this, a typo (`400w` for `40d`) is likelier than intent. */
export const MAX_LIFETIME_MS = 400 * 86_400_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};
const SIMPLE = /^(\d+)(ms|s|m|h|d|w)$/;
const ISO =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
/** Calendar units have no fixed length; these are the conventional approximations. */
const ISO_UNIT_MS = [
  365 * 86_400_000,
  30 * 86_400_000,
  604_800_000,
  86_400_000,
  3_600_000,
  60_000,
  1000,
];

function invalidLifetime(detail: string): EmbedError {
  return new EmbedError('INVALID_LIFETIME', `The token lifetime ${detail}`);
}

/**
 * Parses `token-lifetime` into milliseconds. Accepted forms:
 * - an integer with a lower-case unit: `500ms`, `30s`, `15m`, `1h`, `1d`, `2w`
 *   (`m` is minutes; there is no month unit here, use ISO `P1M`);
 * - an ISO-8601 duration with integer parts: `PT15M`, `P1D`, `P1W`, `P1DT12H`, `P1M` (30 days),
 *   `P1Y` (365 days).
 * A bare number (`3600`, or the number 3600) is rejected on purpose: seconds and milliseconds
 * are both plausible readings and guessing wrong is a factor of 1000.
 * The result must be between 2.5 seconds (`MIN_LIFETIME_MS`: a shorter token is never used)
 * and 400 days.
 */
export function parseLifetime(value: unknown): number {
  if (typeof value !== 'string') {
    throw invalidLifetime(
      typeof value === 'number'
        ? 'must be a string with a unit, such as "3600s" or "1h", not a bare number.'
        : `must be a string such as "15m", "1d" or "P1M", not ${describeType(value)}.`,
    );
  }
  const text = value.trim();
  let ms: number;
  const simple = SIMPLE.exec(text);
  const iso = simple ? null : ISO.exec(text);
  if (simple) {
    ms = Number(simple[1]) * UNIT_MS[simple[2]];
  } else if (iso && !/^P(T)?$/i.test(text) && !/T$/i.test(text)) {
    ms = iso.slice(1).reduce((sum, part, i) => sum + Number(part ?? 0) * ISO_UNIT_MS[i], 0);
  } else if (/^\d{1,20}$/.test(text)) {
    throw invalidLifetime(`"${text}" needs a unit, such as "${text}s" or "${text}m".`);
  } else {
    throw invalidLifetime(
      `${JSON.stringify(text.slice(0, 40))} is not a duration; use "15m", "1d", "30d" or "P1M".`,
    );
  }
  const shown = JSON.stringify(text.slice(0, 40));
  // `!(ms <= max)` also catches digit strings so long they overflow to Infinity.
  if (!(ms <= MAX_LIFETIME_MS)) throw invalidLifetime(`${shown} is longer than 400 days.`);
  // Shorter grants are refused as TOKEN_EXPIRED on every call: say so once, at configuration.
  if (ms < MIN_LIFETIME_MS) {
    throw invalidLifetime(`${shown} is shorter than ${MIN_LIFETIME_MS / 1000} seconds.`);
  }
  return ms;
}
