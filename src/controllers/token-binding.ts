import { systemClock, type Clock } from '../core/clock.js';
import { EmbedError } from '../core/errors.js';
import { parseInstance, parseLifetime } from '../core/validate.js';
import { createTokenSource } from '../core/token-source.js';
import { TokenManager } from '../core/token-manager.js';
import { acquireTokenManager, releaseTokenManager } from '../core/registry.js';
import { broadcastChannel } from '../core/channel.js';
import { localLock } from '../core/lock.js';
import { getDefaultTokenStore } from '../storage/index.js';
import { storageKey } from '../core/token-store.js';
import { browserEnvironment } from '../platform/browser-environment.js';
import { TOKEN_SETTINGS, type TokenSettings } from '../settings/table.js';

let singleUseCounter = 0;
const providerIds = new WeakMap<object, number>();
let providerCounter = 0;

/** A stable identity for a provider function, so a new function means a new token source. */
function providerId(provider: unknown): number {
  if (typeof provider !== 'function') return 0;
  let id = providerIds.get(provider);
  if (id === undefined) providerIds.set(provider, (id = ++providerCounter));
  return id;
}
const storageWarningListeners = new Set<(error: EmbedError) => void>();
let storageWarned = false;

/** Storage trouble is page-wide: it is reported once, by one connected embed. */
function reportStorageWarning(error: EmbedError): void {
  if (storageWarned) return;
  storageWarned = true;
  storageWarningListeners.values().next().value?.(error);
}

export function onStorageWarning(listener: (error: EmbedError) => void): () => void {
  storageWarningListeners.add(listener);
  return () => storageWarningListeners.delete(listener);
}

/**
 * Equal for two settings objects that bind the same token: every setting whose change costs
 * a new token (settings.ts, effect `token`), and the scope. In-memory only (it may hold a
 * static token): never logged or emitted.
 */
export function tokenIdentity(settings: TokenSettings): string {
  const values = TOKEN_SETTINGS.map((name) => {
    const value = settings[name];
    return typeof value === 'function' ? providerId(value) : (value ?? null);
  });
  return JSON.stringify([...values, settings.scope]);
}

export interface BoundManager {
  manager: TokenManager;
  instanceOrigin: string;
  release: () => void;
}

/**
 * Turns token settings into a shared TokenManager. Embeds with the same instance and
 * `user` (or in the same session) get the same manager, so they make one provider call
 * and share one refresh. Throws EmbedError for bad settings. Elements bind through
 * `TokenController`, which owns the acquire/release pairing.
 */
export function bindTokenManager(
  settings: TokenSettings,
  clock: Clock = systemClock,
): BoundManager {
  if (!settings.instance) {
    throw new EmbedError(
      'INVALID_INSTANCE',
      'The instance attribute is required, e.g. https://acme.biuwer.com.',
    );
  }
  const instanceOrigin = parseInstance(settings.instance);
  const lifetimeMs = settings.tokenLifetime ? parseLifetime(settings.tokenLifetime) : undefined;
  const persist = settings.persist ?? 'indexeddb';
  if (persist !== 'indexeddb' && persist !== 'none') {
    throw new EmbedError(
      'INVALID_PERSIST',
      `persist must be "indexeddb" or "none", not "${String(persist).slice(0, 40)}".`,
    );
  }
  const singleUse = settings.singleUse === true;
  const source = createTokenSource({
    provider: settings.tokenProvider ?? undefined,
    endpoint: settings.tokenEndpoint ?? undefined,
    token: settings.token ?? undefined,
  });
  const user = settings.user || undefined;
  const key = singleUse
    ? `${instanceOrigin}|single-use:${++singleUseCounter}`
    : user
      ? storageKey(instanceOrigin, user)
      : `${instanceOrigin}|anonymous:${settings.scope}`;
  const store =
    !singleUse && user && persist === 'indexeddb'
      ? getDefaultTokenStore(reportStorageWarning)
      : undefined;
  // In-memory map key only (it may hold a static token): never logged or emitted.
  const sourceIdentity = JSON.stringify([
    providerId(settings.tokenProvider),
    settings.tokenEndpoint ?? null,
    settings.token ?? null,
    lifetimeMs ?? null,
    persist,
  ]);
  const manager = acquireTokenManager(
    key,
    () =>
      new TokenManager({
        key,
        source,
        store,
        lifetimeMs,
        singleUse,
        clock,
        environment: browserEnvironment(),
        channel: store ? broadcastChannel() : undefined,
        // Only a persisted token is shared across tabs; an anonymous or single-use key means
        // nothing to another tab, whose embed would otherwise wait behind this tab's call.
        lock: store ? undefined : localLock(),
      }),
    sourceIdentity,
  );
  let released = false;
  const release = (): void => {
    // Each acquire is matched by exactly one release, however often a run is stopped.
    if (released) return;
    released = true;
    releaseTokenManager(manager);
  };
  return { manager, instanceOrigin, release };
}
