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
  | { kind: 'error'; error: EmbedError; refused?: string }
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
  private readonly abort_ = new AbortController();
  /** Aborts the swaps held for the current status once it is over (an error, a reload). */
  private held_ = new AbortController();
  private readonly stage_: FrameStage;
  private readonly swaps_: SwapGate;
  /** The newest record queued for rotation: an older one still held is superseded by it. */
  private newest_?: TokenRecord;
  private unsubscribe_?: () => void;
  private releaseRetain_?: () => void;
  private current_: RunStatus = { kind: 'idle' };
  private rotation_: Promise<void> = Promise.resolve();
  /** Aborts the swap loading now: the live frame has announced it takes tokens by message. */
  private swap_?: AbortController;

  constructor(
    private readonly host_: RunnerHost,
    private readonly manager_: TokenManager,
    frame: FrameOptions,
  ) {
    this.stage_ = new FrameStage(host_.stage, frame, host_.clock, (message, sender) =>
      this.onMessage_(message, sender),
    );
    this.swaps_ = new SwapGate(host_.stage, host_.clock, host_.rotate);
  }

  get status(): RunStatus {
    return this.current_;
  }

  get frame(): HTMLIFrameElement | undefined {
    return this.stage_.current;
  }

  start(): void {
    if (this.current_.kind !== 'idle') return;
    this.unsubscribe_ = this.manager_.subscribe((event) => this.onTokenEvent_(event));
    this.releaseRetain_ = this.manager_.retain();
    void this.loadFresh_('initial');
  }

  stop(): void {
    this.current_ = { kind: 'stopped' };
    this.abort_.abort();
    this.held_.abort();
    this.unsubscribe_?.();
    this.releaseRetain_?.();
    this.stage_.dispose();
    this.swaps_.dispose();
  }

  /** `rotate` changed: applies to the swap waiting now and later ones, without a reload. */
  setRotate(mode: RotateMode): void {
    this.swaps_.setMode(mode);
  }

  /** The frame's accessible title: the live frame takes it at once, without a reload. */
  setTitle(title: string): void {
    this.stage_.setTitle(title);
  }

  /** Asks the manager for a new token; the resulting 'token' event rotates the frame. */
  async refresh(reason: TokenReason = 'refresh'): Promise<void> {
    await this.manager_.refreshToken(reason);
  }

  private set_(status: RunStatus): void {
    this.held_.abort();
    this.held_ = new AbortController();
    this.current_ = status;
    this.host_.onStatus(status);
  }

  private async loadFresh_(reason: TokenReason): Promise<void> {
    const run: Loading = { kind: 'loading', reason, afterRejection: reason === 'rejected' };
    this.set_(run);
    let record: TokenRecord;
    try {
      record = await this.manager_.getToken({ signal: this.abort_.signal });
      if (this.current_ !== run) return;
      run.framed = record;
      await this.stage_.show(record.token);
      if (this.current_ !== run) return;
    } catch (error) {
      if (this.current_ === run) this.fail_(error);
      return;
    }
    const ready: Ready = {
      kind: 'ready',
      afterRejection: run.afterRejection,
      framed: record,
      shown: record,
      refused: run.refused,
    };
    this.swaps_.swapped();
    this.updateWatch_();
    this.set_(ready);
    this.host_.onLoad(false);
    this.host_.onTokenDelivered(detailFor(record, reason, 'load'));
    // A refresh finished while the frame was loading (the frame may have refused its token
    // before its load event): the loaded frame holds the older token, so rotate it now.
    const missed = run.missed;
    if (missed) this.queueRotation_(missed.record, missed.reason);
  }

  private queueRotation_(record: TokenRecord, reason: TokenReason): void {
    // Rotations are serialised: a swap still loading is replaced by the newer token.
    this.newest_ = record;
    this.rotation_ = this.rotation_.then(() => this.rotate_(record, reason));
  }

  private onTokenEvent_(event: TokenEvent): void {
    if (this.current_.kind === 'stopped') return;
    if (event.type === 'error') {
      this.fail_(event.error);
    } else if (event.type === 'token' && !this.manager_.singleUse) {
      this.queueRotation_(event.record, event.reason);
    }
  }

  private async rotate_(record: TokenRecord, reason: TokenReason): Promise<void> {
    const status = this.current_;
    if (status.kind === 'loading') {
      status.missed = { record, reason };
      return;
    }
    // In the error state, a token arriving (from another tab, or a refresh) recovers the embed.
    // The very token Biuwer refused (another embed's refresh got it back) recovers nothing.
    if (status.kind === 'error') {
      return record.token === status.refused ? undefined : this.loadFresh_(reason);
    }
    if (status.kind !== 'ready') return;
    if (record.token === status.framed.token) {
      // The provider handed back the very token the frame refused: Biuwer refuses it again.
      if (record.token === status.refused) this.fail_(rejected());
      // Otherwise it is already on its way (a refusal reported while its swap was held).
      return;
    }
    let deferredMs = 0;
    if (!this.stage_.acceptsTokenMessages) {
      // A swap throws away what the user did in the frame: wait until nobody uses it.
      try {
        deferredMs = await this.swaps_.hold(status.shown, reason, this.held_.signal);
      } catch (error) {
        if (this.current_ === status) this.fail_(error);
        return;
      }
      // A newer token arrived meanwhile: its rotation, queued next, swaps once instead.
      if (this.current_ !== status || this.newest_?.token !== record.token) return;
    }
    if (!isUsable(record, this.host_.clock.now())) {
      // Queued behind a slow swap (or a sleep): this token may have expired meanwhile.
      try {
        record = await this.manager_.getToken({ signal: this.abort_.signal });
      } catch (error) {
        if (this.current_ === status) this.fail_(error);
        return;
      }
      if (this.current_ !== status) return;
    }
    status.afterRejection = reason === 'rejected';
    status.framed = record;
    if (this.stage_.sendToken(record.token)) {
      status.shown = record;
      this.host_.onTokenDelivered(detailFor(record, reason, 'message'));
      return;
    }
    const swap = (this.swap_ = new AbortController());
    try {
      // Loaded hidden, the new frame may wait again: the user may have come back meanwhile.
      await this.stage_.show(
        record.token,
        async (signal) => {
          deferredMs += await this.swaps_.hold(status.shown, reason, signal);
        },
        swap.signal,
      );
    } catch (error) {
      if (this.current_ !== status) return;
      // The live frame announced the protocol while the swap loaded (a refresh that landed
      // during its first load): hand it the token instead of reloading it.
      if (swap.signal.aborted && this.stage_.sendToken(record.token)) {
        status.shown = record;
        this.host_.onTokenDelivered(detailFor(record, reason, 'message'));
      } else {
        this.fail_(error);
      }
      return;
    } finally {
      if (this.swap_ === swap) this.swap_ = undefined;
    }
    if (this.current_ !== status) return;
    status.shown = record;
    this.swaps_.swapped();
    this.updateWatch_();
    this.host_.onLoad(true);
    this.host_.onTokenDelivered(detailFor(record, reason, 'swap', deferredMs));
  }

  private onMessage_(message: FrameMessage, sender: HTMLIFrameElement): void {
    const status = this.current_;
    if (status.kind !== 'loading' && status.kind !== 'ready') return;
    if (message.type === 'resize' && this.host_.autoHeight) {
      this.host_.onContentHeight(message.height);
    } else if (message.type === 'ready') {
      // The live frame may have just announced it takes tokens by message: a swap loading
      // for it gives way (before the watch below would let that swap commit).
      if (sender === this.stage_.current && this.stage_.acceptsTokenMessages) this.swap_?.abort();
      this.updateWatch_();
      // Content shown (features announced) by the frame holding the replacement: it took
      // the token, so a later refusal is a new revocation to ask about, not a second one.
      if (message.features.length && status.framed) {
        if (nameCarriesToken(sender.name, status.framed.token)) status.afterRejection = false;
      }
    } else if (message.type === 'token-expired') {
      const current = this.manager_.current;
      if (this.manager_.singleUse) {
        void this.loadFresh_('rejected');
      } else if (current && !nameCarriesToken(sender.name, current.token)) {
        // The frame refused a token that was replaced meanwhile (by another embed of the
        // session, or a refresh while it loaded): move it to the current one, unless that
        // is already on its way, rather than discard a good token with another call. A swap
        // held for an idle moment goes now: the user already sees "content not found".
        this.swaps_.hurry();
        if (status.framed?.token !== current.token) this.queueRotation_(current, 'rejected');
      } else {
        // The token this frame holds: the current one, or the framed one while a 'rejected'
        // refresh (another embed's) has set the current one aside.
        const framed = status.framed?.token;
        status.refused = framed && nameCarriesToken(sender.name, framed) ? framed : current?.token;
        if (status.afterRejection) {
          // A token fetched because Biuwer refused the previous one was refused as well.
          this.fail_(rejected());
          return;
        }
        status.afterRejection = true;
        this.refresh('rejected').catch((error) => this.fail_(error));
      }
    }
  }

  /**
   * Watches for an idle moment only while a live frame takes new tokens by swap alone: a
   * frame that takes them by message (the protocol) is never swapped, so it needs no watch.
   */
  private updateWatch_(): void {
    this.swaps_.setSwaps(!!this.stage_.current && !this.stage_.acceptsTokenMessages);
  }

  /** Shows the error once: a failure reaches the run both as an event and a rejection. */
  private fail_(error: unknown): void {
    const kind = this.current_.kind;
    if (kind === 'stopped' || kind === 'error' || kind === 'idle') return;
    if (isEmbedError(error, 'ABORTED')) return;
    this.stage_.dispose();
    this.updateWatch_();
    const refused = 'refused' in this.current_ ? this.current_.refused : undefined;
    this.set_({ kind: 'error', error: toEmbedError(error), refused });
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
