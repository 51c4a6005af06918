import { expect } from '@open-wc/testing';
import { localLock } from '../../src/core/lock.js';
import {
  _activeManagerCount,
  acquireTokenManager,
  releaseTokenManager,
} from '../../src/core/registry.js';
import { TokenManager } from '../../src/core/token-manager.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeSource, settle, uniqueKey } from './manager-fixtures.js';

describe('token manager registry', () => {
  const clock = new FakeClock();
  const make =
    (key: string, source = new FakeSource(clock)) =>
    () =>
      new TokenManager({ key, source: source.source, clock, lock: localLock() });

  it('shares one manager (and one provider call) among 20 embeds with the same key', async () => {
    const before = _activeManagerCount();
    const key = uniqueKey();
    const source = new FakeSource(clock);
    let created = 0;
    const create = () => {
      created++;
      return make(key, source)();
    };
    const managers = Array.from({ length: 20 }, () => acquireTokenManager(key, create));
    expect(created).to.equal(1);
    expect(new Set(managers).size).to.equal(1);
    const releases = managers.map((m) => m.retain());
    const tokens = await Promise.all(managers.map((m) => m.getToken()));
    expect(new Set(tokens.map((t) => t.token)).size).to.equal(1);
    expect(source.calls).to.have.length(1);
    expect(_activeManagerCount()).to.equal(before + 1);

    releases.forEach((release) => release());
    managers.forEach((m) => releaseTokenManager(m));
    expect(_activeManagerCount()).to.equal(before);
    expect(clock.pendingTimers()).to.equal(0);
    // The last release disposed it.
    expect((await settle(managers[0].getToken())).error?.code).to.equal('ABORTED');
  });

  it('keeps different keys apart', () => {
    const a = acquireTokenManager(uniqueKey('a'), make(uniqueKey('a')));
    const b = acquireTokenManager(uniqueKey('b'), make(uniqueKey('b')));
    expect(a).to.not.equal(b);
    releaseTokenManager(a);
    releaseTokenManager(b);
  });

  it('disposes only at the last release, and creates afresh afterwards', async () => {
    const before = _activeManagerCount();
    const key = uniqueKey();
    const first = acquireTokenManager(key, make(key));
    acquireTokenManager(key, make(key));
    releaseTokenManager(first);
    expect(_activeManagerCount()).to.equal(before + 1);
    expect((await first.getToken()).token).to.match(/^SECRET/);
    releaseTokenManager(first);
    expect(_activeManagerCount()).to.equal(before);
    const second = acquireTokenManager(key, make(key));
    expect(second).to.not.equal(first);
    // A stale release of the old manager does not touch the new one.
    releaseTokenManager(first);
    expect(_activeManagerCount()).to.equal(before + 1);
    releaseTokenManager(second);
    expect(_activeManagerCount()).to.equal(before);
  });
});
