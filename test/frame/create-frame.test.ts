import { expect, fixtureSync, html } from '@open-wc/testing';
import { EmbedError } from '../../src/core/errors.js';
import type { CreateFrameOptions } from '../../src/frame/create-frame.js';
import { createFrame, loadFrame } from '../../src/frame/create-frame.js';
import { FakeClock } from '../helpers/fake-clock.js';

const RESOURCE = 'R3s0urceT0ken';
const TOKEN = '3f2b9c1e-8d4a-4c57-9a0e-1b2c3d4e5f60';
const ECHO = `${location.origin}/test/frame/fixtures/echo-frame.html`;

function options(overrides: Partial<CreateFrameOptions> = {}): CreateFrameOptions {
  return {
    resource: RESOURCE,
    token: TOKEN,
    instanceOrigin: 'https://acme.biuwer.com',
    sandbox: 'allow-scripts allow-same-origin',
    allow: 'fullscreen; clipboard-write',
    referrerPolicy: 'strict-origin-when-cross-origin',
    title: 'Sales dashboard',
    ...overrides,
  };
}

/** Counts listeners added minus removed on one object, to prove cleanup. */
function trackListeners(target: EventTarget): () => number {
  let live = 0;
  const add = target.addEventListener.bind(target);
  const remove = target.removeEventListener.bind(target);
  target.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => {
    live++;
    add(...args);
  };
  target.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => {
    live--;
    remove(...args);
  };
  return () => live;
}

async function rejection(promise: Promise<unknown>): Promise<EmbedError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(EmbedError);
    return error as EmbedError;
  }
  throw new Error('expected the promise to reject');
}

describe('createFrame', () => {
  it('builds a detached share frame with the tokens only in its name', () => {
    const frame = createFrame(options());
    expect(frame.isConnected).to.equal(false);
    expect(frame.getAttribute('part')).to.equal('frame');
    expect(frame.name).to.equal(`${RESOURCE}:${TOKEN}`);
    expect(frame.getAttribute('src')).to.equal('https://acme.biuwer.com/share');
    expect(frame.getAttribute('sandbox')).to.equal('allow-scripts allow-same-origin');
    expect(frame.allow).to.equal('fullscreen; clipboard-write');
    expect(frame.referrerPolicy).to.equal('strict-origin-when-cross-origin');
    expect(frame.title).to.equal('Sales dashboard');
    expect(frame.src).not.to.contain(TOKEN);
  });

  it('sets name and sandbox before src', () => {
    // Observe the element from the moment it exists, through the document it is created with.
    const observer = new MutationObserver(() => undefined);
    const doc = {
      createElement: (tag: string) => {
        const element = document.createElement(tag);
        observer.observe(element, { attributes: true });
        return element;
      },
    } as unknown as Document;
    createFrame(options({ document: doc }));
    const order = observer.takeRecords().map((record) => record.attributeName);
    observer.disconnect();
    expect(order.indexOf('name')).to.be.within(0, order.indexOf('src') - 1);
    expect(order.indexOf('sandbox')).to.be.within(0, order.indexOf('src') - 1);
    expect(order.at(-1)).to.equal('src');
  });

  it('keeps an empty sandbox as a fully sandboxed frame', () => {
    const frame = createFrame(options({ sandbox: '' }));
    expect(frame.hasAttribute('sandbox')).to.equal(true);
    expect(frame.sandbox.length).to.equal(0);
  });

  it('refuses a token that would corrupt the name, before creating anything', () => {
    let created = 0;
    const doc = {
      createElement: (tag: string) => {
        created++;
        return document.createElement(tag);
      },
    } as unknown as Document;
    for (const token of ['a:b', 'a b', '']) {
      expect(() => createFrame(options({ token, document: doc })))
        .to.throw(EmbedError)
        .with.property('code', 'INVALID_TOKEN');
    }
    expect(created).to.equal(0);
  });

  it('points src at the share page of the instance origin and nowhere else', () => {
    const frame = createFrame(options({ instanceOrigin: 'https://acme.biuwer.com/' }));
    expect(frame.getAttribute('src')).to.equal('https://acme.biuwer.com/share');
    for (const instanceOrigin of [
      'https://acme.biuwer.com/elsewhere',
      'javascript:alert(1)',
      'http://acme.biuwer.com',
    ]) {
      expect(() => createFrame(options({ instanceOrigin })))
        .to.throw(EmbedError)
        .with.property('code', 'INVALID_INSTANCE');
    }
  });

  it('gives the navigated frame its name as window.name', async () => {
    const parent = fixtureSync<HTMLDivElement>(html`<div></div>`);
    // Same origin and no scripts, so the test can read the frame's window.name.
    const frame = createFrame(
      options({ instanceOrigin: location.origin, sandbox: 'allow-same-origin' }),
    );
    await loadFrame(frame, parent, { timeoutMs: 5000, clock: new FakeClock() });
    expect(frame.contentWindow?.name).to.equal(`${RESOURCE}:${TOKEN}`);
  });
});

