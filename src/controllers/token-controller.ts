import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Clock } from '../core/clock.js';
import type { EmbedError } from '../core/errors.js';
import type { TokenManager } from '../core/token-manager.js';
import type { TokenSettings } from '../settings/table.js';
import {
  bindTokenManager,
  onStorageWarning,
  tokenIdentity,
  type BoundManager,
} from './token-binding.js';

/**
 * Owns an element's share of a page-wide TokenManager: one acquire, one release, and the
 * page-wide storage warning. A settings change that leaves every token setting alone keeps
 * the bound manager, so changing `allow` or `title` never calls the token provider; a token
 * setting change acquires the new manager before releasing the old one, so a manager both
 * settings share (the same session key) survives with its token.
 */
export class TokenController implements ReactiveController {
  private bound_?: BoundManager;
  private identity_?: string;
  private stopWarnings_?: () => void;

  constructor(
    host: ReactiveControllerHost,
    private readonly onWarning_: (error: EmbedError) => void,
  ) {
    host.addController(this);
  }

  get manager(): TokenManager | undefined {
    return this.bound_?.manager;
  }

  /**
   * The manager for `settings`: the current one while the token settings are unchanged.
   * @throws EmbedError for bad token settings (the previous manager is released then).
   */
  bind(settings: TokenSettings, clock: Clock): BoundManager {
    const identity = tokenIdentity(settings);
    if (this.bound_ && identity === this.identity_) return this.bound_;
    let next: BoundManager;
    try {
      next = bindTokenManager(settings, clock);
    } catch (error) {
      this.release();
      throw error;
    }
    this.release();
    this.bound_ = next;
    this.identity_ = identity;
    return next;
  }

  release(): void {
    this.bound_?.release();
    this.bound_ = undefined;
    this.identity_ = undefined;
  }

  hostConnected(): void {
    this.stopWarnings_ ??= onStorageWarning(this.onWarning_);
  }

  hostDisconnected(): void {
    this.stopWarnings_?.();
    this.stopWarnings_ = undefined;
    this.release();
  }
}
