import type { Clock } from '../../core/clock.js';
import { EmbedError, isEmbedError, toEmbedError } from '../../core/errors.js';
import type { TokenEvent, TokenManager } from '../../core/token-manager.js';
import type { TokenReason, TokenRecord } from '../../core/types.js';
import { nameCarriesToken } from '../../frame/frame-name.js';
import type { FrameMessage } from '../../frame/protocol.js';
import { isUsable } from '../../core/refresh-timing.js';
import type { BiuwerTokenRefreshDetail } from '../events.js';
import { FrameStage, type FrameOptions } from './frame-stage.js';
import { SwapGate, type RotateMode } from './swap-gate.js';

/** A token that arrived while the first frame was loading, applied once it has loaded. */
interface Missed {
  record: TokenRecord;
  reason: TokenReason;
}

/**
 * Where a run is, in one value (as Lit's `TaskStatus`). `framed` is the newest record put
 * into a frame, live or still loading, and `shown` the one the live frame holds (a swap held
 * for an idle moment must come before it expires); `afterRejection` says the frame's token
 * came from a refresh the frame's own refusal triggered, and `refused` is the token that
 * refusal was about. Each loading or ready value is a fresh object, so an await compares
 * identity to learn whether it was superseded meanwhile.
 */
export type RunStatus =
  | { kind: 'idle' }
  | {
      kind: 'loading';
      reason: TokenReason;
      afterRejection: boolean;
      framed?: TokenRecord;
      missed?: Missed;
      refused?: string;
    }
  | {
      kind: 'ready';
      afterRejection: boolean;
      framed: TokenRecord;
      shown: TokenRecord;
      refused?: string;
    }
  | { kind: 'error'; error: EmbedError }
  | { kind: 'stopped' };

type Loading = Extract<RunStatus, { kind: 'loading' }>;
type Ready = Extract<RunStatus, { kind: 'ready' }>;

export interface RunnerHost {
  clock: Clock;
  stage: HTMLElement;
  readonly autoHeight: boolean;
  /** Whether a swap waits for an idle moment (message delivery never waits). */
  readonly rotate: RotateMode;
  onStatus(status: RunStatus): void;
  /** The content finished loading; `rotated` when a swap replaced a live frame. */
  onLoad(rotated: boolean): void;
  onTokenDelivered(detail: BiuwerTokenRefreshDetail): void;
  onContentHeight(height: number): void;
}

/**
 * One run of an embed: gets a token from the shared manager, loads the frame, rotates it
 * when the manager refreshes, and stops everything on `stop()`. A new run replaces it on
 * every frame or token setting change, so a stale run can never touch the element. The
 * manager is borrowed: whoever bound it releases it.
 */
