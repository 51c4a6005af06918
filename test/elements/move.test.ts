import { expect, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { BiuwerSessionElement } from '../../src/elements/session/session-element.js';
import { cardTemplate, mount, shown } from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { graceFor, waitUntil } from '../helpers/wait.js';

type Mover = { moveBefore(node: Node, child: Node | null): void };
/** `parent.moveBefore(node, null)`: moves `node` to the end of `parent`, keeping state. */
const moveInto = (parent: Element, node: Node): void =>
  (parent as unknown as Mover).moveBefore(node, null);

/** Counts the `load` events of `frame` from now on: a reload of its document fires one. */
function loadsOf(frame: HTMLIFrameElement): { count: number } {
  const seen = { count: 0 };
  frame.addEventListener('load', () => seen.count++);
  return seen;
}

/**
 * Whether this engine reloads a native <iframe> that sits in a shadow root when its host is
 * moved with moveBefore(): Chromium keeps the document, Firefox 153 loads it again (a plain
 * <iframe> it keeps). An embed's frame lives in a shadow root, so it can do no better.
 */
async function engineReloadsShadowFrames(): Promise<boolean> {
  const [from, to] = [document.createElement('div'), document.createElement('div')];
  document.body.append(from, to);
  const shadow = from.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
  const frame = document.createElement('iframe');
  frame.src = `${SIM_INSTANCE}/share`;
  await new Promise((resolve) => {
    frame.addEventListener('load', resolve, { once: true });
    shadow.append(frame);
  });
  const reloaded = new Promise<boolean>((resolve) => {
    frame.addEventListener('load', () => resolve(true), { once: true });
    // Long for a reload of a local page; nothing else waits on it.
    setTimeout(() => resolve(false), 2_000);
  });
  moveInto(to, shadow.host);
  const result = await reloaded;
  from.remove();
  to.remove();
  return result;
}

// moveBefore() is the DOM move that keeps state: a native <iframe> moved with it keeps its
// document. An embed does the same while the move changes nothing it depends on.
describe('an embed moved with moveBefore()', () => {
  let reloadsShadowFrames = false;
  before(async () => {
    reloadsShadowFrames = await engineReloadsShadowFrames();
  });

  it('keeps its frame and content within the same root, and reads the language again', async function () {
    this.timeout(40_000);
    const provider = countingProvider({ validForMs: 3_600_000 });
    const root = await mount<HTMLDivElement>(html`
      <div>
        <div id="from">${cardTemplate({ tokenProvider: provider })}</div>
        <div id="to" lang="es"></div>
      </div>
    `);
    const el = root.querySelector('biuwer-card')!;
    await shown(el);
    const frame = el.frame!;
    const loads = loadsOf(frame);
    const states: string[] = [];
    el.addEventListener('biuwer-state-change', (e) => states.push(e.detail.state));

    moveInto(root.querySelector('#to')!, el);
    expect(el.parentElement!.id).to.equal('to');
    await waitUntil(() => frame.title === 'Tarjeta de Biuwer', 'the frame title stayed English');
    // Its document reloads only where the engine reloads a native frame in a shadow root.
    if (reloadsShadowFrames) await waitUntil(() => loads.count === 1, 'the engine kept it');
    await graceFor();
    expect(loads.count, 'loads of its document').to.equal(reloadsShadowFrames ? 1 : 0);
    expect(el.frame, 'the same frame').to.equal(frame);
    expect(frame.isConnected).to.equal(true);
    expect(provider.calls, 'no new token').to.equal(1);
    expect(states, 'no state change').to.deep.equal([]);
    expect(el.state).to.equal('ready');
  });

  it("starts over under another session, with that session's token source", async function () {
    this.timeout(40_000);
    const first = countingProvider({ validForMs: 3_600_000 });
    const second = countingProvider({ validForMs: 3_600_000 });
    const root = await mount<HTMLDivElement>(html`
      <div>
        <biuwer-session id="a" loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${first}>
          <biuwer-card resource=${RESOURCES.kpiCard}></biuwer-card>
        </biuwer-session>
        <biuwer-session id="b" loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${second}>
        </biuwer-session>
      </div>
    `);
    const el = root.querySelector<BiuwerCardElement>('biuwer-card')!;
    await shown(el);
    const frame = el.frame!;
    expect([first.calls, second.calls]).to.deep.equal([1, 0]);

    const reloaded = oneEvent(el, 'biuwer-load');
    moveInto(root.querySelector<BiuwerSessionElement>('#b')!, el);
    await reloaded;
    expect(second.calls, "the new session's provider").to.equal(1);
    expect(el.frame).not.to.equal(frame);
    expect(frame.isConnected, 'the old frame is gone').to.equal(false);
    expect(el.state).to.equal('ready');
  });

  it('starts over when moved into another root (a shadow root)', async function () {
    this.timeout(40_000);
    const provider = countingProvider({ validForMs: 3_600_000 });
    const root = await mount<HTMLDivElement>(html`
      <div>
        ${cardTemplate({ tokenProvider: provider })}
        <div id="host"></div>
      </div>
    `);
    const el = root.querySelector('biuwer-card')!;
    await shown(el);
    const frame = el.frame!;
    const shadow = root.querySelector('#host')!.attachShadow({ mode: 'open' });
    const box = document.createElement('div');
    shadow.append(box);

    const reloaded = oneEvent(el, 'biuwer-load');
    moveInto(box, el);
    await reloaded;
    expect(el.getRootNode()).to.equal(shadow);
    expect(el.frame).not.to.equal(frame);
    expect(el.state).to.equal('ready');
  });
});
