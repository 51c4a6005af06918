import type { Clock } from '../../core/clock.js';
import { aborted } from '../../core/errors.js';
import { createFrame, loadFrame } from '../../frame/create-frame.js';
import { buildFrameName } from '../../frame/frame-name.js';
import { FrameChannel, type FrameMessage } from '../../frame/protocol.js';

export interface FrameOptions {
  resource: string;
  instanceOrigin: string;
  sandbox: string;
  allow: string;
  referrerPolicy: string;
  title: string;
  timeoutMs: number;
}

/**
 * Owns the iframe(s) inside an embed's shadow root: the first load, the seamless swap
 * (a new frame loads hidden and replaces the old one only once it has loaded, so there is
 * never a blank frame) and the optional message channel. No token is kept here.
 */
export class FrameStage {
  private live_?: LiveFrame;
  private pending_?: AbortController;

  constructor(
    private readonly container_: HTMLElement,
    private options_: FrameOptions,
    private readonly clock_: Clock,
    /** `frame` is the one that sent the message: the live one, or one still loading. */
    private readonly onMessage_: (message: FrameMessage, frame: HTMLIFrameElement) => void,
  ) {}

  get current(): HTMLIFrameElement | undefined {
    return this.live_?.frame;
  }

  /** True when the live frame announced it can take a new token by message. */
  get acceptsTokenMessages(): boolean {
    return this.live_?.channel.features.has('token') ?? false;
  }

  /**
   * Loads a frame with this token and makes it the live one once loaded. Each frame has its
   * own channel, so an incoming frame's `ready` is not lost while the old one is still shown.
   * `beforeCommit` may hold the loaded frame hidden until the swap may happen (rotate="idle");
   * its signal aborts when a newer show() or dispose() takes over, or `signal` aborts.
   */
  async show(
    token: string,
    beforeCommit?: (signal: AbortSignal) => Promise<unknown>,
    signal?: AbortSignal,
  ): Promise<void> {
    this.pending_?.abort();
    const pending = new AbortController();
    this.pending_ = pending;
    signal?.addEventListener('abort', () => pending.abort(), { once: true });
    const frame = createFrame({ ...this.options_, token, document: this.container_.ownerDocument });
    const channel = new FrameChannel({
      frame: () => frame,
      instanceOrigin: this.options_.instanceOrigin,
      onMessage: (message) => this.onMessage_(message, frame),
    });
    channel.connect();
    if (this.live_) frame.classList.add('incoming');
    try {
      await loadFrame(frame, this.container_, {
        timeoutMs: this.options_.timeoutMs,
        clock: this.clock_,
        signal: pending.signal,
      });
      if (beforeCommit) await beforeCommit(pending.signal);
      // A newer show() or dispose() took over while this frame waited to be shown.
      if (pending.signal.aborted) throw aborted(pending.signal.reason);
    } catch (error) {
      channel.disconnect();
      frame.remove();
      throw error;
    } finally {
      if (this.pending_ === pending) this.pending_ = undefined;
    }
    const previous = this.live_;
    this.live_ = { frame, channel };
    frame.classList.remove('incoming');
    previous?.channel.disconnect();
    previous?.frame.remove();
  }

  /** A new accessible title: set on the live frame (and any loading one) and on later ones. */
  setTitle(title: string): void {
    this.options_ = { ...this.options_, title };
    for (const frame of this.container_.querySelectorAll('iframe')) frame.title = title;
  }

  /** Hands a fresh token to the live frame by message; false if it cannot take one. */
  sendToken(token: string): boolean {
    const live = this.live_;
    if (!live || !this.acceptsTokenMessages || !live.channel.sendToken(token)) return false;
    // Keep the frame's name in step, so the superseded token does not linger in the DOM and
    // a navigation inside the frame starts from the current token.
    live.frame.name = buildFrameName(this.options_.resource, token);
    return true;
  }

  dispose(): void {
    this.pending_?.abort();
    this.pending_ = undefined;
    this.live_?.channel.disconnect();
    this.live_ = undefined;
    for (const stray of this.container_.querySelectorAll('iframe')) stray.remove();
  }
}

interface LiveFrame {
  frame: HTMLIFrameElement;
  channel: FrameChannel;
}
