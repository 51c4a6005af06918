/**
 * Framework-neutral description of the kit's attributes, properties and events, used by the
 * per-framework JSX typings next to this file (`biuwer-embed/types/react`, `…/preact`,
 * `…/solid`, `…/vue`). Importing these types registers nothing. Everything here is derived:
 * the settings from src/settings/table.ts, the events from src/elements/events.ts.
 */
import type { BiuwerEventDetails, BiuwerEventName, EventPropName } from '../elements/events.js';
import type { SETTINGS, SessionSettingName, SettingName, SettingValue } from '../settings/table.js';

type Table = typeof SETTINGS;
type AttributeOf<K extends SettingName> = Table[K]['attribute'];

/** The attributes (by attribute name) of the settings `K`. */
export type SettingAttributes<K extends SettingName> = {
  [P in K as AttributeOf<P> extends string ? AttributeOf<P> : never]?: SettingValue<P>;
};

/** Attributes shared by `<biuwer-session>` and a standalone embed (DESIGN.md §2). */
export type BiuwerSessionAttributes = SettingAttributes<SessionSettingName>;

/** Attributes of `<biuwer-page>`, `<biuwer-card>` and `<biuwer-collection>`. */
export type BiuwerEmbedAttributes = SettingAttributes<SettingName> & {
  /** The frame's accessible title (moved from the host onto the frame). */
  title?: string;
};

/** Properties that are not attributes: set them as properties (never serialised to the DOM). */
export type BiuwerProperties = {
  [P in SettingName as AttributeOf<P> extends false ? P : never]?: SettingValue<P>;
};

export type { BiuwerEventDetails, BiuwerEventName };

export type BiuwerEventHandler<K extends BiuwerEventName> = (
  event: CustomEvent<BiuwerEventDetails[K]>,
) => void;

/** `on<event-name>` listeners, the form React 19 and Preact use for custom element events. */
export type BiuwerLowercaseEventProps = {
  [K in BiuwerEventName as `on${K}`]?: BiuwerEventHandler<K>;
};

/** `onBiuwerLoad`-style listeners (Vue's event props, the React wrappers' props). */
export type BiuwerCamelEventProps = {
  [K in BiuwerEventName as EventPropName<K>]?: BiuwerEventHandler<K>;
};
