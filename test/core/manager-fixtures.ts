import type { Environment } from '../../src/core/environment.js';
import { EmbedError } from '../../src/core/errors.js';
import { localLock } from '../../src/core/lock.js';
import { TokenManager } from '../../src/core/token-manager.js';
import type { TokenEvent, TokenManagerOptions } from '../../src/core/token-manager.js';
import type { TokenSource } from '../../src/core/token-source.js';
import type { TokenContext, TokenGrant } from '../../src/core/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { WAIT_MS } from '../helpers/wait.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

type Outcome = 'ok' | 'fail' | 'reject' | 'hang';

/**
 * A scriptable token source on the fake clock. Tokens are `SECRET<n>x…`, so a test can
 * search any serialized error or event for the text "SECRET".
 */
export class FakeSource {
  readonly calls: TokenContext[] = [];
  inFlight = 0;
  maxInFlight = 0;
  issued = 0;
  /** Seconds; undefined issues a grant without expiry. */
  lifetime: number | undefined = 60;
  /** Provider latency on the fake clock. */
  delayMs = 0;
  /** Outcomes for the next calls, then `fallback`. */
  script: Outcome[] = [];
  fallback: Outcome = 'ok';
  /** Overrides the grant (for invalid-grant tests). */
  grant?: () => unknown;

  constructor(private readonly clock: FakeClock) {}

  readonly source: TokenSource = async (ctx) => {
    this.calls.push(ctx);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const outcome = this.script.shift() ?? this.fallback;
      if (outcome === 'hang') await new Promise(() => {});
      await this.wait(ctx.signal);
      if (outcome === 'fail') {
        throw new EmbedError('TOKEN_PROVIDER_FAILED', 'The token endpoint answered HTTP 503.', {
          status: 503,
        });
      }
      if (outcome === 'reject') {
        throw new EmbedError('TOKEN_REJECTED', 'The token endpoint answered HTTP 401.', {
          status: 401,
          recoverable: false,
        });
      }
      if (this.grant) return { grant: this.grant() };
      this.issued++;
      const grant: TokenGrant = { token: `SECRET${this.issued}x${'9'.repeat(20)}` };
      if (this.lifetime !== undefined) grant.expiresIn = this.lifetime;
      return { grant };
    } finally {
      this.inFlight--;
    }
  };

  private wait(signal: AbortSignal): Promise<void> {
    if (this.delayMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const handle = this.clock.setTimeout(resolve, this.delayMs);
      signal.addEventListener('abort', () => {
        this.clock.clearTimeout(handle);
        reject(new EmbedError('ABORTED', 'aborted'));
      });
    });
  }
}

/** An environment the test drives: go offline/online, fire wake-ups. */
export class FakeEnvironment implements Environment {
  online = true;
  private wakeListeners = new Set<() => void>();
  private onlineListeners = new Set<() => void>();

  isOnline(): boolean {
    return this.online;
  }
  onWake(callback: () => void): () => void {
    this.wakeListeners.add(callback);
    return () => this.wakeListeners.delete(callback);
  }
  onOnline(callback: () => void): () => void {
    this.onlineListeners.add(callback);
    return () => this.onlineListeners.delete(callback);
  }
  wake(): void {
    for (const listener of [...this.wakeListeners]) listener();
  }
  setOnline(online: boolean): void {
    this.online = online;
    if (online) for (const listener of [...this.onlineListeners]) listener();
  }
  get listenerCount(): number {
    return this.wakeListeners.size + this.onlineListeners.size;
  }
}

let keyCounter = 0;
/** Unique per test: Web Locks and BroadcastChannel are shared by test files running at once. */
export function uniqueKey(label = 'user'): string {
  return `https://acme.biuwer.com|${label}-${Date.now()}-${++keyCounter}`;
}

export interface Harness {
  clock: FakeClock;
  source: FakeSource;
  env: FakeEnvironment;
  manager: TokenManager;
  events: TokenEvent[];
}

export function harness(options: Partial<TokenManagerOptions> = {}): Harness {
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock();
  const source = new FakeSource(clock);
  const env = new FakeEnvironment();
  const manager = new TokenManager({
    key: uniqueKey(),
    source: source.source,
    clock,
    lock: localLock(),
    environment: env,
    random: () => 0.5,
    ...options,
  });
  const events: TokenEvent[] = [];
  manager.subscribe((event) => events.push(event));
  return { clock, source, env, manager, events };
}

/** Resolves with the settled outcome so tests can await a promise that must reject. */
export async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: EmbedError }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as EmbedError };
  }
}

/**
 * Polls (in real time) until `check` holds; for real IndexedDB / Web Locks / channels. The
 * default timeout is generous (see test/helpers/wait.ts): a busy machine stalls them.
 */
export async function until(check: () => boolean, timeoutMs = WAIT_MS): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('until: condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
