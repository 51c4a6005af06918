/**
 * Talks to the share simulator mounted on the test server. The test page is on
 * http://localhost:PORT; the simulated Biuwer instance is http://127.0.0.1:PORT.
 */
export const SIM_INSTANCE = `http://127.0.0.1:${location.port}`;

export const RESOURCES = {
  collection: 'c0c0c0000000000000000001',
  page: 'fa9e00000000000000000001',
  kpiCard: 'ca4d00000000000000000001',
  lineCard: 'ca4d00000000000000000002',
  barCard: 'ca4d00000000000000000003',
  noProtocolPage: 'fa9e00000000000000000002',
  expiredPage: 'fa9e00000000000000000003',
} as const;

async function admin<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${SIM_INSTANCE}/__sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface Issued {
  token: string;
  expiresAt: number | null;
}

export function issueToken(
  options: {
    userId?: string;
    validForMs?: number;
    singleUse?: boolean;
    format?: 'opaque' | 'jwt';
  } = {},
): Promise<Issued> {
  return admin<Issued>('tokens', { userId: 'ana', ...options });
}

export function revokeToken(token: string): Promise<unknown> {
  return admin('revoke', { token });
}

export function patchResource(resource: string, patch: Record<string, unknown>): Promise<unknown> {
  return admin(`resources/${resource}`, patch);
}

/** A provider that issues real simulator tokens and counts its calls. */
export function countingProvider(options: Parameters<typeof issueToken>[0] = {}) {
  const provider = async () => {
    provider.calls++;
    const issued = await issueToken(options);
    return { token: issued.token, expiresAt: issued.expiresAt ?? undefined };
  };
  provider.calls = 0;
  return provider;
}

/**
 * A provider returning simulator tokens with an explicit `expiresIn` (seconds), so a
 * FakeClock decides when the kit refreshes while the simulator keeps the token valid.
 */
export function lifetimeProvider(
  expiresIn: number,
  options: Parameters<typeof issueToken>[0] = {},
) {
  const provider = async () => {
    provider.calls++;
    const issued = await issueToken({ validForMs: 90 * 86_400_000, ...options });
    provider.tokens.push(issued.token);
    // Models a Biuwer user whose access was withdrawn: every new token arrives revoked.
    if (provider.revokeNext) await revokeToken(issued.token);
    return { token: issued.token, expiresIn };
  };
  provider.calls = 0;
  provider.tokens = [] as string[];
  provider.revokeNext = false;
  return provider;
}
