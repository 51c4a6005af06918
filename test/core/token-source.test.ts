import { expect } from '@open-wc/testing';
import { EmbedError } from '../../src/core/errors.js';
import { createTokenSource, withTimeout } from '../../src/core/token-source.js';
import type { SourceResult, TokenSource, TokenSourceOptions } from '../../src/core/token-source.js';
import type { TokenContext, TokenGrant } from '../../src/core/types.js';
import { FakeClock } from '../helpers/fake-clock.js';

const SECRET = 'SECRET-abc123';
const DATE = 'Thu, 01 Jan 2026 12:00:00 GMT';

function ctx(signal = new AbortController().signal): TokenContext {
  return { reason: 'initial', signal };
}

function thrown(fn: () => unknown): EmbedError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(EmbedError);
    return err as EmbedError;
  }
  throw new Error('expected an EmbedError, nothing was thrown');
}

async function rejection(promise: Promise<unknown>): Promise<EmbedError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(EmbedError);
    return err as EmbedError;
  }
  throw new Error('expected a rejection, the promise resolved');
}

interface FetchCall {
  url: string;
  init: RequestInit;
}

function stubFetch(respond: () => Response | Promise<Response>): {
  fetch: typeof fetch;
  calls: FetchCall[];
} {
  const calls: FetchCall[] = [];
  const fetchStub = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond();
  };
  return { fetch: fetchStub as typeof fetch, calls };
}

/** A fetch that never answers but honours its signal, as the real one does. */
const hangingFetch = ((_input: RequestInfo | URL, init?: RequestInit) =>
  new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () =>
      reject(new DOMException('The operation was aborted.', 'AbortError')),
    );
  })) as typeof fetch;

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { status: 200, ...init });

describe('createTokenSource: choosing the source', () => {
  it('throws MISSING_TOKEN_SOURCE synchronously when nothing is set (empty strings count as unset)', () => {
    for (const opts of [
      {},
      { endpoint: '', token: '' },
      { provider: undefined, token: undefined },
    ]) {
      expect(thrown(() => createTokenSource(opts)).code).to.equal('MISSING_TOKEN_SOURCE');
    }
  });

  it('rejects a tokenProvider that is not a function', () => {
    const opts = { provider: 'https://example.com/token' } as unknown as TokenSourceOptions;
    expect(thrown(() => createTokenSource(opts)).code).to.equal('MISSING_TOKEN_SOURCE');
  });

  it('lets the provider win over the endpoint and a static token (even a bad one)', async () => {
    const { fetch, calls } = stubFetch(() => json({ token: 'from-endpoint' }));
    const source = createTokenSource({
      provider: async () => 'from-provider',
      endpoint: '/token',
      token: 'bad token:with colon',
      fetch,
    });
    expect(await source(ctx())).to.deep.equal({ grant: 'from-provider' });
    expect(calls).to.have.length(0);
  });

  it('lets the endpoint win over a static token', async () => {
    const { fetch } = stubFetch(() => json({ token: 'from-endpoint' }));
    const source = createTokenSource({ endpoint: '/token', token: 'static', fetch });
    expect((await source(ctx())).grant).to.deep.equal({ token: 'from-endpoint' });
  });

  it('serves a static token, validated eagerly without quoting it', async () => {
    expect(await createTokenSource({ token: SECRET })(ctx())).to.deep.equal({ grant: SECRET });
    const err = thrown(() => createTokenSource({ token: `${SECRET} ` }));
    expect(err.code).to.equal('INVALID_TOKEN');
    expect(err.message).not.to.include(SECRET);
  });
});