export class EmbedRunner {
  private readonly abort = new AbortController();
  /** Aborts the swaps held for the current status once it is over (an error, a reload). */
  private held = new AbortController();
  private readonly stage: FrameStage;
  private readonly swaps: SwapGate;
  /** The newest record queued for rotation: an older one still held is superseded by it. */
  private newest?: TokenRecord;
  private unsubscribe?: () => void;
  private releaseRetain?: () => void;
  private current: RunStatus = { kind: 'idle' };
  private rotation: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: RunnerHost,
    private readonly manager: TokenManager,
    frame: FrameOptions,
  ) {
    this.stage = new FrameStage(host.stage, frame, host.clock, (message, sender) =>
      this.onMessage(message, sender),
    );
    this.swaps = SwapGate.for(host.stage, host.clock, host.rotate);
  }

  get status(): RunStatus {
    return this.current;
  }

  get frame(): HTMLIFrameElement | undefined {
    return this.stage.current;
  }

  start(): void {
    if (this.current.kind !== 'idle') return;
    this.unsubscribe = this.manager.subscribe((event) => this.onTokenEvent(event));
    this.releaseRetain = this.manager.retain();
    void this.loadFresh('initial');
  }

  stop(): void {
    this.current = { kind: 'stopped' };
    this.abort.abort();
    this.held.abort();
    this.unsubscribe?.();
    this.releaseRetain?.();
    this.stage.dispose();
    this.swaps.dispose();
  }

  /** `rotate` changed: applies to the swap waiting now and later ones, without a reload. */
  setRotate(mode: RotateMode): void {
    this.swaps.setMode(mode);
  }

  /** The frame's accessible title: the live frame takes it at once, without a reload. */
  setTitle(title: string): void {
    this.stage.setTitle(title);
  }

  /** Asks the manager for a new token; the resulting 'token' event rotates the frame. */
  async refresh(reason: TokenReason = 'refresh'): Promise<void> {
    await this.manager.refreshToken(reason);
  }

  private set(status: RunStatus): void {
    this.held.abort();
    this.held = new AbortController();
    this.current = status;
    this.host.onStatus(status);
  }

  private async loadFresh(reason: TokenReason): Promise<void> {
    const run: Loading = { kind: 'loading', reason, afterRejection: reason === 'rejected' };
    this.set(run);
    let record: TokenRecord;
    try {
      record = await this.manager.getToken({ signal: this.abort.signal });
      if (this.current !== run) return;
      run.framed = record;
      await this.stage.show(record.token);
      if (this.current !== run) return;
    } catch (error) {
      if (this.current === run) this.fail(error);
      return;
    }
    const ready: Ready = {
      kind: 'ready',
      afterRejection: run.afterRejection,
      framed: record,
      shown: record,
      refused: run.refused,
    };
    this.swaps.swapped();
    this.set(ready);
    this.host.onLoad(false);
    this.host.onTokenDelivered(detailFor(record, reason, 'load'));
    // A refresh finished while the frame was loading (the frame may have refused its token
    // before its load event): the loaded frame holds the older token, so rotate it now.
    const missed = run.missed;
    if (missed) this.queueRotation(missed.record, missed.reason);
  }

  private queueRotation(record: TokenRecord, reason: TokenReason): void {
    // Rotations are serialised: a swap still loading is replaced by the newer token.
    this.newest = record;
    this.rotation = this.rotation.then(() => this.rotate(record, reason));
  }

  private onTokenEvent(event: TokenEvent): void {
    if (this.current.kind === 'stopped') return;
    if (event.type === 'error') {
      this.fail(event.error);
    } else if (event.type === 'token' && !this.manager.singleUse) {
      this.queueRotation(event.record, event.reason);
    }
  }

  private async rotate(record: TokenRecord, reason: TokenReason): Promise<void> {
    const status = this.current;
    if (status.kind === 'loading') {
      status.missed = { record, reason };
      return;
    }
    // In the error state, a token arriving (from another tab, or a refresh) recovers the embed.
    if (status.kind === 'error') return this.loadFresh(reason);
    if (status.kind !== 'ready') return;
    if (record.token === status.framed.token) {
      // The provider handed back the very token the frame refused: Biuwer refuses it again.
      if (record.token === status.refused) this.fail(rejected());
      // Otherwise it is already on its way (a refusal reported while its swap was held).
      return;
    }
    let deferredMs = 0;
    if (!this.stage.acceptsTokenMessages) {
      // A swap throws away what the user did in the frame: wait until nobody uses it.
      try {
        deferredMs = await this.swaps.hold(status.shown, reason, this.held.signal);
      } catch (error) {
        if (this.current === status) this.fail(error);
        return;
      }
      // A newer token arrived meanwhile: its rotation, queued next, swaps once instead.
      if (this.current !== status || this.newest?.token !== record.token) return;
    }
    if (!isUsable(record, this.host.clock.now())) {
      // Queued behind a slow swap (or a sleep): this token may have expired meanwhile.
      try {
        record = await this.manager.getToken({ signal: this.abort.signal });
      } catch (error) {
        if (this.current === status) this.fail(error);
        return;
      }
      if (this.current !== status) return;
    }
    status.afterRejection = reason === 'rejected';
    status.framed = record;
    if (this.stage.sendToken(record.token)) {
      status.shown = record;
      this.host.onTokenDelivered(detailFor(record, reason, 'message'));
      return;
    }
    try {
      // Loaded hidden, the new frame may wait again: the user may have come back meanwhile.
      await this.stage.show(record.token, async (signal) => {
        deferredMs += await this.swaps.hold(status.shown, reason, signal);
      });
    } catch (error) {
      if (this.current === status) this.fail(error);
      return;
    }
    if (this.current !== status) return;
    status.shown = record;
    this.swaps.swapped();
    this.host.onLoad(true);
    this.host.onTokenDelivered(detailFor(record, reason, 'swap', deferredMs));
  }

  private onMessage(message: FrameMessage, sender: HTMLIFrameElement): void {
    const status = this.current;
    if (status.kind !== 'loading' && status.kind !== 'ready') return;
    if (message.type === 'resize' && this.host.autoHeight) {
      this.host.onContentHeight(message.height);
    } else if (message.type === 'ready') {
      // Content shown (features announced) by the frame holding the replacement: it took
      // the token, so a later refusal is a new revocation to ask about, not a second one.
      if (message.features.length && status.framed) {
        if (nameCarriesToken(sender.name, status.framed.token)) status.afterRejection = false;
      }
    } else if (message.type === 'token-expired') {
      const current = this.manager.current;
      if (this.manager.singleUse) {
        void this.loadFresh('rejected');
      } else if (current && !nameCarriesToken(sender.name, current.token)) {
        // The frame refused a token that was replaced meanwhile (by another embed of the
        // session, or a refresh while it loaded): move it to the current one, unless that
        // is already on its way, rather than discard a good token with another call. A swap
        // held for an idle moment goes now: the user already sees "content not found".
        this.swaps.hurry();
        if (status.framed?.token !== current.token) this.queueRotation(current, 'rejected');
      } else if (status.afterRejection) {
        // A token fetched because Biuwer refused the previous one was refused as well.
        this.fail(rejected());
      } else {
        status.afterRejection = true;
        status.refused = current?.token;
        this.refresh('rejected').catch((error) => this.fail(error));
      }
    }
  }

  /** Shows the error once: a failure reaches the run both as an event and a rejection. */
  private fail(error: unknown): void {
    const kind = this.current.kind;
    if (kind === 'stopped' || kind === 'error' || kind === 'idle') return;
    if (isEmbedError(error, 'ABORTED')) return;
    this.stage.dispose();
    this.set({ kind: 'error', error: toEmbedError(error) });
  }
}

const rejected = () =>
  new EmbedError('TOKEN_REJECTED', 'The Biuwer instance refused the access token.');

function detailFor(
  record: TokenRecord,
  reason: TokenReason,
  delivery: BiuwerTokenRefreshDetail['delivery'],
  deferredMs = 0,
): BiuwerTokenRefreshDetail {
  return { expiresAt: record.expiresAt ?? null, reason, delivery, deferredMs };
}
