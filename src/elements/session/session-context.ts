import { ContextEvent, createContext } from '@lit/context';
import type { TokenManager } from '../../core/token-manager.js';
import type { SessionSettingName, SettingProperties, TokenSettings } from '../../settings/table.js';

export type { TokenSettings };

/** What a session needs of each embed inside it, wherever it is (shadow roots included). */
export interface SessionMember {
  reload(): void;
  refreshToken(): Promise<void>;
  /** The manager the embed holds now, so a session refreshes each shared manager once. */
  readonly tokenManager?: TokenManager;
}

/**
 * Settings a `<biuwer-session>` shares with every embed inside it (settings.ts, scopes
 * `session` and `inherited`). A new object is provided whenever one of them changes, so
 * consumers can restart.
 */
export type SessionSettings = TokenSettings &
  Partial<SettingProperties<SessionSettingName>> & {
    /** Enrols an embed for `reload()` and `refreshToken()`; returns the way out. */
    join?: (member: SessionMember) => () => void;
  };

export const sessionContext = createContext<SessionSettings | undefined>(
  Symbol.for('biuwer-embed.session'),
);

/**
 * The settings of the session `el` is in now (undefined outside any), asked once: what a
 * subscribed consumer would be told if it asked again after a move.
 */
export function currentSession(el: HTMLElement): SessionSettings | undefined {
  let found: SessionSettings | undefined;
  el.dispatchEvent(new ContextEvent(sessionContext, el, (value) => (found = value)));
  return found;
}
