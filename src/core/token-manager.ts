import type { TokenChannel } from './channel.js';
import { scheduleAt, systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { staticEnvironment } from './environment.js';
import type { Environment } from './environment.js';
import { aborted, EmbedError, toEmbedError } from './errors.js';
import { Flight, withLinkedSignal } from './flight.js';
import { startHeartbeat } from './heartbeat.js';
import { defaultLock } from './lock.js';
import type { TokenLock } from './lock.js';
import { expirySafety, isUsable, refreshAt } from './refresh-timing.js';
import { RetryScheduler } from './retry.js';
import { fromStored, TokenFetcher } from './token-fetch.js';
import { DEFAULT_TOKEN_TIMEOUT_MS, withTimeout } from './token-source.js';
import type { TokenSource } from './token-source.js';
import type { TokenReason, TokenRecord } from './types.js';
import type { StoredToken, TokenStore } from './token-store.js';

export interface TokenManagerOptions {
  /** Cache, lock and channel key, e.g. `https://acme.biuwer.com|user-42`. */
  key: string;
  source: TokenSource;
  clock?: Clock;
  /** Where tokens persist between loads; undefined keeps them in memory only. */
  store?: TokenStore;
  lock?: TokenLock;
  /** Owned by the manager: closed on `dispose`. */
  channel?: TokenChannel;
  environment?: Environment;
  /** Lifetime assumed when a grant carries no expiry. */
  lifetimeMs?: number;
  singleUse?: boolean;
  /** Provider timeout; default 15 s. */
  timeoutMs?: number;
  random?: () => number;
  maxRetryDelayMs?: number;
}

/**
 * `token`: a new token replaced the previous one (refresh, retry after expiry, another
 * tab's refresh, a rejected token): frames rotate. The manager's first token is not
 * announced; it is what getToken() resolves with. `error`: no valid token can be obtained
 * now, or the provider asks for re-auth. The record is internal: elements forward only its
 * expiry, never the token.
 */
export type TokenEvent =
  | { type: 'token'; record: TokenRecord; reason: TokenReason }
  | { type: 'error'; error: EmbedError };

/**
 * How often, while retained, the wall clock is compared with the timers (sleep detection):
 * a tenth of the time left before the refresh, between 30 s and 1 h. A sleep is then noticed
 * before the token expires (the refresh margin is at least a tenth of the lifetime), and a
 * 30-day token costs a beat an hour rather than one every 30 s.
 */
export const HEARTBEAT_MS = 30_000;
export const MAX_HEARTBEAT_MS = 3_600_000;
/**
 * A proactive refresh starts at least this long after the previous provider call, so no
 * combination of clock and grant can make it loop. (The refresh margin is at most half a
 * lifetime and grants too short to be usable are refused, so in practice the next refresh
 * is always well ahead; this floor is the guarantee, not the mechanism.)
 */
export const MIN_REFRESH_SPACING_MS = 1_000;

/**
 * Obtains, caches, shares and refreshes one token. DOM-free: the clock, storage, lock,
 * channel and environment are injected. A token is looked up in memory, then the store,
 * then (under the cross-tab lock, after looking again) asked of the source; one source
 * call is in flight at a time. While retained, it refreshes ahead of expiry, retries with
 * backoff and re-checks expiry when the page wakes.
 */
export class TokenManager {
  readonly key: string;
  /** Every request gets its own fresh token; nothing is cached, stored or shared. */
  readonly singleUse: boolean;
  private readonly clock: Clock;
  private readonly fetcher: TokenFetcher;
  private readonly environment: Environment;
  private readonly retry: RetryScheduler;
  private readonly listeners = new Set<(event: TokenEvent) => void>();
  private record?: TokenRecord;
  private hadToken = false;
  private flight?: Flight;
  private retained = 0;
  private disposed = false;
  /** The provider answered 401/403: no automatic attempts until someone asks again. */
  private reauth = false;
  private cancelRefresh?: () => void;
  private stopHeartbeat?: () => void;
  private offWake?: () => void;
  private readonly offChannel?: () => void;

  constructor(private readonly options: TokenManagerOptions) {
    this.key = options.key;
    this.singleUse = options.singleUse === true;
    this.clock = options.clock ?? systemClock;
    this.fetcher = new TokenFetcher({
      ...options,
      source: withTimeout(
        options.source,
        options.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS,
        this.clock,
      ),
      clock: this.clock,
      lock: options.lock ?? defaultLock(this.clock),
    });
    this.environment = options.environment ?? staticEnvironment;
    this.retry = new RetryScheduler(
      this.clock,
      this.environment,
      options.random ?? Math.random,
      options.maxRetryDelayMs ?? 60_000,
    );
    if (!options.singleUse) {
      this.offChannel = options.channel?.subscribe((key, stored) => this.onBroadcast(key, stored));
    }
  }

  /** The current token if it may be used right now (checked against the clock on each read). */
  get current(): TokenRecord | undefined {
    const record = this.record;
    if (!record || this.singleUse) return undefined;
    return isUsable(record, this.clock.now()) ? record : undefined;
  }

  getToken(options: { signal?: AbortSignal } = {}): Promise<TokenRecord> {
    if (this.disposed) return Promise.reject(aborted());
    if (this.singleUse) return this.fetchSingleUse(options.signal);
    const current = this.current;
    if (current) return Promise.resolve(current);
    const flight = this.flight ?? this.startFlight(this.hadToken ? 'refresh' : 'initial', false);
    return this.checked(flight.join(options.signal));
  }

  /** Forces a new token; 'rejected' when the frame reported the current one as refused. */
  refreshToken(reason: TokenReason = 'refresh'): Promise<TokenRecord> {
    if (this.disposed) return Promise.reject(aborted());
    if (this.singleUse) return this.fetchSingleUse(undefined, reason);
    this.reauth = false;
    const replacing = this.record?.token;
    if (reason === 'rejected' && this.record) {
      // The frame refused it: never hand it out again, even before its recorded expiry.
      this.record = undefined;
      this.cancelRefresh?.();
    }
    const flight = this.flight ?? this.startFlight(reason, true, replacing);
    return this.checked(flight.join());
  }

  subscribe(listener: (event: TokenEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  retain(): () => void {
    if (this.disposed) return () => {};
    this.retained++;
    if (this.retained === 1) {
      this.offWake = this.environment.onWake(() => this.recheck());
      this.armRefresh();
      this.ensureHeartbeat();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.retained--;
      if (this.retained === 0) this.quiesce();
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.retained = 0;
    this.quiesce();
    this.flight?.controller.abort();
    this.flight = undefined;
    this.offChannel?.();
    this.options.channel?.close();
    this.listeners.clear();
  }

  private startFlight(reason: TokenReason, forced: boolean, replacing?: string): Flight {
    this.retry.cancel();
    const memory = (): TokenRecord | undefined => this.record;
    const flight: Flight = new Flight(async (signal) => {
      try {
        const record = await this.fetcher.obtain({ reason, forced, replacing, signal, memory });
        if (this.flight === flight) this.flight = undefined;
        // A result nobody wants any more (released, disposed) is dropped, not adopted.
        if (signal.aborted || this.disposed) throw aborted();
        assertValidNow(record, this.clock.now());
        if (!isUsable(record, this.clock.now())) {
          // Adopting it would schedule the next refresh almost at once: a refresh loop.
          throw new EmbedError(
            'TOKEN_EXPIRED',
            'The token provider returned a token that expires too soon to be used.',
          );
        }
        if (!record.singleUse) this.adopt(record, reason);
        return record;
      } catch (error) {
        if (this.flight === flight) this.flight = undefined;
        const embedError = toEmbedError(error, signal);
        this.onFailure(embedError);
        throw embedError;
      }
    });
    flight.signal.addEventListener('abort', () => {
      if (this.flight === flight) this.flight = undefined;
    });
    this.flight = flight;
    return flight;
  }

  /** Single use: a fresh source call per request, never cached, stored, shared or deduped. */
  private async fetchSingleUse(
    outer?: AbortSignal,
    reason: TokenReason = 'initial',
  ): Promise<TokenRecord> {
    try {
      return await this.checked(
        withLinkedSignal(outer, (signal) => this.fetcher.callSource(reason, signal)),
      );
    } catch (error) {
      const embedError = toEmbedError(error, outer);
      if (embedError.code !== 'ABORTED') this.emit({ type: 'error', error: embedError });
      throw embedError;
    }
  }

  /** Last line of defence: a token is never handed out past its expiry, however it got here. */
  private async checked(pending: Promise<TokenRecord>): Promise<TokenRecord> {
    const record = await pending;
    assertValidNow(record, this.clock.now());
    if (!isUsable(record, this.clock.now())) {
      throw new EmbedError('TOKEN_EXPIRED', 'The token expired before it could be used.');
    }
    return record;
  }

  private adopt(record: TokenRecord, reason: TokenReason): void {
    const previous = this.record;
    // The first token reaches its users through getToken(); events announce rotations only.
    const rotation = this.hadToken && previous?.token !== record.token;
    this.record = record;
    this.hadToken = true;
    this.reauth = false;
    this.retry.reset();
    this.armRefresh();
    this.ensureHeartbeat();
    if (rotation) this.emit({ type: 'token', record, reason });
  }

  private onFailure(error: EmbedError): void {
    if (error.code === 'ABORTED' || this.disposed) return;
    if (error.code === 'TOKEN_REJECTED') {
      this.reauth = true;
      this.retry.reset();
      this.emit({ type: 'error', error });
      return;
    }
    const current = this.current;
    if (current) {
      // The content keeps working on the current token: retry quietly, the last time just
      // as it stops being usable, so a persistent failure is reported then, not later.
      const deadline =
        current.expiresAt === undefined ? undefined : current.expiresAt - expirySafety(current);
      if (this.retained > 0) this.retry.schedule(() => this.backgroundRefresh(), deadline);
      return;
    }
    this.retry.reset();
    this.emit({ type: 'error', error });
  }

  private backgroundRefresh(): void {
    if (this.disposed || this.retained === 0 || this.reauth || this.flight) return;
    if (!this.environment.isOnline()) {
      this.retry.whenOnline(() => this.backgroundRefresh());
      return;
    }
    this.startFlight('refresh', true, this.record?.token).background = true;
  }

  /** Arms the proactive refresh against the wall clock as it is now. */
  private armRefresh(): void {
    this.cancelRefresh?.();
    this.cancelRefresh = undefined;
    const record = this.record;
    if (this.disposed || this.retained === 0 || !record || this.reauth) return;
    const at = refreshAt(record);
    if (at === undefined) return;
    // min(): after the clock is set back, the spacing must not push the refresh into the future.
    const floor = Math.min(this.fetcher.lastSourceCall, this.clock.now()) + MIN_REFRESH_SPACING_MS;
    this.cancelRefresh = scheduleAt(this.clock, Math.max(at, floor), () => {
      this.cancelRefresh = undefined;
      this.backgroundRefresh();
    });
  }

  /** After a wake or a clock jump, timers armed earlier are wrong: arm again from `now()`. */
  private recheck(): void {
    if (this.retained > 0 && !this.disposed) this.armRefresh();
  }

  /** Only a known expiry can be overtaken by a sleep: without one there is nothing to check. */
  private ensureHeartbeat(): void {
    if (this.retained === 0 || this.record?.expiresAt === undefined || this.stopHeartbeat) return;
    this.stopHeartbeat = startHeartbeat(
      this.clock,
      () => {
        const at = this.record ? refreshAt(this.record) : undefined;
        const left = at === undefined ? 0 : at - this.clock.now();
        return Math.min(MAX_HEARTBEAT_MS, Math.max(HEARTBEAT_MS, left / 10));
      },
      () => this.recheck(),
    );
  }

  /** Nobody uses the manager: stop every timer and listener, drop unwanted requests. */
  private quiesce(): void {
    this.cancelRefresh?.();
    this.cancelRefresh = undefined;
    this.stopHeartbeat?.();
    this.stopHeartbeat = undefined;
    this.offWake?.();
    this.offWake = undefined;
    this.retry.reset();
    if (this.flight) {
      this.flight.background = false;
      this.flight.abandonIfUnwanted();
    }
  }

  private onBroadcast(key: string, stored: StoredToken): void {
    if (key !== this.key || this.disposed) return;
    const record = fromStored(stored);
    if (!record || !isUsable(record, this.clock.now())) return;
    const current = this.current;
    if (current && (current.token === record.token || !isNewer(record, current))) return;
    this.adopt(record, 'refresh');
  }

  private emit(event: TokenEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One faulty listener must not stop the others or the manager: report it async.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** A JWT whose `nbf` lies ahead is not expired: say so, so the integrator can fix the clock. */
function assertValidNow(record: TokenRecord, now: number): void {
  if (record.notBefore !== undefined && now < record.notBefore) {
    throw new EmbedError(
      'INVALID_GRANT',
      'The token provider returned a token that is not valid yet (its JWT nbf is in the future).',
      { recoverable: true },
    );
  }
}

function isNewer(candidate: TokenRecord, current: TokenRecord): boolean {
  const a = candidate.expiresAt ?? Infinity;
  const b = current.expiresAt ?? Infinity;
  return a > b || (a === b && candidate.issuedAt > current.issuedAt);
}
