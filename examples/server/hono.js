// Hono 4: the handler speaks Fetch, so the route passes the raw Request through.
import { Hono } from 'hono';
import { createTokenHandler } from 'biuwer-embed/server';
import { biuwerIssue } from './biuwer.js';
import { userOf } from './session.js';

/** @param {{ apiUrl: string, store?: import('biuwer-embed/server').TokenStore }} options */
export function createApp({ apiUrl, store }) {
  const tokens = createTokenHandler({
    user: userOf,
    policy: 'monthly',
    issue: biuwerIssue(apiUrl),
    store,
  });
  const app = new Hono();
  // `all`, not `post`: the handler answers other methods with its own 405.
  app.all('/api/biuwer-token', (c) => tokens(c.req.raw));
  return app;
}
