import { createContext } from '@lit/context';
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

export interface SessionSettings extends TokenSettings {
  loading?: string | null;
  sandbox?: string | null;
  allow?: string | null;
  referrerpolicy?: string | null;
}

export const sessionContext = createContext<SessionSettings | undefined>(
  Symbol.for('biuwer-embed.session'),
);
