import type { Clock } from '../../core/clock.js';
import { EmbedError } from '../../core/errors.js';
import type { TokenEvent } from '../../core/token-manager.js';
import type { TokenReason, TokenRecord } from '../../core/types.js';
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
  private rotation: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: RunnerHost,
    private readonly bound: BoundManager,
    frame: FrameOptions,
  ) {
    this.stage = new FrameStage(host.stage, frame, host.clock, (message) =>
      this.onMessage(message),
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
    this.host.onLoading();
    try {
      const record = await this.bound.manager.getToken({ signal: this.abort.signal });
      if (this.stopped) return;
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
  }

  private onTokenEvent(event: TokenEvent): void {
    if (this.stopped) return;
    if (event.type === 'error') {
      this.fail(event.error);
    } else if (event.type === 'token' && !this.bound.manager.singleUse) {
      // Rotations are serialised: a swap still loading is replaced by the newer token.
      this.rotation = this.rotation.then(() => this.rotate(event.record, event.reason));
    }
  }

  private async rotate(record: TokenRecord, reason: TokenReason): Promise<void> {
    if (this.stopped || this.loading) return;
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

  private onMessage(message: FrameMessage): void {
    if (this.stopped) return;
    if (message.type === 'resize' && this.host.autoHeight) {
      this.host.onContentHeight(message.height);
    } else if (message.type === 'token-expired') {
      if (this.bound.manager.singleUse) {
        void this.loadFresh('rejected');
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
