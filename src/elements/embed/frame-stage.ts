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
  private live?: LiveFrame;
  private pending?: AbortController;

  constructor(
    private readonly container: HTMLElement,
    private options: FrameOptions,
    private readonly clock: Clock,
    /** `frame` is the one that sent the message: the live one, or one still loading. */
    private readonly onMessage: (message: FrameMessage, frame: HTMLIFrameElement) => void,
  ) {}

  get current(): HTMLIFrameElement | undefined {
    return this.live?.frame;
  }

  /** True when the live frame announced it can take a new token by message. */
  get acceptsTokenMessages(): boolean {
    return this.live?.channel.features.has('token') ?? false;
  }

  /**
   * Loads a frame with this token and makes it the live one once loaded. Each frame has its
   * own channel, so an incoming frame's `ready` is not lost while the old one is still shown.
   * `beforeCommit` may hold the loaded frame hidden until the swap may happen (rotate="idle");
   * its signal aborts when a newer show() or dispose() takes over.
   */
  async show(
    token: string,
    beforeCommit?: (signal: AbortSignal) => Promise<unknown>,
  ): Promise<void> {
    this.pending?.abort();
    const pending = new AbortController();
    this.pending = pending;
    const frame = createFrame({ ...this.options, token, document: this.container.ownerDocument });
    const channel = new FrameChannel({
      frame: () => frame,
      instanceOrigin: this.options.instanceOrigin,
      onMessage: (message) => this.onMessage(message, frame),
    });
    channel.connect();
    if (this.live) frame.classList.add('incoming');
    try {
      await loadFrame(frame, this.container, {
        timeoutMs: this.options.timeoutMs,
        clock: this.clock,
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
      if (this.pending === pending) this.pending = undefined;
    }
    const previous = this.live;
    this.live = { frame, channel };
    frame.classList.remove('incoming');
    previous?.channel.disconnect();
    previous?.frame.remove();
  }

  /** A new accessible title: set on the live frame (and any loading one) and on later ones. */
  setTitle(title: string): void {
    this.options = { ...this.options, title };
    for (const frame of this.container.querySelectorAll('iframe')) frame.title = title;
  }

  /** Hands a fresh token to the live frame by message; false if it cannot take one. */
  sendToken(token: string): boolean {
    const live = this.live;
    if (!live || !this.acceptsTokenMessages || !live.channel.sendToken(token)) return false;
    // Keep the frame's name in step, so the superseded token does not linger in the DOM and
    // a navigation inside the frame starts from the current token.
    live.frame.name = buildFrameName(this.options.resource, token);
    return true;
  }

  dispose(): void {
    this.pending?.abort();
    this.pending = undefined;
    this.live?.channel.disconnect();
    this.live = undefined;
    for (const stray of this.container.querySelectorAll('iframe')) stray.remove();
  }
}

interface LiveFrame {
  frame: HTMLIFrameElement;
  channel: FrameChannel;
}
