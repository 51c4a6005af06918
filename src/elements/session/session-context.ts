import { createContext } from '@lit/context';
import type { TokenManager } from '../../core/token-manager.js';
import type { TokenProvider } from '../../core/types.js';

/**
 * Settings a `<biuwer-session>` shares with every embed inside it. A new object is
 * provided whenever one of them changes, so consumers can restart.
 */
export interface TokenSettings {
  instance?: string | null;
  token?: string | null;
  tokenEndpoint?: string | null;
  tokenProvider?: TokenProvider;
  user?: string | null;
  tokenLifetime?: string | null;
  singleUse?: boolean;
  persist?: string | null;
  /** Scopes the shared token when there is no `user`: one per session or standalone embed. */
  scope: string;
}

/** What a session needs of each embed inside it, wherever it is (shadow roots included). */
export interface SessionMember {
  reload(): void;
  refreshToken(): Promise<void>;
  /** The manager the embed holds now, so a session refreshes each shared manager once. */
  readonly tokenManager?: TokenManager;
}

export interface SessionSettings extends TokenSettings {
  /** Enrols an embed for `reload()` and `refreshToken()`; returns the way out. */
  join?: (member: SessionMember) => () => void;
  loading?: string | null;
  sandbox?: string | null;
  allow?: string | null;
  referrerpolicy?: string | null;
  /** `idle` or `immediate`, validated by the embed (INVALID_ROTATE). */
  rotate?: string | null;
}

export const sessionContext = createContext<SessionSettings | undefined>(
  Symbol.for('biuwer-embed.session'),
);
