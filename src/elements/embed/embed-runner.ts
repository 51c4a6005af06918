import type { Clock } from '../../core/clock.js';
import { EmbedError } from '../../core/errors.js';
import type { TokenEvent } from '../../core/token-manager.js';
import type { TokenReason, TokenRecord } from '../../core/types.js';
import { nameCarriesToken } from '../../frame/frame-name.js';
import type { FrameMessage } from '../../frame/protocol.js';
import { isUsable } from '../../core/refresh-timing.js';
import type { BiuwerTokenRefreshDetail } from '../events.js';
import { FrameStage, isAbort, type FrameOptions } from './frame-stage.js';
import type { BoundManager } from './token-binding.js';

export interface RunnerHost {
  clock: Clock;
  stage: HTMLElement;
  autoHeight: boolean;
  onLoading(): void;
  onReady(rotated: boolean): void;
  onError(error: EmbedError): void;
  onTokenDelivered(detail: BiuwerTokenRefreshDetail): void;
  onContentHeight(height: number): void;
}

/**
 * One run of an embed: gets a token from the shared manager, loads the frame, rotates it
 * when the manager refreshes, and stops everything on `stop()`. A new run replaces it on
 * every configuration change, so a stale run can never touch the element.
 */
export class EmbedRunner {
  private readonly abort = new AbortController();
  private readonly stage: FrameStage;
  private unsubscribe?: () => void;
  private releaseRetain?: () => void;
  private ready = false;
  private loading = false;
  /** Set once an error is shown; a failure reaches us both as an event and a rejection. */
  private failed = false;
  /** The live frame's token came from a refresh triggered by the frame's own rejection. */
  private afterRejection = false;
  /** The newest record put into a frame (live or still loading). */
  private framed?: TokenRecord;
  /** A token that arrived while the first frame was loading, applied once it has loaded. */
  private missed?: { record: TokenRecord; reason: TokenReason };
  private rotation: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: RunnerHost,
    private readonly bound: BoundManager,
    frame: FrameOptions,
  ) {
    this.stage = new FrameStage(host.stage, frame, host.clock, (message, sender) =>
      this.onMessage(message, sender),
    );
  }

  get frame(): HTMLIFrameElement | undefined {
    return this.stage.current;
  }

  start(): void {
    const { manager } = this.bound;
    this.unsubscribe = manager.subscribe((event) => this.onTokenEvent(event));
    this.releaseRetain = manager.retain();
    void this.loadFresh('initial');
  }

  stop(): void {
    this.abort.abort();
    this.unsubscribe?.();
    this.releaseRetain?.();
    this.stage.dispose();
    this.bound.release();
  }

  /** Asks the manager for a new token; the resulting 'token' event rotates the frame. */
  async refresh(reason: TokenReason = 'refresh'): Promise<void> {
    await this.bound.manager.refreshToken(reason);
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loadFresh(reason: TokenReason): Promise<void> {
    this.ready = false;
    this.loading = true;
    this.failed = false;
    this.afterRejection = reason === 'rejected';
    this.missed = undefined;
    this.host.onLoading();
    try {
      const record = await this.bound.manager.getToken({ signal: this.abort.signal });
      if (this.stopped) return;
      this.framed = record;
      await this.stage.show(record.token);
      if (this.stopped) return;
      this.ready = true;
      this.host.onReady(false);
      this.host.onTokenDelivered(detailFor(record, reason, 'load'));
    } catch (error) {
      this.fail(error);
    } finally {
      this.loading = false;
    }
    // A refresh finished while the frame was loading (the frame may have refused its token
    // before its load event): the loaded frame holds the older token, so rotate it now.
    const missed = this.takeMissed();
    if (missed && this.ready && missed.record.token !== this.framed?.token) {
      this.queueRotation(missed.record, missed.reason);
    }
  }

  /** Reads and clears `missed`. (Inline, TypeScript keeps the `undefined` it was reset to
   *  before the load's awaits, though `rotate` may have set it meanwhile.) */
  private takeMissed(): EmbedRunner['missed'] {
    const missed = this.missed;
    this.missed = undefined;
    return missed;
  }

  private queueRotation(record: TokenRecord, reason: TokenReason): void {
    // Rotations are serialised: a swap still loading is replaced by the newer token.
    this.rotation = this.rotation.then(() => this.rotate(record, reason));
  }

  private onTokenEvent(event: TokenEvent): void {
    if (this.stopped) return;
    if (event.type === 'error') {
      this.fail(event.error);
    } else if (event.type === 'token' && !this.bound.manager.singleUse) {
      this.queueRotation(event.record, event.reason);
    }
  }

  private async rotate(record: TokenRecord, reason: TokenReason): Promise<void> {
    if (this.stopped) return;
    if (this.loading) {
      this.missed = { record, reason };
      return;
    }
    // In the error state, a token arriving (from another tab, or a refresh) recovers the embed.
    if (!this.ready) return this.loadFresh(reason);
    if (!isUsable(record, this.host.clock.now())) {
      // Queued behind a slow swap (or a sleep): this token may have expired meanwhile.
      try {
        record = await this.bound.manager.getToken({ signal: this.abort.signal });
      } catch (error) {
        this.fail(error);
        return;
      }
      if (this.stopped) return;
    }
    this.afterRejection = reason === 'rejected';
    this.framed = record;
    if (this.stage.sendToken(record.token)) {
      this.host.onTokenDelivered(detailFor(record, reason, 'message'));
      return;
    }
    try {
      await this.stage.show(record.token);
      if (this.stopped) return;
      this.host.onReady(true);
      this.host.onTokenDelivered(detailFor(record, reason, 'swap'));
    } catch (error) {
      this.fail(error);
    }
  }

  private onMessage(message: FrameMessage, sender: HTMLIFrameElement): void {
    if (this.stopped) return;
    if (message.type === 'resize' && this.host.autoHeight) {
      this.host.onContentHeight(message.height);
    } else if (message.type === 'token-expired') {
      const current = this.bound.manager.current;
      if (this.bound.manager.singleUse) {
        void this.loadFresh('rejected');
      } else if (current && !nameCarriesToken(sender.name, current.token)) {
        // The frame refused a token that was replaced meanwhile (by another embed of the
        // session, or a refresh while it loaded): move it to the current one, unless that
        // is already on its way, rather than discard a good token with another call.
        if (this.framed?.token !== current.token) this.queueRotation(current, 'rejected');
      } else if (this.afterRejection) {
        // A token fetched because Biuwer refused the previous one was refused as well.
        this.fail(
          new EmbedError('TOKEN_REJECTED', 'The Biuwer instance refused the access token.'),
        );
      } else {
        this.afterRejection = true;
        this.refresh('rejected').catch((error) => this.fail(error));
      }
    }
  }

  private fail(error: unknown): void {
    if (this.stopped || isAbort(error) || this.failed) return;
    this.failed = true;
    this.ready = false;
    this.stage.dispose();
    this.host.onError(
      error instanceof EmbedError
        ? error
        : new EmbedError('TOKEN_PROVIDER_FAILED', 'Something went wrong while loading.', {
            cause: error,
          }),
    );
  }
}

function detailFor(
  record: TokenRecord,
  reason: TokenReason,
  delivery: BiuwerTokenRefreshDetail['delivery'],
): BiuwerTokenRefreshDetail {
  return { expiresAt: record.expiresAt ?? null, reason, delivery };
}
