// Express 5: the token endpoint as a route. Mount it before any body parser, or after
// express.json(): the adapter takes the body either way.
import express from 'express';
import { createTokenHandler, toNodeHandler } from 'biuwer-embed/server';
import { biuwerIssue } from './biuwer.js';
import { userOf } from './session.js';

/** @param {{ apiUrl: string, store?: import('biuwer-embed/server').TokenStore }} options */
export function createApp({ apiUrl, store }) {
  const app = express();
  const tokens = createTokenHandler({
    // The Fetch request, and the Express `req` (for req.session or req.user).
    user: (request, _req) => userOf(request),
    policy: 'daily',
    issue: biuwerIssue(apiUrl),
    store,
  });
  // `all`, not `post`: the handler answers other methods with its own 405.
  app.all('/api/biuwer-token', toNodeHandler(tokens));
  return app;
}
