import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { EmbedError } from '../../src/core/errors.js';
import type { FrameMessage } from '../../src/frame/protocol.js';
import {
  FrameChannel,
  MAX_FEATURE_LENGTH,
  MAX_FEATURES,
  MAX_HEIGHT,
  parseFrameMessage,
} from '../../src/frame/protocol.js';

const TOKEN = '3f2b9c1e-8d4a-4c57-9a0e-1b2c3d4e5f60';
const PAGE = location.origin;
// The test server answers on both names: one is this page's origin, the other a foreign one.
const OTHER = PAGE.includes('//localhost')
  ? PAGE.replace('//localhost', '//127.0.0.1')
  : PAGE.replace('//127.0.0.1', '//localhost');
const ECHO_PATH = '/test/frame/fixtures/echo-frame.html';

describe('parseFrameMessage', () => {
  const valid: Array<[unknown, FrameMessage]> = [
    [
      { biuwer: 1, type: 'ready', features: ['token', 'resize', 'token'], extra: { big: 'x' } },
      { biuwer: 1, type: 'ready', features: ['token', 'resize'] },
    ],
    [
      { biuwer: 1, type: 'ready', features: [] },
      { biuwer: 1, type: 'ready', features: [] },
    ],
    [
      { biuwer: 1, type: 'resize', height: 640.5 },
      { biuwer: 1, type: 'resize', height: 640.5 },
    ],
    [
      { biuwer: 1, type: 'resize', height: 0 },
      { biuwer: 1, type: 'resize', height: 0 },
    ],
    [
      { biuwer: 1, type: 'token-expired' },
      { biuwer: 1, type: 'token-expired' },
    ],
  ];
  for (const [data, expected] of valid) {
    it(`accepts ${JSON.stringify(data)}`, () => {
      expect(parseFrameMessage(data)).to.deep.equal(expected);
    });
  }

  const invalid: unknown[] = [
    null,
    undefined,
    'ready',
    42,
    [1, 'ready'],
    {},
    { biuwer: 2, type: 'token-expired' },
    { biuwer: '1', type: 'token-expired' },
    { biuwer: 1, type: 'token', token: TOKEN },
    { biuwer: 1, type: 'unknown' },
    { biuwer: 1, type: 'ready' },
    { biuwer: 1, type: 'ready', features: 'token' },
    { biuwer: 1, type: 'ready', features: ['token', 7] },
    { biuwer: 1, type: 'ready', features: [''] },
    { biuwer: 1, type: 'ready', features: ['x'.repeat(65)] },
    { biuwer: 1, type: 'ready', features: Array.from({ length: 17 }, (_, i) => `f${i}`) },
    { biuwer: 1, type: 'resize' },
    { biuwer: 1, type: 'resize', height: '100' },
    { biuwer: 1, type: 'resize', height: Number.NaN },
    { biuwer: 1, type: 'resize', height: Number.POSITIVE_INFINITY },
    { biuwer: 1, type: 'resize', height: -1 },
    { biuwer: 1, type: 'resize', height: 100_001 },
  ];
  for (const data of invalid) {
    it(`refuses ${JSON.stringify(data) ?? String(data)}`, () => {
      expect(parseFrameMessage(data)).to.equal(undefined);
    });
  }
});

describe('parseFrameMessage: limits and copies', () => {
  it('accepts exactly the bounds: 16 features of 64 characters, a height of 100,000', () => {
    const features = Array.from({ length: MAX_FEATURES }, (_, i) =>
      `${i}`.padEnd(MAX_FEATURE_LENGTH, 'x'),
    );
    expect(parseFrameMessage({ biuwer: 1, type: 'ready', features })).to.deep.equal({
      biuwer: 1,
      type: 'ready',
      features,
    });
    expect(parseFrameMessage({ biuwer: 1, type: 'resize', height: MAX_HEIGHT })).to.deep.equal({
      biuwer: 1,
      type: 'resize',
      height: MAX_HEIGHT,
    });
  });

  it('returns a fresh message: changing the posted data afterwards changes nothing', () => {
    const data = { biuwer: 1, type: 'ready', features: ['token'] };
    const message = parseFrameMessage(data);
    data.features.push('resize');
    expect(message).to.deep.equal({ biuwer: 1, type: 'ready', features: ['token'] });
    expect(message).not.to.equal(data);
  });
});

