import { MAX_BODY_BYTES } from './http.js';
import type { TokenHandler } from './types.js';

/** The parts of Node's IncomingMessage (and Express's req) the adapter reads. */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by a body parser (express.json()) that already read the stream. */
  body?: unknown;
  readableEnded?: boolean;
  /** Node's Readable.iterator(): lets the body be read without destroying the socket. */
  iterator?(options: { destroyOnReturn: boolean }): AsyncIterable<Uint8Array | string>;
}

/** The parts of Node's ServerResponse the adapter writes. */
export interface NodeResponseLike {
  headersSent?: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: Uint8Array): unknown;
  destroy(error?: Error): unknown;
}

/** Reads at most one byte past the limit, so the handler can answer 413. */
async function readBody(req: NodeRequestLike): Promise<Uint8Array | string | undefined> {
  if (req.readableEnded && req.body !== undefined) {
    const { body } = req;
    if (typeof body === 'string' || body instanceof Uint8Array) return body;
    // An empty object is what express.json() leaves for an empty or non-JSON body.
    if (body && typeof body === 'object' && Object.keys(body).length) return JSON.stringify(body);
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const encoder = new TextEncoder();
  // A plain for-await destroys an IncomingMessage when done, and with it the socket that the
  // response still needs.
  const source = req.iterator ? req.iterator({ destroyOnReturn: false }) : req;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    chunks.push(bytes);
    size += bytes.byteLength;
    if (size > MAX_BODY_BYTES) break;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/**
 * Adapts a Fetch-API handler to Node's `(req, res)`: `http.createServer`, Express, Connect.
 * The Node request is passed on as the handler's context, so `user(request, req)` can read
 * what a session middleware put on it (`req.session`, `req.user`).
 */
export function toNodeHandler<Req extends NodeRequestLike>(
  handler: TokenHandler<Req>,
): (req: Req, res: NodeResponseLike) => Promise<void> {
  return async (req, res) => {
    try {
      const method = req.method ?? 'GET';
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
      if (typeof body === 'string' && !headers.has('content-type')) {
        headers.set('content-type', 'application/json');
      }
      headers.delete('content-length'); // the body may have been re-serialised
      // The host only builds a URL the handler does not route on; it is not trusted.
      const request = new Request(new URL(req.url ?? '/', 'http://token-endpoint.invalid'), {
        method,
        headers,
        body: body as BodyInit | undefined,
      });
      const response = await handler(request, req);
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      const bytes = new Uint8Array(await response.arrayBuffer());
      res.writeHead(response.status, out);
      res.end(bytes);
    } catch (error) {
      // Only a broken connection gets here: the handler answers every request itself.
      res.destroy(error instanceof Error ? error : undefined);
    }
  };
}
