/**
 * The optional host⇄frame message protocol (DESIGN §5). Biuwer documents no such protocol,
 * so everything here must be harmless when the frame never speaks: the channel only listens,
 * and only ever posts to the exact instance origin.
 */
import { EmbedError } from '../core/errors.js';
import { parseInstance, validateToken } from '../core/validate.js';

export const PROTOCOL_VERSION = 1;

/** Bounds on what a frame can make us keep; a hostile frame gets nothing large accepted. */
export const MAX_FEATURES = 16;
export const MAX_FEATURE_LENGTH = 64;
export const MAX_HEIGHT = 100_000;

export type FrameMessage =
  | { biuwer: 1; type: 'ready'; features: readonly string[] }
  | { biuwer: 1; type: 'resize'; height: number }
  | { biuwer: 1; type: 'token-expired' };

export interface HostTokenMessage {
  biuwer: 1;
  type: 'token';
  token: string;
}

/**
 * Returns a fresh, normalized message when `data` is a well-formed frame→host message, else
 * `undefined`. Unknown extra fields are dropped rather than refused, so a newer frame that
 * adds fields still talks to this kit.
 */
export function parseFrameMessage(data: unknown): FrameMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const msg = data as Record<string, unknown>;
  if (msg.biuwer !== PROTOCOL_VERSION) return undefined;
  switch (msg.type) {
    case 'ready': {
      const features = parseFeatures(msg.features);
      return features && { biuwer: 1, type: 'ready', features };
    }
    case 'resize': {
      const height = msg.height;
      if (typeof height !== 'number' || !(height >= 0 && height <= MAX_HEIGHT)) return undefined;
      return { biuwer: 1, type: 'resize', height };
    }
    case 'token-expired':
      return { biuwer: 1, type: 'token-expired' };
    default:
      return undefined;
  }
}

function parseFeatures(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_FEATURES) return undefined;
  const features = new Set<string>();
  for (const feature of value) {
    if (
      typeof feature !== 'string' ||
      feature.length === 0 ||
      feature.length > MAX_FEATURE_LENGTH
    ) {
      return undefined;
    }
    features.add(feature);
  }
  return [...features];
}

export interface FrameChannelOptions {
  /** The frame currently shown; it changes when a seamless swap replaces the frame. */
  frame: () => HTMLIFrameElement | undefined;
  /** Serialized origin of the Biuwer instance, e.g. `https://acme.biuwer.com`. */
  instanceOrigin: string;
  /** Called for accepted messages only. */
  onMessage: (message: FrameMessage) => void;
  /** The window to listen on; defaults to the global one. */
  window?: Window;
}

const NO_FEATURES: ReadonlySet<string> = new Set();

/**
 * Listens for protocol messages from the current frame and sends it new tokens.
 *
 * Any script or frame can post to our window, so a message counts only when it comes from
 * the current frame's window AND from the instance origin: the origin check alone would
 * accept a second frame of the same instance (another user's embed), the source check alone
 * would accept whatever page that frame has navigated to.
 */
export class FrameChannel {
  private readonly opts: FrameChannelOptions;
  private readonly win: Window;
  private connected = false;
  private announced: ReadonlySet<string> = NO_FEATURES;
  /** The window that announced `announced`; features are void once the frame is swapped. */
  private announcer: Window | null = null;

  constructor(options: FrameChannelOptions) {
    // A '*' or malformed target origin would make postMessage deliver tokens anywhere (or
    // throw). It must also be exactly the serialized origin, since `event.origin` is compared
    // to it as a string.
    if (parseInstance(options.instanceOrigin) !== options.instanceOrigin) {
      throw new EmbedError('INVALID_INSTANCE', 'The instance must be given as a bare origin.');
    }
    this.opts = options;
    this.win = options.window ?? window;
  }

  connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.win.addEventListener('message', this.handleMessage);
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.win.removeEventListener('message', this.handleMessage);
  }

  /** Features announced by the current frame's last `ready`; empty until then. */
  get features(): ReadonlySet<string> {
    const current = this.opts.frame()?.contentWindow ?? null;
    return current !== null && current === this.announcer ? this.announced : NO_FEATURES;
  }

  /**
   * Hands `token` to the frame when it announced the `token` feature. Returns false, having
   * posted nothing, otherwise; the caller then falls back to a seamless swap.
   *
   * @throws EmbedError `INVALID_TOKEN`
   */
  sendToken(token: string): boolean {
    validateToken(token);
    const target = this.opts.frame()?.contentWindow;
    if (!target || !this.features.has('token')) return false;
    const message: HostTokenMessage = { biuwer: 1, type: 'token', token };
    // Exactly the instance origin: if the frame has navigated elsewhere meanwhile, the
    // browser drops the message instead of handing the token to that page.
    target.postMessage(message, this.opts.instanceOrigin);
    return true;
  }

  // An arrow property so the same function object is added and removed.
  private readonly handleMessage = (event: MessageEvent): void => {
    // Cheapest checks first: a flood of forged messages costs one string compare each.
    if (event.origin !== this.opts.instanceOrigin) return;
    const current = this.opts.frame()?.contentWindow;
    if (!current || event.source !== current) return;
    const message = parseFrameMessage(event.data);
    if (!message) return;
    if (message.type === 'ready') {
      this.announced = new Set(message.features);
      this.announcer = current;
    }
    this.opts.onMessage(message);
  };
}