describe('FrameChannel', () => {
  let container: HTMLDivElement;
  let channel: FrameChannel | undefined;
  let seen: FrameMessage[];
  let nextId = 0;

  // fixtureSync, not fixture: for a plain element `fixture` waits for an animation frame,
  // which never comes while the runner keeps this page in a background tab.
  beforeEach(() => {
    container = fixtureSync<HTMLDivElement>(html`<div></div>`);
    seen = [];
  });
  afterEach(() => {
    channel?.disconnect();
    channel = undefined;
  });

  function open(frame: () => HTMLIFrameElement | undefined, instanceOrigin = OTHER): FrameChannel {
    channel = new FrameChannel({ frame, instanceOrigin, onMessage: (m) => seen.push(m) });
    channel.connect();
    return channel;
  }

  /** The next message on this window whose source and data match. */
  function nextMessage(
    source: () => unknown,
    test: (data: unknown) => boolean,
  ): Promise<MessageEvent> {
    return new Promise((resolve) => {
      const listener = (event: MessageEvent): void => {
        if (event.source !== source() || !test(event.data)) return;
        window.removeEventListener('message', listener);
        resolve(event);
      };
      window.addEventListener('message', listener);
    });
  }

  /** Inserts an echo frame; with `ready`, resolves once its `ready` announcement arrived. */
  async function mount(origin: string, ready?: string): Promise<HTMLIFrameElement> {
    const frame = document.createElement('iframe');
    frame.src = `${origin}${ECHO_PATH}${ready === undefined ? '' : `?ready=${ready}`}`;
    const announced =
      ready === undefined
        ? oneEvent(frame, 'load')
        : nextMessage(
            () => frame.contentWindow,
            (d) => (d as { type?: string })?.type === 'ready',
          );
    container.append(frame);
    await announced;
    return frame;
  }

  /**
   * Makes the frame post `payload` to this page, and waits for the acknowledgement it posts
   * right after. Messages from one window arrive in order, and the channel listened first, so
   * by then the channel has seen (and judged) the payload.
   */
  async function frameSends(frame: HTMLIFrameElement, payload: unknown): Promise<void> {
    const id = ++nextId;
    const acked = nextMessage(
      () => frame.contentWindow,
      (d) => (d as { ack?: number })?.ack === id,
    );
    frame.contentWindow!.postMessage({ cmd: 'send', payload, id }, '*');
    await acked;
  }

  /** Everything the frame echoed back until it echoed a fresh ping, which flushes the queue. */
  async function echoesUntilPing(frame: HTMLIFrameElement): Promise<unknown[]> {
    const echoes: unknown[] = [];
    const ping = { ping: ++nextId };
    const record = (event: MessageEvent): void => {
      if (event.source === frame.contentWindow && 'echo' in Object(event.data))
        echoes.push(event.data.echo);
    };
    window.addEventListener('message', record);
    const done = nextMessage(
      () => frame.contentWindow,
      (d) => (d as { echo?: { ping?: number } })?.echo?.ping === ping.ping,
    );
    frame.contentWindow!.postMessage(ping, '*');
    await done;
    window.removeEventListener('message', record);
    return echoes.slice(0, -1);
  }

  const RESIZE = { biuwer: 1, type: 'resize', height: 480 };

  it('accepts ready, resize and token-expired from its own frame on the instance origin', async () => {
    // Listening before the frame exists, since it announces itself while loading.
    const ch = open(() => container.querySelector('iframe') ?? undefined);
    const frame = await mount(OTHER, 'token,resize');
    await frameSends(frame, RESIZE);
    await frameSends(frame, { biuwer: 1, type: 'token-expired' });
    expect(seen).to.deep.equal([
      { biuwer: 1, type: 'ready', features: ['token', 'resize'] },
      RESIZE,
      { biuwer: 1, type: 'token-expired' },
    ]);
    expect([...ch.features]).to.deep.equal(['token', 'resize']);
  });

  it('ignores a second frame of the same instance', async () => {
    const [mine, theirs] = await Promise.all([mount(OTHER), mount(OTHER)]);
    open(() => mine);
    await frameSends(theirs, RESIZE);
    expect(seen).to.deep.equal([]);
    await frameSends(mine, RESIZE);
    expect(seen).to.deep.equal([RESIZE]);
  });

  it('ignores its own frame when it is not on the instance origin', async () => {
    const frame = await mount(PAGE);
    open(() => frame, OTHER);
    await frameSends(frame, RESIZE);
    expect(seen).to.deep.equal([]);
  });

  it('ignores malformed messages from its own frame', async () => {
    const frame = await mount(OTHER);
    const ch = open(() => frame);
    await frameSends(frame, { biuwer: 1, type: 'resize', height: 'tall' });
    await frameSends(frame, { biuwer: 1, type: 'ready', features: [{ toString: 'token' }] });
    await frameSends(frame, 'biuwer:1:ready');
    expect(seen).to.deep.equal([]);
    expect(ch.features.size).to.equal(0);
  });

  it('ignores messages the page posts to itself, even when the instance is this origin', async () => {
    const frame = await mount(PAGE);
    open(() => frame, PAGE);
    const arrived = nextMessage(
      () => window,
      () => true,
    );
    window.postMessage(RESIZE, '*');
    await arrived;
    expect(seen).to.deep.equal([]);
    await frameSends(frame, RESIZE);
    expect(seen).to.deep.equal([RESIZE]);
  });

  it('shrugs off a flood of 10,000 forged messages', async () => {
    const frame = await mount(PAGE);
    const ch = open(() => frame, PAGE);
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent): void => void errors.push(event.error);
    window.addEventListener('error', onError);
    const forged = { biuwer: 1, type: 'ready', features: ['token'] };
    for (let i = 0; i < 10_000; i++) window.postMessage(forged, '*');
    const last = nextMessage(
      () => window,
      (d) => (d as { last?: boolean })?.last === true,
    );
    window.postMessage({ last: true }, '*');
    await last;
    window.removeEventListener('error', onError);
    expect(seen).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    expect(ch.features.size).to.equal(0);
    expect(ch.sendToken(TOKEN)).to.equal(false);
  });

  it('refuses to send a token before the frame announced the token feature', async () => {
    const frame = await mount(OTHER);
    const ch = open(() => frame);
    expect(ch.sendToken(TOKEN)).to.equal(false);
    expect(await echoesUntilPing(frame)).to.deep.equal([]);
    await frameSends(frame, { biuwer: 1, type: 'ready', features: ['resize'] });
    expect(ch.sendToken(TOKEN)).to.equal(false);
    expect(await echoesUntilPing(frame)).to.deep.equal([]);
    expect(
      new FrameChannel({
        frame: () => undefined,
        instanceOrigin: OTHER,
        onMessage: () => undefined,
      }).sendToken(TOKEN),
    ).to.equal(false);
  });

  it('sends the token to a frame that announced it', async () => {
    const frame = await mount(OTHER);
    const ch = open(() => frame);
    await frameSends(frame, { biuwer: 1, type: 'ready', features: ['token'] });
    expect(ch.sendToken(TOKEN)).to.equal(true);
    expect(await echoesUntilPing(frame)).to.deep.equal([
      { biuwer: 1, type: 'token', token: TOKEN },
    ]);
  });

  it('never delivers the token once the frame has navigated to another origin', async () => {
    const frame = await mount(OTHER);
    const ch = open(() => frame);
    await frameSends(frame, { biuwer: 1, type: 'ready', features: ['token'] });
    const navigated = oneEvent(frame, 'load');
    frame.src = `${PAGE}${ECHO_PATH}`;
    await navigated;
    // The window object survived the navigation, so the stale announcement still counts here;
    // the exact target origin is what keeps the token away from the new page.
    expect(ch.sendToken(TOKEN)).to.equal(true);
    expect(await echoesUntilPing(frame)).to.deep.equal([]);
  });

  it('forgets features when the frame is swapped', async () => {
    const [first, second] = await Promise.all([mount(OTHER), mount(OTHER)]);
    let current = first;
    const ch = open(() => current);
    await frameSends(first, { biuwer: 1, type: 'ready', features: ['token'] });
    expect(ch.features.has('token')).to.equal(true);
    current = second;
    expect(ch.features.size).to.equal(0);
    expect(ch.sendToken(TOKEN)).to.equal(false);
    expect(await echoesUntilPing(first)).to.deep.equal([]);
  });

  it('listens once however often it connects, and not at all once disconnected', async () => {
    const frame = await mount(OTHER);
    const ch = open(() => frame);
    ch.connect();
    await frameSends(frame, RESIZE);
    expect(seen).to.have.length(1);
    ch.disconnect();
    await frameSends(frame, RESIZE);
    expect(seen).to.have.length(1);
  });

  it('refuses a wildcard or malformed instance origin, and a malformed token', () => {
    for (const instanceOrigin of ['*', '/', 'null', `${OTHER}/`, 'javascript:alert(1)']) {
      expect(
        () =>
          new FrameChannel({ frame: () => undefined, instanceOrigin, onMessage: () => undefined }),
      )
        .to.throw(EmbedError)
        .with.property('code', 'INVALID_INSTANCE');
    }
    const ch = new FrameChannel({
      frame: () => undefined,
      instanceOrigin: OTHER,
      onMessage: () => undefined,
    });
    expect(() => ch.sendToken('a:b'))
      .to.throw(EmbedError)
      .with.property('code', 'INVALID_TOKEN');
  });
});
