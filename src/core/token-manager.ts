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
  private readonly clock_: Clock;
  private readonly fetcher_: TokenFetcher;
  private readonly environment_: Environment;
  private readonly retry_: RetryScheduler;
  private readonly listeners_ = new Set<(event: TokenEvent) => void>();
  private record_?: TokenRecord;
  private hadToken_ = false;
  private flight_?: Flight;
  private retained_ = 0;
  private disposed_ = false;
  /** The provider answered 401/403: no automatic attempts until someone asks again. */
  private reauth_ = false;
  private cancelRefresh_?: () => void;
  private stopHeartbeat_?: () => void;
  private offWake_?: () => void;
  private readonly offChannel_?: () => void;

  constructor(private readonly options_: TokenManagerOptions) {
    this.key = options_.key;
    this.singleUse = options_.singleUse === true;
    this.clock_ = options_.clock ?? systemClock;
    this.fetcher_ = new TokenFetcher({
      ...options_,
      source: withTimeout(
        options_.source,
        options_.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS,
        this.clock_,
      ),
      clock: this.clock_,
      lock: options_.lock ?? defaultLock(this.clock_),
    });
    this.environment_ = options_.environment ?? staticEnvironment;
    this.retry_ = new RetryScheduler(
      this.clock_,
      this.environment_,
      options_.random ?? Math.random,
      options_.maxRetryDelayMs ?? 60_000,
    );
    if (!options_.singleUse) {
      this.offChannel_ = options_.channel?.subscribe((key, stored) =>
        this.onBroadcast_(key, stored),
      );
    }
  }

  /** The current token if it may be used right now (checked against the clock on each read). */
  get current(): TokenRecord | undefined {
    const record = this.record_;
    if (!record || this.singleUse) return undefined;
    return isUsable(record, this.clock_.now()) ? record : undefined;
  }

  getToken(options: { signal?: AbortSignal } = {}): Promise<TokenRecord> {
    if (this.disposed_) return Promise.reject(aborted());
    if (this.singleUse) return this.fetchSingleUse_(options.signal);
    const current = this.current;
    if (current) return Promise.resolve(current);
    const flight = this.flight_ ?? this.startFlight_(this.hadToken_ ? 'refresh' : 'initial', false);
    return this.checked_(flight.join_(options.signal));
  }

  /** Forces a new token; 'rejected' when the frame reported the current one as refused. */
  refreshToken(reason: TokenReason = 'refresh'): Promise<TokenRecord> {
    if (this.disposed_) return Promise.reject(aborted());
    if (this.singleUse) return this.fetchSingleUse_(undefined, reason);
    this.reauth_ = false;
    const replacing = this.record_?.token;
    if (reason === 'rejected' && this.record_) {
      // The frame refused it: never hand it out again, even before its recorded expiry.
      this.record_ = undefined;
      this.cancelRefresh_?.();
    }
    // A refresh asked for by the page wants a new token, even one the backend would keep.
    const flight = this.flight_ ?? this.startFlight_(reason, true, replacing, reason === 'refresh');
    return this.checked_(flight.join_());
  }

  subscribe(listener: (event: TokenEvent) => void): () => void {
    this.listeners_.add(listener);
    return () => this.listeners_.delete(listener);
  }

  retain(): () => void {
    if (this.disposed_) return () => {};
    this.retained_++;
    if (this.retained_ === 1) {
      this.offWake_ = this.environment_.onWake(() => this.recheck_());
      this.armRefresh_();
      this.ensureHeartbeat_();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.retained_--;
      if (this.retained_ === 0) this.quiesce_();
    };
  }

  dispose(): void {
    if (this.disposed_) return;
    this.disposed_ = true;
    this.retained_ = 0;
    this.quiesce_();
    this.flight_?.controller_.abort();
    this.flight_ = undefined;
    this.offChannel_?.();
    this.options_.channel?.close();
    this.listeners_.clear();
  }

  private startFlight_(
    reason: TokenReason,
    forced: boolean,
    replacing?: string,
    force?: boolean,
  ): Flight {
    this.retry_.cancel_();
    const memory = (): TokenRecord | undefined => this.record_;
    const flight: Flight = new Flight(async (signal) => {
      try {
        const record = await this.fetcher_.obtain_({
          reason,
          forced,
          replacing,
          force,
          signal,
          memory,
        });
        if (this.flight_ === flight) this.flight_ = undefined;
        // A result nobody wants any more (released, disposed) is dropped, not adopted.
        if (signal.aborted || this.disposed_) throw aborted();
        assertValidNow(record, this.clock_.now());
        if (!isUsable(record, this.clock_.now())) {
          // Adopting it would schedule the next refresh almost at once: a refresh loop.
          throw new EmbedError(
            'TOKEN_EXPIRED',
            'The token provider returned a token that expires too soon to be used.',
          );
        }
        if (!record.singleUse) this.adopt_(record, reason);
        return record;
      } catch (error) {
        if (this.flight_ === flight) this.flight_ = undefined;
        const embedError = toEmbedError(error, signal);
        this.onFailure_(embedError);
        throw embedError;
      }
    });
    flight.signal_.addEventListener('abort', () => {
      if (this.flight_ === flight) this.flight_ = undefined;
    });
    this.flight_ = flight;
    return flight;
  }

  /** Single use: a fresh source call per request, never cached, stored, shared or deduped. */
  private async fetchSingleUse_(
    outer?: AbortSignal,
    reason: TokenReason = 'initial',
  ): Promise<TokenRecord> {
    try {
      return await this.checked_(
        withLinkedSignal(outer, (signal) => this.fetcher_.callSource_(reason, signal)),
      );
    } catch (error) {
      const embedError = toEmbedError(error, outer);
      if (embedError.code !== 'ABORTED') this.emit_({ type: 'error', error: embedError });
      throw embedError;
    }
  }

  /** Last line of defence: a token is never handed out past its expiry, however it got here. */
  private async checked_(pending: Promise<TokenRecord>): Promise<TokenRecord> {
    const record = await pending;
    assertValidNow(record, this.clock_.now());
    if (!isUsable(record, this.clock_.now())) {
      throw new EmbedError('TOKEN_EXPIRED', 'The token expired before it could be used.');
    }
    return record;
  }

  private adopt_(record: TokenRecord, reason: TokenReason): void {
    const previous = this.record_;
    // The first token reaches its users through getToken(); events announce rotations only.
    const rotation = this.hadToken_ && previous?.token !== record.token;
    this.record_ = record;
    this.hadToken_ = true;
    this.reauth_ = false;
    this.retry_.reset_();
    this.armRefresh_();
    this.ensureHeartbeat_();
    if (rotation) this.emit_({ type: 'token', record, reason });
  }

  private onFailure_(error: EmbedError): void {
    if (error.code === 'ABORTED' || this.disposed_) return;
    if (error.code === 'TOKEN_REJECTED') {
      this.reauth_ = true;
      this.retry_.reset_();
      this.emit_({ type: 'error', error });
      return;
    }
    const current = this.current;
    if (current) {
      // The content keeps working on the current token: retry quietly, the last time just
      // as it stops being usable, so a persistent failure is reported then, not later.
      const deadline =
        current.expiresAt === undefined ? undefined : current.expiresAt - expirySafety(current);
      if (this.retained_ > 0) this.retry_.schedule_(() => this.backgroundRefresh_(), deadline);
      return;
    }
    this.retry_.reset_();
    this.emit_({ type: 'error', error });
  }

  private backgroundRefresh_(): void {
    if (this.disposed_ || this.retained_ === 0 || this.reauth_ || this.flight_) return;
    if (!this.environment_.isOnline()) {
      this.retry_.whenOnline_(() => this.backgroundRefresh_());
      return;
    }
    this.startFlight_('refresh', true, this.record_?.token).background_ = true;
  }

  /** Arms the proactive refresh against the wall clock as it is now. */
  private armRefresh_(): void {
    this.cancelRefresh_?.();
    this.cancelRefresh_ = undefined;
    const record = this.record_;
    if (this.disposed_ || this.retained_ === 0 || !record || this.reauth_) return;
    const at = refreshAt(record);
    if (at === undefined) return;
    // min(): after the clock is set back, the spacing must not push the refresh into the future.
    const floor =
      Math.min(this.fetcher_.lastSourceCall_, this.clock_.now()) + MIN_REFRESH_SPACING_MS;
    this.cancelRefresh_ = scheduleAt(this.clock_, Math.max(at, floor), () => {
      this.cancelRefresh_ = undefined;
      this.backgroundRefresh_();
    });
  }

  /** After a wake or a clock jump, timers armed earlier are wrong: arm again from `now()`. */
  private recheck_(): void {
    if (this.retained_ > 0 && !this.disposed_) this.armRefresh_();
  }

  /** Only a known expiry can be overtaken by a sleep: without one there is nothing to check. */
  private ensureHeartbeat_(): void {
    if (this.retained_ === 0 || this.record_?.expiresAt === undefined || this.stopHeartbeat_)
      return;
    this.stopHeartbeat_ = startHeartbeat(
      this.clock_,
      () => {
        const at = this.record_ ? refreshAt(this.record_) : undefined;
        const left = at === undefined ? 0 : at - this.clock_.now();
        return Math.min(MAX_HEARTBEAT_MS, Math.max(HEARTBEAT_MS, left / 10));
      },
      () => this.recheck_(),
    );
  }

  /** Nobody uses the manager: stop every timer and listener, drop unwanted requests. */
  private quiesce_(): void {
    this.cancelRefresh_?.();
    this.cancelRefresh_ = undefined;
    this.stopHeartbeat_?.();
    this.stopHeartbeat_ = undefined;
    this.offWake_?.();
    this.offWake_ = undefined;
    this.retry_.reset_();
    if (this.flight_) {
      this.flight_.background_ = false;
      this.flight_.abandonIfUnwanted_();
    }
  }

  private onBroadcast_(key: string, stored: StoredToken): void {
    if (key !== this.key || this.disposed_) return;
    const record = fromStored(stored);
    if (!record || !isUsable(record, this.clock_.now())) return;
    const current = this.current;
    if (current && (current.token === record.token || !isNewer(record, current))) return;
    this.adopt_(record, 'refresh');
  }

  private emit_(event: TokenEvent): void {
    for (const listener of [...this.listeners_]) {
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
