/**
 * Shared tools of the hardening suite: a provider that knows every token's validity, a probe
 * that watches an embed (events, every iframe ever inserted, the expiry of the token in each
 * frame name) and leak checks for token text.
 */
import { fixtureSync, html } from '@open-wc/testing';
import type { Clock } from '../../src/core/clock.js';
import type { TokenContext, TokenGrant } from '../../src/core/types.js';
import type { BiuwerEmbedElement } from '../../src/elements/embed/embed-element.js';
import { RESOURCES, SIM_INSTANCE, issueToken } from '../helpers/sim.js';
import { WAIT_MS } from '../helpers/wait.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** A distinctive string that appears in every fake token, so leak checks can grep for it. */
export const MARKER = 'ZQXsecretMARKER';

/** A syntactically valid fake token carrying the marker. */
export const fakeToken = (n: number | string = 1): string => `${MARKER}${n}x0123456789abcdef`;

/** Seeded PRNG (mulberry32): fault patterns reproduce run after run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Validity {
  /** Local epoch ms (on the element's clock). */
  expiresAt?: number;
  notBefore?: number;
}

/**
 * A token provider over a pool of real simulator tokens issued up front (valid for 90 days
 * on the simulator's real clock), so it answers in fake time only and the fake clock can run
 * hours without racing real network I/O. Each grant gets an explicit `expiresAt` on the
 * element's clock; `validity` records it, so a probe can tell whether a frame got a token
 * that had already expired.
 */
export class TokenBank {
  readonly validity = new Map<string, Validity>();
  /** Monotonic-agnostic call log: `clock.now()` at start, and whether it failed. */
  readonly log: Array<{ at: number; reason: string; ok?: boolean }> = [];
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  lifetimeMs = HOUR;
  /** Provider latency on the fake clock. */
  delayMs = 0;
  /** Decides per call whether it fails (called with the 1-based call number). */
  shouldFail: (call: number) => boolean = () => false;
  private next = 0;

  constructor(
    readonly clock: Clock,
    readonly pool: readonly string[],
  ) {}

  static async create(clock: Clock, size = 12): Promise<TokenBank> {
    const issued = await Promise.all(
      Array.from({ length: size }, () => issueToken({ validForMs: 90 * 86_400_000 })),
    );
    return new TokenBank(
      clock,
      issued.map((i) => i.token),
    );
  }

  readonly provider = async (ctx: TokenContext): Promise<TokenGrant> => {
    const call = ++this.calls;
    const entry: { at: number; reason: string; ok?: boolean } = {
      at: this.clock.now(),
      reason: ctx.reason,
    };
    this.log.push(entry);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.wait(ctx.signal);
      if (this.shouldFail(call)) {
        entry.ok = false;
        throw Object.assign(new Error('The token backend answered 503.'), { status: 503 });
      }
      const token = this.pool[this.next++ % this.pool.length];
      const expiresAt = this.clock.now() + this.lifetimeMs;
      this.validity.set(token, { expiresAt });
      entry.ok = true;
      return { token, expiresAt };
    } finally {
      this.inFlight--;
    }
  };

  private wait(signal: AbortSignal): Promise<void> {
    if (this.delayMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const handle = this.clock.setTimeout(resolve, this.delayMs);
      signal.addEventListener(
        'abort',
        () => {
          this.clock.clearTimeout(handle);
          reject(new Error('aborted'));
        },
        { once: true },
      );
    });
  }
}

export interface Probe {
  events: Array<{ type: string; detail: unknown }>;
  /** Every iframe ever inserted into the embed's shadow root. */
  frames: HTMLIFrameElement[];
  /** "no frame with an expired token" violations, with the time they happened. */
  violations: string[];
  codes(): string[];
  stop(): void;
}

const EVENTS = ['biuwer-load', 'biuwer-error', 'biuwer-token-refresh', 'biuwer-state-change'];

/** Token part of a frame name `RESOURCE:AUTH`. */
export const tokenOf = (frame: HTMLIFrameElement): string =>
  frame.name.slice(frame.name.indexOf(':') + 1);

/**
 * Watches an embed. On every iframe inserted into its shadow root (the moment navigation
 * starts) the token in its name is checked against `validity` on the element's clock: known,
 * not expired, already valid.
 */
