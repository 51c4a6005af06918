import type { TokenChannel } from './channel.js';
import type { Clock } from './clock.js';
import { aborted, isEmbedError } from './errors.js';
import { normalizeGrant } from './grant.js';
import type { TokenLock } from './lock.js';
import { isUsable, refreshAt } from './refresh-timing.js';
import type { TokenSource } from './token-source.js';
import type { TokenReason, TokenRecord } from './types.js';
import { validateToken } from './validate.js';
import { tokenTimes } from './token-store.js';
import type { StoredToken, TokenStore } from './token-store.js';

export interface FetchRequest {
  reason: TokenReason;
  /** A refresh: a cached candidate must not itself be due for refresh. */
  forced: boolean;
  /** The token being replaced; never an acceptable answer. */
  replacing?: string;
  /** `refreshToken()` asked: the source must not hand back a token it keeps (`force`). */
  force?: boolean;
  signal: AbortSignal;
  /** The manager's in-memory token, read afresh at each check (a broadcast may update it). */
  memory: () => TokenRecord | undefined;
}

export interface TokenFetcherOptions {
  key: string;
  /** Already wrapped with the provider timeout. */
  source: TokenSource;
  clock: Clock;
  lock: TokenLock;
  store?: TokenStore;
  channel?: TokenChannel;
  lifetimeMs?: number;
  singleUse?: boolean;
}

/** What is stored and broadcast of a record: its token and times (never `singleUse`). */
export const toStored = (record: TokenRecord): StoredToken => ({
  token: record.token,
  ...tokenTimes(record),
  issuedAt: record.issuedAt,
});

/** A stored or broadcast entry as a record; undefined when its token is malformed. */
export function fromStored(stored: StoredToken): TokenRecord | undefined {
  try {
    return { ...stored, token: validateToken(stored.token), singleUse: false };
  } catch {
    return undefined;
  }
}

/**
 * The path from "need a token" to a token: memory, then the store; then, under the
 * cross-tab lock, memory and store again (another tab may have just refreshed and
 * released the lock), and only then the source, whose grant is validated, stored and
 * broadcast before the lock is released.
 */
export class TokenFetcher {
  /** Local time of the last source call, for the manager's refresh spacing. */
  lastSourceCall_ = -Infinity;

  constructor(private readonly options_: TokenFetcherOptions) {}

  async obtain_(request: FetchRequest): Promise<TokenRecord> {
    const { signal } = request;
    const early = await this.cached_(request);
    if (early) return early;
    const work = async (): Promise<TokenRecord> =>
      (await this.cached_(request)) ??
      (await this.callSource_(request.reason, signal, request.force));
    try {
      return await this.options_.lock.run(this.options_.key, work, { signal });
    } catch (error) {
      // A tab stuck holding the lock must not leave this one without a token.
      if (isEmbedError(error, 'LOCK_TIMEOUT')) return work();
      throw error;
    }
  }

  async callSource_(
    reason: TokenReason,
    signal: AbortSignal,
    force?: boolean,
  ): Promise<TokenRecord> {
    if (signal.aborted) throw aborted();
    const { clock, lifetimeMs, singleUse, channel, key } = this.options_;
    this.lastSourceCall_ = clock.now();
    const { grant, serverDate } = await this.options_.source({ reason, force, signal });
    if (signal.aborted) throw aborted();
    const record = normalizeGrant(grant, { now: clock.now(), lifetimeMs, serverDate, singleUse });
    if (!record.singleUse) {
      await this.write_(record);
      channel?.publish(key, toStored(record));
    }
    return record;
  }

  private async cached_(request: FetchRequest): Promise<TokenRecord | undefined> {
    const memory = request.memory();
    if (this.acceptable_(memory, request)) return memory;
    const stored = await this.read_();
    if (request.signal.aborted) throw aborted();
    return this.acceptable_(stored, request) ? stored : undefined;
  }

  private acceptable_(
    candidate: TokenRecord | undefined,
    { forced, replacing }: FetchRequest,
  ): candidate is TokenRecord {
    if (!candidate || candidate.token === replacing) return false;
    const now = this.options_.clock.now();
    // A refresh takes another tab's token only if that one is not itself due for refresh.
    return isUsable(candidate, now) && !(forced && (refreshAt(candidate) ?? Infinity) <= now);
  }

  private async read_(): Promise<TokenRecord | undefined> {
    const { store, singleUse, key } = this.options_;
    if (!store || singleUse) return undefined;
    try {
      const stored = await store.get(key);
      return stored ? fromStored(stored) : undefined;
    } catch {
      // The kit's stores never reject (FallbackTokenStore moves to memory and warns the page
      // once, see getDefaultTokenStore); any other store that does is treated as empty.
      return undefined;
    }
  }

  private async write_(record: TokenRecord): Promise<void> {
    const { store, key } = this.options_;
    try {
      await store?.set(key, toStored(record));
    } catch {
      // As in read(): a failed write costs another tab or a reload one provider call, no more.
    }
  }
}
