import { LitElement, css, html, type PropertyValues } from 'lit';
import { ContextProvider } from '@lit/context';
import {
  SESSION_SETTINGS,
  applyDefaults,
  propertyDeclarations,
  type SessionSettingName,
  type SettingProperties,
} from '../../settings/table.js';
import { sessionContext, type SessionMember, type SessionSettings } from './session-context.js';

let sessionCounter = 0;

// The settings are declared once (settings.ts): this merge types them on the class, and
// `static properties` below makes them reactive.
/* eslint-disable-next-line @typescript-eslint/no-empty-object-type,
   @typescript-eslint/no-unsafe-declaration-merging -- the accessors come from `static properties` */
export interface BiuwerSessionElement extends SettingProperties<SessionSettingName> {}

/**
 * Holds the Biuwer instance and token settings for every embed inside it, so a page of
 * twenty cards makes one token request and shares one refresh.
 *
 * @tag biuwer-session
 * @summary Shares one Biuwer instance and one auth token among the embeds inside it.
 * @slot - The `<biuwer-page>`, `<biuwer-card>` and `<biuwer-collection>` elements (at any depth).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class BiuwerSessionElement extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
  `;

  static override properties = propertyDeclarations(SESSION_SETTINGS);

  private readonly scope_ = `session-${++sessionCounter}`;
  /** Embeds enrolled through the context: found in any shadow root, unlike a selector. */
  private readonly members_ = new Set<SessionMember>();
  private readonly join_ = (member: SessionMember): (() => void) => {
    this.members_.add(member);
    return () => this.members_.delete(member);
  };

  private readonly provider_: ContextProvider<typeof sessionContext>;

  constructor() {
    super();
    applyDefaults(this, SESSION_SETTINGS);
    this.provider_ = new ContextProvider(this, {
      context: sessionContext,
      initialValue: this.snapshot_(),
    });
  }

  /** Fetches a new token now for every embed inside; their frames rotate to it. */
  async refreshToken(): Promise<void> {
    // Embeds sharing a manager share its refresh: one call per manager, not per embed.
    const managers = new Set<unknown>();
    const refreshes: Promise<void>[] = [];
    for (const member of this.members_) {
      const manager = member.tokenManager;
      if (!manager || managers.has(manager)) continue;
      managers.add(manager);
      refreshes.push(member.refreshToken());
    }
    await Promise.all(refreshes);
  }

  /** Reloads every embed inside this session. */
  reload(): void {
    for (const member of this.members_) member.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.size > 0) this.provider_.setValue(this.snapshot_());
  }

  private snapshot_(): SessionSettings {
    const settings: SessionSettings = { scope: this.scope_, join: this.join_ };
    for (const name of SESSION_SETTINGS) (settings as Record<string, unknown>)[name] = this[name];
    return settings;
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'biuwer-session': BiuwerSessionElement;
  }
}