describe('createTokenSource: provider', () => {
  it('passes the reason and signal and returns the grant as is', async () => {
    const grant: TokenGrant = { token: SECRET, expiresIn: 60 };
    let seen: TokenContext | undefined;
    const context: TokenContext = { reason: 'refresh', signal: new AbortController().signal };
    const result = await createTokenSource({
      provider: async (c) => {
        seen = c;
        return grant;
      },
    })(context);
    expect(result).to.deep.equal({ grant });
    expect(seen?.reason).to.equal('refresh');
    expect(seen?.signal).to.equal(context.signal);
  });

  const failures: Array<[string, unknown, string, number | undefined, boolean]> = [
    ['an Error', new Error('boom'), 'TOKEN_PROVIDER_FAILED', undefined, true],
    ['a string', 'offline', 'TOKEN_PROVIDER_FAILED', undefined, true],
    [
      'status 503',
      Object.assign(new Error('down'), { status: 503 }),
      'TOKEN_PROVIDER_FAILED',
      503,
      true,
    ],
    ['status 401', Object.assign(new Error('nope'), { status: 401 }), 'TOKEN_REJECTED', 401, false],
    ['status 403', { message: 'forbidden', status: 403 }, 'TOKEN_REJECTED', 403, false],
    [
      'an axios-style 401',
      { message: 'x', response: { status: 401 } },
      'TOKEN_REJECTED',
      401,
      false,
    ],
    [
      'a non-numeric status',
      { message: 'x', status: '401' },
      'TOKEN_PROVIDER_FAILED',
      undefined,
      true,
    ],
  ];
  for (const [label, error, code, status, recoverable] of failures) {
    it(`maps a provider failing with ${label} to ${code}`, async () => {
      const err = await rejection(
        createTokenSource({ provider: () => Promise.reject(error) })(ctx()),
      );
      expect(err.code).to.equal(code);
      expect(err.status).to.equal(status);
      expect(err.recoverable).to.equal(recoverable);
      expect(err.cause).to.equal(error);
      expect(err.message).to.match(/^The token provider failed: /);
    });
  }

  it("names the provider's error without quoting its text, which may hold a token", async () => {
    const thrown = new TypeError('backend said: bad token SECRET-abc123');
    const err = await rejection(
      createTokenSource({
        provider: () => {
          throw thrown;
        },
      })(ctx()),
    );
    expect(err.message).to.equal("The token provider failed: TypeError (see the error's cause)");
    expect(err.message).not.to.contain('SECRET');
    expect(err.cause).to.equal(thrown);
  });

  it('reports ABORTED, not the provider error, once the request was cancelled', async () => {
    const controller = new AbortController();
    const late = createTokenSource({
      provider: async () => {
        controller.abort();
        return SECRET;
      },
    });
    expect((await rejection(late(ctx(controller.signal)))).code).to.equal('ABORTED');

    const second = new AbortController();
    const failing = createTokenSource({
      provider: async ({ signal }) => {
        second.abort();
        throw signal.reason;
      },
    });
    expect((await rejection(failing(ctx(second.signal)))).code).to.equal('ABORTED');
  });

  it('does not call the provider for an already aborted request', async () => {
    let called = false;
    const source = createTokenSource({
      provider: async () => {
        called = true;
        return SECRET;
      },
    });
    expect((await rejection(source(ctx(AbortSignal.abort())))).code).to.equal('ABORTED');
    expect(called).to.equal(false);
  });
});

