import type { Clock } from '../../core/clock.js';
import { EmbedError, isEmbedError, toEmbedError } from '../../core/errors.js';
import type { TokenEvent, TokenManager } from '../../core/token-manager.js';
import type { TokenReason, TokenRecord } from '../../core/types.js';
import { nameCarriesToken } from '../../frame/frame-name.js';
import type { FrameMessage } from '../../frame/protocol.js';
import { isUsable } from '../../core/refresh-timing.js';
import type { BiuwerTokenRefreshDetail } from '../events.js';
import { FrameStage, type FrameOptions } from './frame-stage.js';

/** A token that arrived while the first frame was loading, applied once it has loaded. */
interface Missed {
  record: TokenRecord;
  reason: TokenReason;
}

/**
 * Where a run is, in one value (as Lit's `TaskStatus`). `framed` is the newest record put
 * into a frame, live or still loading; `afterRejection` says the frame's token came from a
 * refresh the frame's own refusal triggered. Each loading or ready value is a fresh object,
 * so an await compares identity to learn whether it was superseded meanwhile.
 */
export type RunStatus =
  | { kind: 'idle' }
  | {
      kind: 'loading';
      reason: TokenReason;
      afterRejection: boolean;
      framed?: TokenRecord;
      missed?: Missed;
    }
  | { kind: 'ready'; afterRejection: boolean; framed: TokenRecord }
  | { kind: 'error'; error: EmbedError }
  | { kind: 'stopped' };

type Loading = Extract<RunStatus, { kind: 'loading' }>;
type Ready = Extract<RunStatus, { kind: 'ready' }>;

export interface RunnerHost {
  clock: Clock;
  stage: HTMLElement;
  readonly autoHeight: boolean;
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
  private readonly stage: FrameStage;
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
    this.unsubscribe?.();
    this.releaseRetain?.();
    this.stage.dispose();
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
    const ready: Ready = { kind: 'ready', afterRejection: run.afterRejection, framed: record };
    this.set(ready);
    this.host.onLoad(false);
    this.host.onTokenDelivered(detailFor(record, reason, 'load'));
    // A refresh finished while the frame was loading (the frame may have refused its token
    // before its load event): the loaded frame holds the older token, so rotate it now.
    const missed = run.missed;
    if (missed && missed.record.token !== record.token) {
      this.queueRotation(missed.record, missed.reason);
    }
  }

  private queueRotation(record: TokenRecord, reason: TokenReason): void {
    // Rotations are serialised: a swap still loading is replaced by the newer token.
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
      this.host.onTokenDelivered(detailFor(record, reason, 'message'));
      return;
    }
    try {
      await this.stage.show(record.token);
    } catch (error) {
      if (this.current === status) this.fail(error);
      return;
    }
    if (this.current !== status) return;
    this.host.onLoad(true);
    this.host.onTokenDelivered(detailFor(record, reason, 'swap'));
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
        // is already on its way, rather than discard a good token with another call.
        if (status.framed?.token !== current.token) this.queueRotation(current, 'rejected');
      } else if (status.afterRejection) {
        // A token fetched because Biuwer refused the previous one was refused as well.
        this.fail(
          new EmbedError('TOKEN_REJECTED', 'The Biuwer instance refused the access token.'),
        );
      } else {
        status.afterRejection = true;
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

function detailFor(
  record: TokenRecord,
  reason: TokenReason,
  delivery: BiuwerTokenRefreshDetail['delivery'],
): BiuwerTokenRefreshDetail {
  return { expiresAt: record.expiresAt ?? null, reason, delivery };
}
