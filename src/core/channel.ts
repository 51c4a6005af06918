import { tokenTimes } from './token-store.js';
import type { StoredToken } from './token-store.js';

/**
 * Pushes a freshly obtained token to the page's same-origin siblings (other tabs and
 * frames), so they adopt it without waiting to read the store. BroadcastChannel never
 * crosses origins, so the token stays within the host application's own origin.
 */
export interface TokenChannel {
  publish(key: string, record: StoredToken): void;
  subscribe(callback: (key: string, record: StoredToken) => void): () => void;
  close(): void;
}

interface Message {
  biuwerEmbed: 1;
  key: string;
  record: StoredToken;
}

/** Messages come from any same-origin script: accept only the exact expected shape. */
function parse(data: unknown): Message | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { biuwerEmbed, key, record } = data as Partial<Message>;
  if (biuwerEmbed !== 1 || typeof key !== 'string') return undefined;
  if (typeof record !== 'object' || record === null) return undefined;
  const { token } = record;
  // The token's nbf goes with it: a receiver must not take a token not valid yet as newer.
  const times = tokenTimes(record);
  if (typeof token !== 'string' || !times) return undefined;
  return { biuwerEmbed, key, record: { token, ...times } };
}

export const noopChannel: TokenChannel = {
  publish: () => {},
  subscribe: () => () => {},
  close: () => {},
};

/** A BroadcastChannel-backed channel, or a no-op one where BroadcastChannel is missing. */
export function broadcastChannel(name = 'biuwer-embed'): TokenChannel {
  if (typeof globalThis.BroadcastChannel !== 'function') return noopChannel;
  const channel = new BroadcastChannel(name);
  const listeners = new Set<(key: string, record: StoredToken) => void>();
  let closed = false;
  channel.onmessage = (event: MessageEvent) => {
    const message = parse(event.data);
    if (!message) return;
    for (const listener of [...listeners]) listener(message.key, { ...message.record });
  };
  return {
    publish(key, record) {
      if (closed) return;
      const message: Message = { biuwerEmbed: 1, key, record: { ...record } };
      channel.postMessage(message);
    },
    subscribe(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      channel.close();
    },
  };
}
