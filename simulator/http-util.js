// Small HTTP helpers shared by the share routes and the admin API (Node built-ins only).
import { Buffer } from 'node:buffer';

export class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
  }
}

const MAX_BODY = 64 * 1024;

/**
 * Reads a JSON request body; an empty body is `{}` (so `curl -X POST …/reset` works).
 * A non-empty body must say `application/json`, which a cross-origin page can only send
 * after a CORS preflight.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
export async function readJson(req) {
  const type = String(req.headers['content-type'] ?? '');
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  if (!/^application\/json\b/i.test(type))
    throw new HttpError(415, 'Send JSON (content-type: application/json).');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError(400, 'The body must be a JSON object.');
  return body;
}

/** @param {import('node:http').ServerResponse} res */
export function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** @param {import('node:http').ServerResponse} res */
export function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Runs an async route, turning thrown errors into JSON responses. */
export function run(res, route) {
  Promise.resolve()
    .then(route)
    .catch((error) => {
      if (res.headersSent) return res.destroy();
      const status = error instanceof HttpError ? error.status : 500;
      sendJson(res, status, {
        error: status === 500 ? 'Internal simulator error.' : error.message,
      });
    });
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Accepts http(s)://localhost, 127.0.0.1 or [::1] on any port. */
export function isLoopbackOrigin(origin) {
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      LOOPBACK_NAMES.includes(url.hostname) &&
      url.origin === origin
    );
  } catch {
    return false;
  }
}

/** True for a Host header naming localhost, 127.0.0.1 or [::1] (any port). */
export function isLoopbackHost(host) {
  try {
    return LOOPBACK_NAMES.includes(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}
