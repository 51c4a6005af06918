import { expect, fixtureSync, html } from '@open-wc/testing';
import { systemClock } from '../../src/core/clock.js';
import type { EmbedError } from '../../src/core/errors.js';
import { FrameStage, type FrameOptions } from '../../src/elements/embed/frame-stage.js';
import type { FrameMessage } from '../../src/frame/protocol.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { issueToken, RESOURCES, SIM_INSTANCE } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

const options = (resource: string, timeoutMs = 20_000): FrameOptions => ({
  resource,
  instanceOrigin: SIM_INSTANCE,
  sandbox: 'allow-scripts allow-same-origin',
  allow: '',
  referrerPolicy: 'no-referrer',
  title: 'Biuwer content',
  timeoutMs,
});

const token = async (): Promise<string> => (await issueToken({ validForMs: 3_600_000 })).token;

async function failure(promise: Promise<unknown>): Promise<EmbedError> {
  try {
    await promise;
  } catch (error) {
    return error as EmbedError;
  }
  throw new Error('expected a rejection');
}

describe('FrameStage', () => {
  let container: HTMLDivElement;
  let stage: FrameStage | undefined;
  let messages: Array<[FrameMessage, HTMLIFrameElement]>;

  function open(resource: string = RESOURCES.page, clock = systemClock, timeoutMs?: number) {
    stage = new FrameStage(container, options(resource, timeoutMs), clock, (message, frame) =>
      messages.push([message, frame]),
    );
    return stage;
  }
  const frames = (): HTMLIFrameElement[] => [...container.querySelectorAll('iframe')];

  beforeEach(() => {
    messages = [];
    container = fixtureSync(html`<div></div>`);
  });
  afterEach(() => stage?.dispose());

  it('shows one loaded frame carrying the token in its name only', async () => {
    const s = open();
    const first = await token();
    await s.show(first);
    expect(frames()).to.have.length(1);
    const frame = frames()[0];
    expect(s.current).to.equal(frame);
    expect(frame.name).to.contain(first);
    expect(frame.src).to.equal(`${SIM_INSTANCE}/share`);
    expect(frame.classList.contains('incoming')).to.equal(false);
  });

  it('swaps seamlessly: the old frame stays until the new one has loaded', async () => {
    const s = open();
    await s.show(await token());
    const old = s.current!;
    const next = await token();
    const swapping = s.show(next);
    // While the new frame loads, both are in the container and the new one is marked incoming.
    expect(frames()).to.have.length(2);
    expect(frames()[1].classList.contains('incoming')).to.equal(true);
    expect(s.current).to.equal(old);
    await swapping;
    expect(frames()).to.have.length(1);
    expect(old.isConnected).to.equal(false);
    expect(s.current!.name).to.contain(next);
    expect(s.current!.classList.contains('incoming')).to.equal(false);
  });

  it('a newer show aborts the one still loading, whose frame goes', async () => {
    const s = open();
    // Both tokens first, and the second show in the same task as the first: the first frame
    // cannot load in between (it did in Firefox while the test fetched the second token).
    const [first, latest] = [await token(), await token()];
    const superseded = failure(s.show(first));
    await s.show(latest);
    expect((await superseded).code).to.equal('ABORTED');
    expect(frames()).to.have.length(1);
    expect(s.current!.name).to.contain(latest);
  });

  it('times out a frame that does not load, keeping the frame already shown', async () => {
    const clock = new FakeClock();
    const s = open(RESOURCES.page, clock, 5000);
    const first = await token();
    await s.show(first);
    const late = s.show(await token());
    await clock.tick(5000);
    expect((await failure(late)).code).to.equal('FRAME_LOAD_TIMEOUT');
    expect(frames()).to.have.length(1);
    expect(s.current!.name).to.contain(first);
  });

  it('hands a token by message only to a frame that announced the token feature', async () => {
    const s = open();
    await s.show(await token());
    await waitUntil(() => s.acceptsTokenMessages, 'the frame announced the protocol');
    expect(messages.some(([m, f]) => m.type === 'ready' && f === s.current)).to.equal(true);
    const next = await token();
    expect(s.sendToken(next)).to.equal(true);
    // The frame's name follows, so the superseded token no longer sits in the DOM.
    expect(s.current!.name).to.contain(next);

    const quiet = open(RESOURCES.noProtocolPage);
    await quiet.show(await token());
    expect(quiet.acceptsTokenMessages).to.equal(false);
    const before = quiet.current!.name;
    expect(quiet.sendToken(await token())).to.equal(false);
    expect(quiet.current!.name).to.equal(before);
    quiet.dispose();
  });

  it('refuses to send before any frame is shown', async () => {
    const s = open();
    expect(s.sendToken(await token())).to.equal(false);
    expect(s.current).to.equal(undefined);
  });

  it('dispose removes every frame and aborts a load in progress', async () => {
    const s = open();
    await s.show(await token());
    const loading = failure(s.show(await token()));
    s.dispose();
    expect((await loading).code).to.equal('ABORTED');
    expect(frames()).to.have.length(0);
    expect(s.current).to.equal(undefined);
  });
});
