/**
 * What the token engine needs to know about the page it runs in, without touching the DOM:
 * whether the network is up, and when the page may have slept or been hidden, so expiry is
 * re-checked against the wall clock. The browser implementation is in src/platform/.
 */
export interface Environment {
  isOnline(): boolean;
  /** Called on visibilitychange (to visible), pageshow, online and resume from sleep. */
  onWake(callback: () => void): () => void;
  /** Called when the network comes back. */
  onOnline(callback: () => void): () => void;
}

/** An environment that is always online and never wakes: for tests and servers. */
export const staticEnvironment: Environment = {
  isOnline: () => true,
  onWake: () => () => {},
  onOnline: () => () => {},
};