describe('createTokenSource: endpoint', () => {
  it('POSTs the reason as JSON with same-origin credentials and reads the Date header', async () => {
    const { fetch, calls } = stubFetch(() =>
      json({ token: SECRET, expiresIn: 60 }, { headers: { date: DATE } }),
    );
    const signal = new AbortController().signal;
    const source = createTokenSource({ endpoint: '/api/biuwer-token', fetch });
    const result: SourceResult = await source({ reason: 'rejected', signal });
    expect(result).to.deep.equal({
      grant: { token: SECRET, expiresIn: 60 },
      serverDate: Date.UTC(2026, 0, 1, 12),
    });
    expect(calls).to.have.length(1);
    const { url, init } = calls[0];
    expect(url).to.equal('/api/biuwer-token');
    expect(init.method).to.equal('POST');
    expect(init.credentials).to.equal('same-origin');
    expect(init.headers).to.deep.equal({
      accept: 'application/json',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(init.body))).to.deep.equal({ reason: 'rejected' });
    expect(init.signal).to.equal(signal);
  });

  it('adds "force": true to the body only when refreshToken() forces the refresh', async () => {
    const { fetch, calls } = stubFetch(() => json({ token: SECRET }));
    const source = createTokenSource({ endpoint: '/t', fetch });
    const signal = new AbortController().signal;
    await source({ reason: 'refresh', force: true, signal });
    await source({ reason: 'refresh', force: false, signal });
    expect(calls.map((c) => JSON.parse(String(c.init.body)))).to.deep.equal([
      { reason: 'refresh', force: true },
      { reason: 'refresh' },
    ]);
  });

  it('omits serverDate without a usable Date header, and accepts a JSON string grant', async () => {
    const { fetch } = stubFetch(() => json(SECRET, { headers: { date: 'not a date' } }));
    expect(await createTokenSource({ endpoint: '/t', fetch })(ctx())).to.deep.equal({
      grant: SECRET,
    });
  });

  const statuses: Array<[number, string, boolean]> = [
    [500, 'TOKEN_PROVIDER_FAILED', true],
    [404, 'TOKEN_PROVIDER_FAILED', true],
    [401, 'TOKEN_REJECTED', false],
    [403, 'TOKEN_REJECTED', false],
  ];
  for (const [status, code, recoverable] of statuses) {
    it(`maps HTTP ${status} to ${code}`, async () => {
      const { fetch } = stubFetch(() => new Response(`denied ${SECRET}`, { status }));
      const err = await rejection(createTokenSource({ endpoint: '/t', fetch })(ctx()));
      expect(err.code).to.equal(code);
      expect(err.status).to.equal(status);
      expect(err.recoverable).to.equal(recoverable);
      expect(err.message).to.equal(`The token endpoint answered HTTP ${status}.`);
    });
  }

  it('reports a body that is not JSON as INVALID_GRANT, never quoting it', async () => {
    for (const body of [SECRET, `<html>${SECRET}</html>`, '', '  ']) {
      const { fetch } = stubFetch(() => new Response(body, { status: 200 }));
      const err = await rejection(createTokenSource({ endpoint: '/t', fetch })(ctx()));
      expect(err.code).to.equal('INVALID_GRANT');
      expect(err.message).not.to.include(SECRET);
      expect(String(err.cause ?? '')).not.to.include(SECRET);
    }
  });

  it('maps a network failure to TOKEN_PROVIDER_FAILED and an abort to ABORTED', async () => {
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const err = await rejection(createTokenSource({ endpoint: '/t', fetch: offline })(ctx()));
    expect(err.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(err.recoverable).to.equal(true);

    const controller = new AbortController();
    const pending = createTokenSource({ endpoint: '/t', fetch: hangingFetch })(
      ctx(controller.signal),
    );
    controller.abort();
    expect((await rejection(pending)).code).to.equal('ABORTED');
  });

  // A real request to the test server (which answers 404): proves the global fetch is called
  // with the right receiver, which a stub cannot show.
  it('uses the global fetch when none is given', async () => {
    const source = createTokenSource({ endpoint: '/__no-such-token-endpoint__' });
    const err = await rejection(source(ctx()));
    expect(err.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(err.status).to.be.a('number').and.at.least(400);
  });

  it('accepts paths and http(s) URLs', () => {
    for (const endpoint of [
      '/api/token',
      'token',
      '../token?x=1',
      'https://api.example.com/t',
      'http://localhost:3000/t',
    ]) {
      expect(createTokenSource({ endpoint })).to.be.a('function');
    }
  });

  const badEndpoints = [
    'javascript:alert(1)',
    'data:application/json,{"token":"x"}',
    'ftp://example.com/token',
    'blob:https://example.com/1234',
    `https://user:${SECRET}@example.com/token`,
    'http://[bad',
    '   ',
  ];
  for (const endpoint of badEndpoints) {
    it(`rejects the endpoint ${JSON.stringify(endpoint.slice(0, 24))} synchronously`, () => {
      const err = thrown(() => createTokenSource({ endpoint }));
      expect(err.code).to.equal('INVALID_TOKEN_ENDPOINT');
      expect(err.recoverable).to.equal(false);
      expect(err.message).not.to.include(SECRET);
    });
  }
});

describe('withTimeout', () => {
  let clock: FakeClock;
  beforeEach(() => {
    clock = new FakeClock();
  });

  /** A source that never answers and records the signal it was given. */
  function stuck(): { source: TokenSource; signals: AbortSignal[] } {
    const signals: AbortSignal[] = [];
    return {
      signals,
      source: ({ signal }) => {
        signals.push(signal);
        return new Promise<SourceResult>(() => {});
      },
    };
  }

  it('passes a result through and cancels its timer', async () => {
    const source = withTimeout(async () => ({ grant: SECRET }), 15_000, clock);
    expect(await source(ctx())).to.deep.equal({ grant: SECRET });
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('passes a failure through unchanged', async () => {
    const failure = new EmbedError('TOKEN_REJECTED', 'no', { status: 401 });
    const source = withTimeout(() => Promise.reject(failure), 15_000, clock);
    expect(await rejection(source(ctx()))).to.equal(failure);
  });

  it('times out on the injected clock and aborts the inner request', async () => {
    const { source, signals } = stuck();
    let outcome: unknown;
    withTimeout(source, 15_000, clock)(ctx()).catch((err: unknown) => (outcome = err));
    await clock.tick(14_999);
    expect(outcome).to.equal(undefined);
    expect(signals[0].aborted).to.equal(false);
    await clock.tick(1);
    expect(outcome).to.be.instanceOf(EmbedError);
    expect((outcome as EmbedError).code).to.equal('TOKEN_PROVIDER_TIMEOUT');
    expect((outcome as EmbedError).recoverable).to.equal(true);
    expect(signals[0].aborted).to.equal(true);
  });

  it('cancels a stuck endpoint request on timeout', async () => {
    const source = withTimeout(
      createTokenSource({ endpoint: '/t', fetch: hangingFetch }),
      5000,
      clock,
    );
    const pending = rejection(source(ctx()));
    await clock.tick(5000);
    expect((await pending).code).to.equal('TOKEN_PROVIDER_TIMEOUT');
  });

  it('rejects ABORTED when the caller aborts, aborting the inner request and its timer', async () => {
    const { source, signals } = stuck();
    const controller = new AbortController();
    const pending = rejection(withTimeout(source, 15_000, clock)(ctx(controller.signal)));
    await clock.flush();
    controller.abort();
    expect((await pending).code).to.equal('ABORTED');
    expect(signals[0].aborted).to.equal(true);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('ignores a result that arrives after the caller aborted', async () => {
    const controller = new AbortController();
    const lateSource: TokenSource = async () => {
      controller.abort();
      return { grant: SECRET };
    };
    const err = await rejection(withTimeout(lateSource, 15_000, clock)(ctx(controller.signal)));
    expect(err.code).to.equal('ABORTED');
  });

  it('does not start an already aborted request', async () => {
    const { source, signals } = stuck();
    const err = await rejection(withTimeout(source, 15_000, clock)(ctx(AbortSignal.abort())));
    expect(err.code).to.equal('ABORTED');
    expect(signals).to.have.length(0);
  });
});
