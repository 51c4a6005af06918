import { expect } from '@open-wc/testing';
import { broadcastChannel } from '../../src/core/channel.js';
import type { StoredToken } from '../../src/core/token-store.js';
import { until } from './manager-fixtures.js';

let counter = 0;
const uniqueName = (): string => `biuwer-embed-channel-test-${Date.now()}-${++counter}`;

/**
 * A kit channel and a raw BroadcastChannel on the same name: the raw one plays any
 * same-origin script, posting whatever it likes. A final well-formed message marks the end,
 * so "nothing else arrived" is checked without a fixed sleep.
 */
function pair() {
  const name = uniqueName();
  const kit = broadcastChannel(name);
  const raw = new BroadcastChannel(name);
  const received: Array<[string, StoredToken]> = [];
  kit.subscribe((key, record) => received.push([key, record]));
  const done = async (): Promise<Array<[string, StoredToken]>> => {
    raw.postMessage({ biuwerEmbed: 1, key: 'end', record: { token: 'end', issuedAt: 0 } });
    await until(() => received.some(([key]) => key === 'end'));
    return received.filter(([key]) => key !== 'end');
  };
  return {
    kit,
    raw,
    done,
    close: () => {
      kit.close();
      raw.close();
    },
  };
}

describe('broadcastChannel (tokens between tabs)', () => {
  it('delivers a token with its expiry and not-before time to another tab', async () => {
    const name = uniqueName();
    const sender = broadcastChannel(name);
    const receiver = broadcastChannel(name);
    const got: Array<[string, StoredToken]> = [];
    receiver.subscribe((key, record) => got.push([key, record]));
    const record = { token: 'tok-1', expiresAt: 5000, issuedAt: 1000, notBefore: 2000 };
    sender.publish('https://acme.biuwer.com|ann', record);
    await until(() => got.length === 1);
    expect(got[0]).to.deep.equal(['https://acme.biuwer.com|ann', record]);
    sender.close();
    receiver.close();
  });

  it('accepts only the exact shape, and copies only the known fields', async () => {
    const { raw, done, close } = pair();
    const forged: unknown[] = [
      null,
      'tok',
      { biuwerEmbed: 2, key: 'k', record: { token: 't', issuedAt: 1 } },
      { biuwerEmbed: 1, key: 7, record: { token: 't', issuedAt: 1 } },
      { biuwerEmbed: 1, key: 'k' },
      { biuwerEmbed: 1, key: 'k', record: { token: 7, issuedAt: 1 } },
      { biuwerEmbed: 1, key: 'k', record: { token: 't' } },
      { biuwerEmbed: 1, key: 'k', record: { token: 't', issuedAt: 1, expiresAt: '9' } },
      { biuwerEmbed: 1, key: 'k', record: { token: 't', issuedAt: 1, notBefore: '9' } },
      { biuwerEmbed: 1, key: 'k', record: { token: 't', issuedAt: Number.NaN } },
      { biuwerEmbed: 1, key: 'k', record: { token: 't', issuedAt: 1, expiresAt: Infinity } },
    ];
    for (const data of forged) raw.postMessage(data);
    raw.postMessage({
      biuwerEmbed: 1,
      key: 'k',
      record: { token: 't', issuedAt: 1, extra: 'dropped', singleUse: true },
    });
    const received = await done();
    expect(received).to.have.length(1);
    expect(received[0][1]).to.deep.equal({ token: 't', issuedAt: 1 });
    expect(Object.keys(received[0][1]).sort()).to.deep.equal(['issuedAt', 'token']);
    close();
  });

  it('stops delivering once closed or unsubscribed', async () => {
    const name = uniqueName();
    const kit = broadcastChannel(name);
    const raw = new BroadcastChannel(name);
    const got: string[] = [];
    const off = kit.subscribe((key) => got.push(key));
    const kept: string[] = [];
    kit.subscribe((key) => kept.push(key));
    off();
    raw.postMessage({ biuwerEmbed: 1, key: 'a', record: { token: 't', issuedAt: 1 } });
    await until(() => kept.length === 1);
    expect(got).to.deep.equal([]);
    kit.close();
    kit.publish('b', { token: 't', issuedAt: 1 }); // a no-op, not a throw
    raw.close();
  });
});
