/**
 * EmbedRunner on its own: a real TokenManager, real frames from the share simulator, a fake
 * clock for every timer, and a recording host in place of the element.
 */
import { expect } from '@open-wc/testing';

import { holdFocus } from '../helpers/window-focus.js';
import { waitUntil } from '../helpers/wait.js';
import { localLock } from '../../src/core/lock.js';
import { TokenManager } from '../../src/core/token-manager.js';
import { createTokenSource } from '../../src/core/token-source.js';
import type { TokenProvider } from '../../src/core/types.js';
import {
  EmbedRunner,
  type RunStatus,
  type RunnerHost,
} from '../../src/elements/embed/embed-runner.js';
import type { RotateMode } from '../../src/elements/embed/swap-gate.js';
import type { BiuwerTokenRefreshDetail } from '../../src/elements/events.js';
import { DEFAULT_ALLOW, DEFAULT_SANDBOX } from '../../src/frame/sandbox.js';
import { FakeClock } from '../helpers/fake-clock.js';
import {
  RESOURCES,
  SIM_INSTANCE,
  issueToken,
  lifetimeProvider,
  revokeToken,
} from '../helpers/sim.js';

let keys = 0;

// Frames that announced the protocol (`ready`), seen the way the kit sees them.
const announced = new Set<MessageEventSource>();
window.addEventListener('message', (e) => {
  if (e.data?.biuwer === 1 && e.data.type === 'ready' && e.source) announced.add(e.source);
});

function rig(
  provider: TokenProvider,
  resource: string = RESOURCES.kpiCard,
  rotate: RotateMode = 'immediate',
) {
  const clock = new FakeClock(Date.now());
  const stage = document.createElement('div');
  document.body.append(stage);
  const manager = new TokenManager({
    key: `${SIM_INSTANCE}|runner-test:${++keys}`,
    source: createTokenSource({ provider }),
    clock,
    lock: localLock(),
  });
  const statuses: RunStatus[] = [];
  const loads: boolean[] = [];
  const deliveries: BiuwerTokenRefreshDetail[] = [];
  const host: RunnerHost = {
    clock,
    stage,
    autoHeight: false,
    rotate,
    onStatus: (status) => statuses.push(status),
    onLoad: (rotated) => loads.push(rotated),
    onTokenDelivered: (detail) => deliveries.push(detail),
    onContentHeight: () => {},
  };
  const runner = new EmbedRunner(host, manager, {
    resource,
    instanceOrigin: SIM_INSTANCE,
    sandbox: DEFAULT_SANDBOX,
    allow: DEFAULT_ALLOW,
    referrerPolicy: 'strict-origin-when-cross-origin',
    title: 'Runner test',
    timeoutMs: 30_000,
  });
  const kinds = (): string[] => statuses.map((status) => status.kind);
  const frames = (): HTMLIFrameElement[] => [...stage.querySelectorAll('iframe')];
  const until = (kind: RunStatus['kind'], message = `never ${kind}`) =>
    waitUntil(() => runner.status.kind === kind, message, { timeout: 20_000 });
  const dispose = (): void => {
    runner.stop();
    manager.dispose();
    stage.remove();
  };
  return {
    clock,
    stage,
    manager,
    runner,
    statuses,
    loads,
    deliveries,
    kinds,
    frames,
    until,
    dispose,
  };
}

