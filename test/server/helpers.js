// Shared by the server tests (node --test test/server/). They run against the built entry,
// dist/lib/server (`npm run test:server` builds it first), as an installed package would.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const entry = `${root}dist/lib/server/index.js`;

if (!existsSync(entry)) {
  throw new Error(
    'dist/lib/server/index.js is missing: run `npx vite build` (or npm run test:server).',
  );
}

export const server = await import(entry);

export const DAY = 24 * 60 * 60 * 1000;
export const START = Date.UTC(2026, 0, 15, 9, 30);

/** A POST as the kit sends it (`force`: as after the page's refreshToken()). */
export function kitRequest(
  reason = 'initial',
  { headers = {}, url = 'https://app.test/api/biuwer-token', force = false } = {},
) {
  return new Request(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(force ? { reason, force } : { reason }),
  });
}

/** A promise with its resolver outside, to hold `issue` until the test lets it go. */
export function gate() {
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * A handler on a fake clock whose `issue` mints `tok-1`, `tok-2`… and records each call.
 * @param {Record<string, unknown>} [options] more createTokenHandler options
 */
export function fixture(options = {}) {
  const clock = { t: START };
  const calls = [];
  const errors = [];
  const handler = server.createTokenHandler({
    user: () => 'ana',
    policy: 'daily',
    issue: async (req) => {
      calls.push(req);
      return `tok-${calls.length}`;
    },
    now: () => clock.t,
    onError: (error, phase) => errors.push({ error, phase }),
    ...options,
  });
  /** POSTs and returns status, parsed body and headers. */
  const ask = async (reason, init) => {
    const response = await handler(kitRequest(reason, init));
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  return { clock, calls, errors, handler, ask };
}