describe('loadFrame', () => {
  let parent: HTMLDivElement;
  beforeEach(() => {
    parent = fixtureSync<HTMLDivElement>(html`<div></div>`);
  });

  function echoFrame(): HTMLIFrameElement {
    const frame = document.createElement('iframe');
    frame.src = ECHO;
    return frame;
  }

  /** A frame inside a detached parent never navigates, so it never fires `load`. */
  const limbo = (): HTMLDivElement => document.createElement('div');

  it('appends the frame and resolves on load, releasing the timer and listeners', async () => {
    const clock = new FakeClock();
    const frame = echoFrame();
    const live = trackListeners(frame);
    await loadFrame(frame, parent, { timeoutMs: 5000, clock });
    expect(frame.parentNode).to.equal(parent);
    expect(frame.contentDocument?.title).to.equal('echo frame');
    expect(clock.pendingTimers()).to.equal(0);
    expect(live()).to.equal(0);
  });

  it('resolves for a srcdoc frame that may load during insertion', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>hello</p>';
    await loadFrame(frame, parent, { timeoutMs: 5000, clock: new FakeClock() });
    expect(frame.contentDocument?.body.textContent).to.equal('hello');
  });

  it('rejects with FRAME_LOAD_TIMEOUT once the clock passes the timeout', async () => {
    const clock = new FakeClock();
    const frame = echoFrame();
    const live = trackListeners(frame);
    const host = limbo();
    let settled = false;
    const promise = loadFrame(frame, host, { timeoutMs: 5000, clock }).finally(() => {
      settled = true;
    });
    promise.catch(() => undefined);
    await clock.tick(4999);
    expect(settled).to.equal(false);
    expect(frame.parentNode).to.equal(host);
    await clock.tick(1);
    const error = await rejection(promise);
    expect(error.code).to.equal('FRAME_LOAD_TIMEOUT');
    expect(error.recoverable).to.equal(true);
    expect(frame.parentNode).to.equal(null);
    expect(clock.pendingTimers()).to.equal(0);
    expect(live()).to.equal(0);
  });

  it('rejects with ABORTED when the signal aborts, and removes the frame', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const frame = echoFrame();
    const liveOnFrame = trackListeners(frame);
    const liveOnSignal = trackListeners(controller.signal);
    const host = limbo();
    const promise = loadFrame(frame, host, { timeoutMs: 5000, clock, signal: controller.signal });
    expect(frame.parentNode).to.equal(host);
    controller.abort(new Error('superseded'));
    const error = await rejection(promise);
    expect(error.code).to.equal('ABORTED');
    expect((error.cause as Error).message).to.equal('superseded');
    expect(frame.parentNode).to.equal(null);
    expect(clock.pendingTimers()).to.equal(0);
    expect(liveOnFrame()).to.equal(0);
    expect(liveOnSignal()).to.equal(0);
  });

  it('does not even insert the frame when the signal is already aborted', async () => {
    const clock = new FakeClock();
    const error = await rejection(
      loadFrame(echoFrame(), parent, { timeoutMs: 5000, clock, signal: AbortSignal.abort() }),
    );
    expect(error.code).to.equal('ABORTED');
    expect(parent.childElementCount).to.equal(0);
    expect(clock.pendingTimers()).to.equal(0);
  });
});
