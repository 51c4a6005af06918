import type { TokenReason } from './types.js';

/** The kit sends `{"reason":"refresh"}`; anything near this size is not the kit. */
export const MAX_BODY_BYTES = 4096;

const REASONS: readonly string[] = ['initial', 'refresh', 'rejected'];

/** A refusal with a stable `code`, answered as JSON; its message never holds a token. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * JSON with the headers every answer carries: `no-store`, since a shared cache must never
 * hand one user's token to another, and `Date`, from which the kit corrects a skewed clock.
 */
export function json(
  status: number,
  value: unknown,
  now: number,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      pragma: 'no-cache',
      date: new Date(now).toUTCString(),
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

export function errorResponse(error: HttpError, now: number): Response {
  return json(error.status, { error: error.code, message: error.message }, now, error.headers);
}

/** Reads at most MAX_BODY_BYTES, whatever Content-Length claims. */
async function readLimited(request: Request): Promise<string> {
  const tooLarge = () => new HttpError(413, 'BODY_TOO_LARGE', 'The request body is too large.');
  const declared = Number(request.headers.get('content-length') ?? '');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The request body is not UTF-8 JSON.');
  }
}

/** What the kit asks for: why, and whether a kept token will do (`force`: it will not). */
export interface KitRequest {
  reason: TokenReason;
  force: boolean;
}

/**
 * The kit's request: POST with `{"reason": …}`, plus `"force": true` when the page called
 * `refreshToken()`. An empty body means `initial`, so a hand-written tokenProvider may POST
 * nothing. A body must be declared JSON, which a cross-site form cannot send without a CORS
 * preflight.
 */
export async function readKitRequest(request: Request): Promise<KitRequest> {
  if (request.method !== 'POST') {
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'Use POST.', { allow: 'POST' });
  }
  if (request.headers.get('sec-fetch-site') === 'cross-site') {
    throw new HttpError(403, 'CROSS_SITE', 'Cross-site requests are refused.');
  }
  const text = (await readLimited(request)).trim();
  if (!text) return { reason: 'initial', force: false };
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send JSON (content-type: application/json).',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The parser's message would quote the body.
    throw new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'INVALID_BODY', 'The request body must be a JSON object.');
  }
  const { reason = 'initial', force = false } = body as { reason?: unknown; force?: unknown };
  if (typeof reason !== 'string' || !REASONS.includes(reason)) {
    throw new HttpError(
      400,
      'UNKNOWN_REASON',
      "reason must be 'initial', 'refresh' or 'rejected'.",
    );
  }
  if (typeof force !== 'boolean') {
    throw new HttpError(400, 'INVALID_BODY', 'force must be true or false.');
  }
  return { reason: reason as TokenReason, force };
}
