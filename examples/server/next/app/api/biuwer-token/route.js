// Next.js (App Router): app/api/biuwer-token/route.js. A route handler is a Fetch handler,
// so createTokenHandler's result is the POST export itself.
import { createTokenHandler } from 'biuwer-embed/server';
import { biuwerIssue } from '../../../../biuwer.js';
import { userOf } from '../../../../session.js';

// The server entry is for Node, and a token must never be cached or prerendered.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// Module scope: one handler (and one in-memory store) per server process. Behind a load
// balancer, pass store: redisTokenStore(client).
const tokens = createTokenHandler({
  user: userOf, // with Auth.js: async () => (await auth())?.user?.id ?? null
  policy: 'single-use',
  issue: biuwerIssue(process.env.BIUWER_API_URL ?? 'http://127.0.0.1:5174'),
});

export const POST = (request) => tokens(request);