export function probe(
  el: BiuwerEmbedElement,
  options: { clock?: Clock; validity?: Map<string, Validity> } = {},
): Probe {
  const events: Probe['events'] = [];
  const frames: HTMLIFrameElement[] = [];
  const violations: string[] = [];
  const listener = (event: Event) =>
    events.push({ type: event.type, detail: (event as CustomEvent).detail });
  for (const type of EVENTS) el.addEventListener(type, listener);
  const check = (frame: HTMLIFrameElement): void => {
    frames.push(frame);
    const { clock, validity } = options;
    if (!clock || !validity) return;
    const now = clock.now();
    const token = tokenOf(frame);
    const known = validity.get(token);
    if (!known) violations.push(`frame with an unknown token at ${now}`);
    else if (known.expiresAt !== undefined && !(now < known.expiresAt)) {
      violations.push(`frame with a token expired ${now - known.expiresAt} ms ago`);
    } else if (known.notBefore !== undefined && now < known.notBefore) {
      violations.push(`frame with a token valid only in ${known.notBefore - now} ms`);
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof HTMLIFrameElement) check(node);
        else if (node instanceof Element) node.querySelectorAll('iframe').forEach(check);
      }
    }
  });
  observer.observe(el.shadowRoot!, { childList: true, subtree: true });
  return {
    events,
    frames,
    violations,
    codes: () =>
      events
        .filter((e) => e.type === 'biuwer-error')
        .map((e) => (e.detail as { code: string }).code),
    stop: () => {
      observer.disconnect();
      for (const type of EVENTS) el.removeEventListener(type, listener);
    },
  };
}

/** Records console output while the suite runs, to check no token is ever logged. */
export function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      lines.push(
        args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '),
      );
    };
  }
  return {
    lines,
    restore: () => methods.forEach((m, i) => (console[m] = saved[i])),
  };
}

/**
 * Where a secret must never show up: event details, the shadow DOM's text and attributes, a
 * reflected `token` attribute, error messages. Frame names are the one legitimate place.
 */
export function leaks(
  el: Element,
  p: Probe,
  secrets: readonly string[],
  extra: string[] = [],
): string[] {
  const places: Array<[string, string]> = [
    ['event details', JSON.stringify(p.events)],
    ['shadow DOM text', el.shadowRoot?.textContent ?? ''],
    // The token property is never reflected (other attributes are the integrator's own input).
    ['host token attribute', el.getAttribute('token') ?? ''],
    ['shadow DOM attributes (but frame names)', attributesBut(el.shadowRoot!, 'iframe', 'name')],
    ...extra.map((text, i): [string, string] => [`extra ${i}`, text]),
  ];
  const found: string[] = [];
  for (const secret of secrets) {
    for (const [where, text] of places) if (secret && text.includes(secret)) found.push(where);
  }
  return found;
}

function attributesBut(root: ParentNode, tag: string, attr: string): string {
  const out: string[] = [];
  for (const node of root.querySelectorAll('*')) {
    for (const a of node.attributes) {
      if (node.localName === tag && a.name === attr) continue;
      out.push(`${a.name}=${a.value}`);
    }
  }
  return out.join(' ');
}

/** An eager embed on the simulator, configured by `setup` before it connects. */
export function mount<T extends BiuwerEmbedElement>(
  setup: (el: T) => void,
  tag = 'biuwer-page',
): T {
  const el = document.createElement(tag) as T;
  el.loading = 'eager';
  el.instance = SIM_INSTANCE;
  el.resource = RESOURCES.page;
  setup(el);
  fixtureSync(html`<div>${el}</div>`);
  return el;
}

/** Polls in real time; the default timeout is generous (see test/helpers/wait.ts). */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** An unsigned JWT: the kit only decodes time claims, it never verifies signatures. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const b64 = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: MARKER, ...claims })}.c2ln`;
}

/** Overrides a read-only property on an object, returning an undo function. */
export function stubProperty(target: object, key: PropertyKey, value: unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, get: () => value });
  return () => {
    if (own) Object.defineProperty(target, key, own);
    else delete (target as Record<PropertyKey, unknown>)[key];
  };
}