describe('EmbedRunner', function () {
  this.timeout(40_000);
  let current: ReturnType<typeof rig> | undefined;
  afterEach(() => current?.dispose());

  it('goes idle → loading → ready, with one frame holding the token and one delivery', async () => {
    const provider = lifetimeProvider(3600);
    const r = (current = rig(provider));
    expect(r.runner.status.kind).to.equal('idle');
    r.runner.start();
    expect(r.runner.status.kind).to.equal('loading');
    await r.until('ready');
    expect(r.kinds()).to.deep.equal(['loading', 'ready']);
    expect(r.frames()).to.have.length(1);
    expect(r.frames()[0].name).to.equal(`${RESOURCES.kpiCard}:${provider.tokens[0]}`);
    expect(r.frames()[0].title).to.equal('Runner test');
    expect(r.loads).to.deep.equal([false]);
    expect(r.deliveries).to.deep.equal([
      { expiresAt: r.clock.now() + 3_600_000, reason: 'initial', delivery: 'load', deferredMs: 0 },
    ]);
    expect(provider.calls).to.equal(1);
  });

  it('a failing provider is one error status, though it reaches the run twice', async () => {
    const r = (current = rig(async () => {
      throw new Error('backend down');
    }));
    r.runner.start();
    await r.until('error');
    await r.clock.flush();
    expect(r.kinds()).to.deep.equal(['loading', 'error']);
    const status = r.runner.status;
    expect(status.kind === 'error' && status.error.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(r.frames()).to.have.length(0);
  });

  it('rotates by message when the frame speaks the protocol: same frame, new name', async () => {
    const provider = lifetimeProvider(3600);
    const r = (current = rig(provider));
    r.runner.start();
    await r.until('ready');
    const frame = r.frames()[0];
    // The share page announces its features after it rendered.
    await waitUntil(() => !!frame.contentWindow && announced.has(frame.contentWindow));
    await r.runner.refresh();
    await waitUntil(() => r.deliveries.length === 2, 'never rotated');
    expect(r.deliveries[1].delivery).to.equal('message');
    expect(r.frames()).to.deep.equal([frame]);
    expect(frame.name).to.equal(`${RESOURCES.kpiCard}:${provider.tokens.at(-1)}`);
    expect(r.loads).to.deep.equal([false]);
    expect(r.runner.status.kind).to.equal('ready');
  });

  it('rotates by a seamless swap when the frame speaks no protocol', async () => {
    const provider = lifetimeProvider(3600);
    const r = (current = rig(provider, RESOURCES.noProtocolPage));
    r.runner.start();
    await r.until('ready');
    const first = r.frames()[0];
    await r.runner.refresh();
    await waitUntil(() => r.loads.length === 2, 'never swapped', { timeout: 20_000 });
    expect(r.loads).to.deep.equal([false, true]);
    expect(r.deliveries.map((d) => [d.reason, d.delivery])).to.deep.equal([
      ['initial', 'load'],
      ['refresh', 'swap'],
    ]);
    expect(r.frames()).to.have.length(1);
    expect(r.frames()[0]).not.to.equal(first);
    expect(r.frames()[0].name).to.equal(`${RESOURCES.noProtocolPage}:${provider.tokens[1]}`);
  });

  it('a token that arrives while the first frame loads is applied once it has loaded', async () => {
    const provider = lifetimeProvider(3600);
    const r = (current = rig(provider, RESOURCES.noProtocolPage));
    // A frame outside the document does not load: with the stage detached, the first frame
    // is still loading when the refresh lands, however fast the machine (on a quick one the
    // frame used to load before the refresh, and the test saw 'ready').
    r.stage.remove();
    r.runner.start();
    await waitUntil(() => r.frames().length === 1, 'no frame');
    expect(r.runner.status.kind).to.equal('loading');
    await r.runner.refresh();
    expect(provider.calls).to.equal(2);
    expect(r.runner.status.kind).to.equal('loading');
    document.body.append(r.stage);
    await waitUntil(() => r.deliveries.length === 2, 'the missed token was dropped', {
      timeout: 20_000,
    });
    expect(r.deliveries.map((d) => d.delivery)).to.deep.equal(['load', 'swap']);
    await waitUntil(() => r.frames().length === 1);
    expect(r.frames()[0].name).to.equal(`${RESOURCES.noProtocolPage}:${provider.tokens[1]}`);
  });

  it('a token that lands while a protocol frame loads reaches it by message, not by a reload', async () => {
    const provider = lifetimeProvider(3600);
    const r = (current = rig(provider));
    r.stage.remove(); // the first frame cannot load until the stage is back (see above)
    r.runner.start();
    await waitUntil(() => r.frames().length === 1, 'no frame');
    await r.runner.refresh();
    expect(r.runner.status.kind).to.equal('loading');
    document.body.append(r.stage);
    const first = r.frames()[0];
    // Loaded, the frame holds the older token and has not announced the protocol yet (it
    // does after its first data call): a swap starts, and gives way once it announces.
    await waitUntil(() => r.deliveries.length === 2, 'the missed token was dropped', {
      timeout: 20_000,
    });
    expect(r.deliveries.map((d) => d.delivery)).to.deep.equal(['load', 'message']);
    expect(r.loads).to.deep.equal([false]);
    await waitUntil(() => r.frames().length === 1, 'the abandoned frame stayed');
    expect(r.frames()[0]).to.equal(first);
    expect(first.name).to.equal(`${RESOURCES.kpiCard}:${provider.tokens[1]}`);
    expect(r.runner.status.kind).to.equal('ready');
  });

  it('a token refused, then its replacement refused too, is TOKEN_REJECTED', async () => {
    const provider = lifetimeProvider(3600);
    provider.revokeNext = true;
    const r = (current = rig(provider));
    r.runner.start();
    await r.until('error', 'the refused token was not reported');
    const status = r.runner.status;
    expect(status.kind === 'error' && status.error.code).to.equal('TOKEN_REJECTED');
    expect(provider.calls).to.equal(2);
    expect(r.frames()).to.have.length(0);
  });

  for (const resource of [RESOURCES.kpiCard, RESOURCES.noProtocolPage]) {
    it(`a provider handing back the token just refused is TOKEN_REJECTED (${resource === RESOURCES.kpiCard ? 'protocol' : 'no protocol'})`, async () => {
      // Policy none: the integrator has one hand-made token, and Biuwer revoked it.
      const { token } = await issueToken({ validForMs: 3_600_000 });
      await revokeToken(token);
      let calls = 0;
      const r = (current = rig(async () => {
        calls++;
        return { token, expiresAt: Date.now() + 3_600_000 };
      }, resource));
      r.runner.start();
      await r.until('error', 'the same refused token was not reported');
      const status = r.runner.status;
      expect(status.kind === 'error' && status.error.code).to.equal('TOKEN_REJECTED');
      expect(calls).to.equal(2);
      expect(r.frames()).to.have.length(0);
    });
  }

  it('recovers from the error status when a new token arrives', async () => {
    // A 120 s token that cannot be refreshed expires: the run shows an error. The next
    // token the manager announces (a refresh, another tab) brings the content back.
    let fail = false;
    const working = lifetimeProvider(120);
    const r = (current = rig(async () => {
      if (fail) throw new Error('offline');
      return working();
    }));
    r.runner.start();
    await r.until('ready');
    fail = true;
    for (let t = 0; t < 130_000 && r.runner.status.kind !== 'error'; t += 5_000) {
      await r.clock.tick(5_000);
      await r.clock.flush();
    }
    const status = r.runner.status;
    // No valid token left and none to be had: the provider's failure is what the user sees.
    expect(status.kind === 'error' && status.error.code).to.equal('TOKEN_PROVIDER_FAILED');
    expect(r.frames(), 'no frame keeps an expired token').to.have.length(0);
    fail = false;
    await r.manager.refreshToken('refresh');
    await r.until('ready', 'never recovered');
    expect(r.kinds()).to.deep.equal(['loading', 'ready', 'error', 'loading', 'ready']);
    expect(r.frames()[0].name).to.equal(`${RESOURCES.kpiCard}:${working.tokens.at(-1)}`);
  });

  it('a swap held for an idle moment gives way when the run fails: a new token recovers it', async () => {
    await holdFocus();
    const working = lifetimeProvider(3600);
    let signedOut = false;
    const r = (current = rig(
      async () => {
        if (signedOut) throw Object.assign(new Error('signed out'), { status: 401 });
        return working();
      },
      RESOURCES.noProtocolPage,
      'idle',
    ));
    r.runner.start();
    await r.until('ready');
    // The frame has the focus: somebody uses it, so the refreshed token's swap is held.
    r.frames()[0].focus();
    await r.runner.refresh();
    await r.clock.flush();
    expect(working.calls).to.equal(2);
    expect(r.deliveries).to.have.length(1);
    signedOut = true;
    await r.runner.refresh().catch(() => {});
    await r.until('error');
    signedOut = false;
    await r.manager.refreshToken('refresh');
    // Not queued behind the held swap of a frame that is gone.
    await r.until('ready', 'the held swap kept the recovery waiting');
    expect(r.deliveries.map((d) => d.delivery)).to.deep.equal(['load', 'load']);
    expect(r.frames()).to.have.length(1);
    expect(r.frames()[0].name).to.equal(`${RESOURCES.noProtocolPage}:${working.tokens[2]}`);
  });

  it('stop() leaves no frame, no timer and ignores a late token', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const provider = lifetimeProvider(3600);
    const r = (current = rig(async () => {
      await gate;
      return provider();
    }));
    r.runner.start();
    r.runner.stop();
    expect(r.runner.status.kind).to.equal('stopped');
    release();
    // Sync point: the manager's own fetch of that late token has ended (a later caller joins
    // the same flight), so the runner's wrongly-kept continuation, had stop() left one, has
    // run too; one flush and one task for anything it would have scheduled.
    await r.manager.getToken();
    await r.clock.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.kinds()).to.deep.equal(['loading']);
    expect(r.frames()).to.have.length(0);
    expect(r.clock.pendingTimers()).to.equal(0);
  });
});
