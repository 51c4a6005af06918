/**
 * Every setting of the kit, declared once. The elements' reactive properties, the session
 * context, an embed's inheritance from its session, what a change costs, the JSX typings
 * (src/types/attributes.ts), the manifest (custom-elements-manifest.config.js) and the
 * Storybook controls are all derived from this table. No DOM and no Lit here: the manifest
 * step compiles and reads this file in Node.
 */
import type { TokenProvider } from '../core/types.js';
import { REFERRER_POLICIES } from '../frame/sandbox.js';

/**
 * What a change costs: `token` a new token binding (and a new frame), `frame` a new frame on
 * the same token, `attr` an attribute of the live frame, `live` nothing but the live run's
 * own update (`rotate` is handed to it; `auto-height` is read when the frame reports a height).
 * `sandbox`, `allow` and `referrerpolicy` are `frame`: a browser applies them only when the
 * frame navigates, so a new frame is the only way they take effect.
 */
export type SettingEffect = 'token' | 'frame' | 'attr' | 'live';

/**
 * Where a setting is read: `session` on a `<biuwer-session>` or a standalone embed (inside a
 * session, the session's value is the one used); `inherited` on both, an embed's own value
 * winning over its session's; `embed` on embeds only.
 */
export type SettingScope = 'session' | 'inherited' | 'embed';

export interface SettingSpec {
  /** The attribute, or `false` for a property that is never an attribute. */
  readonly attribute: string | false;
  /** `string`, `boolean`, `number`, `function`, or the allowed values of an enumeration. */
  readonly type: 'string' | 'boolean' | 'number' | 'function' | readonly string[];
  /** The property's initial value, when it has one (otherwise `undefined`: not set). */
  readonly default?: boolean | number;
  /** Mirrored to the attribute when set as a property (never a token). */
  readonly reflect: boolean;
  readonly scope: SettingScope;
  readonly effect: SettingEffect;
}

/**
 * The table. Each entry's JSDoc is its documentation (the manifest reads it; `@session`
 * words it for `<biuwer-session>` where that differs), so no description ships in a bundle.
 */
export const SETTINGS = {
  /**
   * Biuwer origin, e.g. `https://acme.biuwer.com`: https only, except on `localhost`,
   * `127.x.x.x` and `[::1]`.
   */
  instance: {
    attribute: 'instance',
    type: 'string',
    reflect: true,
    scope: 'session',
    effect: 'token',
  },
  /** The shared resource token of the page, card or collection. */
  resource: {
    attribute: 'resource',
    type: 'string',
    reflect: true,
    scope: 'embed',
    effect: 'frame',
  },
  /**
   * A static auth token (refresh policy "none"). Not reflected, so a token set as a property
   * never reaches the DOM.
   */
  token: {
    attribute: 'token',
    type: 'string',
    reflect: false,
    scope: 'session',
    effect: 'token',
  },
  /**
   * URL the kit POSTs to (same-origin credentials) for a grant
   * `{token, expiresAt?, expiresIn?}`.
   */
  tokenEndpoint: {
    attribute: 'token-endpoint',
    type: 'string',
    reflect: true,
    scope: 'session',
    effect: 'token',
  },
  /**
   * `({reason, signal}) => Promise<string | TokenGrant>`; wins over `token-endpoint` and
   * `token`.
   */
  tokenProvider: {
    attribute: false,
    type: 'function',
    reflect: false,
    scope: 'session',
    effect: 'token',
  },
  /**
   * The host application's user or tenant key; scopes the token cache. Without it nothing is
   * persisted.
   */
  user: {
    attribute: 'user',
    type: 'string',
    reflect: true,
    scope: 'session',
    effect: 'token',
  },
  /** Lifetime assumed when a grant carries no expiry: `15m`, `1d`, `30d`, `P1M`. */
  tokenLifetime: {
    attribute: 'token-lifetime',
    type: 'string',
    reflect: true,
    scope: 'session',
    effect: 'token',
  },
  /** Every frame load asks for a fresh token; never cached, stored or shared. */
  singleUse: {
    attribute: 'single-use',
    type: 'boolean',
    default: false,
    reflect: true,
    scope: 'session',
    effect: 'token',
  },
  /** `indexeddb` (default when `user` is set) or `none`. */
  persist: {
    attribute: 'persist',
    type: ['indexeddb', 'none'],
    reflect: true,
    scope: 'session',
    effect: 'token',
  },
  /**
   * `lazy` (default: no token request and no frame until near the viewport) or `eager`.
   * @session Default `loading` for the embeds inside: `lazy` (default) or `eager`.
   */
  loading: {
    attribute: 'loading',
    type: ['lazy', 'eager'],
    reflect: true,
    scope: 'inherited',
    effect: 'frame',
  },
  /**
   * Frame sandbox override; unknown keywords are `INVALID_SANDBOX`, unsafe ones
   * `UNSAFE_SANDBOX`.
   * @session Default frame sandbox for the embeds inside (validated as on an embed).
   */
  sandbox: {
    attribute: 'sandbox',
    type: 'string',
    reflect: true,
    scope: 'inherited',
    effect: 'frame',
  },
  /**
   * Frame permissions policy; default `fullscreen; clipboard-write`.
   * @session Default frame permissions policy for the embeds inside.
   */
  allow: {
    attribute: 'allow',
    type: 'string',
    reflect: true,
    scope: 'inherited',
    effect: 'frame',
  },
  /**
   * Frame referrer policy; default `strict-origin-when-cross-origin`.
   * @session Default frame referrer policy for the embeds inside.
   */
  referrerpolicy: {
    attribute: 'referrerpolicy',
    type: REFERRER_POLICIES,
    reflect: true,
    scope: 'inherited',
    effect: 'frame',
  },
  /**
   * `idle` (default): a new token that needs a frame swap waits, within its refresh window,
   * for a moment nobody uses the embed (tab hidden, embed off-screen, or no focus in the frame
   * and no pointer over it for 10 s), and at the latest until 10 s before the shown token
   * expires. `immediate`: swap at once. Delivery by message never waits. A change applies
   * without a reload.
   * @session Default `rotate` for the embeds inside: `idle` (default) or `immediate`.
   */
  rotate: {
    attribute: 'rotate',
    type: ['idle', 'immediate'],
    reflect: true,
    scope: 'inherited',
    effect: 'live',
  },
  /** Follow the content height when the instance reports it (message protocol `resize`). */
  autoHeight: {
    attribute: 'auto-height',
    type: 'boolean',
    default: false,
    reflect: true,
    scope: 'embed',
    effect: 'live',
  },
  /** How long a frame may take to load before `FRAME_LOAD_TIMEOUT`, in ms. */
  loadTimeout: {
    attribute: 'load-timeout',
    type: 'number',
    default: 30_000,
    reflect: false,
    scope: 'embed',
    effect: 'frame',
  },
  /**
   * The frame's accessible title; default the host's `title`, else a localised "Biuwer card"
   * (page, collection).
   */
  frameTitle: {
    attribute: 'frame-title',
    type: 'string',
    reflect: false,
    scope: 'embed',
    effect: 'attr',
  },
} as const satisfies Record<string, SettingSpec>;

type Table = typeof SETTINGS;
export type SettingName = keyof Table;

/** The value type of a setting, from its `type` column. */
export type SettingValue<K extends SettingName> = Table[K]['type'] extends 'string'
  ? string
  : Table[K]['type'] extends 'boolean'
    ? boolean
    : Table[K]['type'] extends 'number'
      ? number
      : Table[K]['type'] extends 'function'
        ? TokenProvider
        : Table[K]['type'] extends readonly (infer V)[]
          ? V
          : never;

type NamesWhere<Cond> = { [K in SettingName]: Table[K] extends Cond ? K : never }[SettingName];
/** Settings of `<biuwer-session>`: its own and those its embeds inherit. */
export type SessionSettingName = NamesWhere<{ scope: 'session' | 'inherited' }>;
export type TokenSettingName = NamesWhere<{ effect: 'token' }>;

/**
 * The properties of an element holding the settings `K`: optional, and `null` once the
 * attribute is removed (booleans and numbers with a default always hold a value).
 */
export type SettingProperties<K extends SettingName> = {
  -readonly [P in K]: Table[P] extends { default: boolean | number }
    ? SettingValue<P>
    : SettingValue<P> | null | undefined;
};

type Entry = readonly [SettingName, SettingSpec];
const ENTRIES = Object.entries(SETTINGS) as unknown as readonly Entry[];
const namesWhere = <K extends SettingName = SettingName>(test: (spec: SettingSpec) => boolean) =>
  ENTRIES.filter(([, spec]) => test(spec)).map(([name]) => name as K);

export const SESSION_SETTINGS = namesWhere<SessionSettingName>((s) => s.scope !== 'embed');
/** Read from the session when there is one, else from the embed itself. */
export const SESSION_SCOPED = namesWhere<SessionSettingName>((s) => s.scope === 'session');
/** The embed's own value wins; the session's is the default. */
export const INHERITED = namesWhere<SessionSettingName>((s) => s.scope === 'inherited');
export const TOKEN_SETTINGS = namesWhere<TokenSettingName>((s) => s.effect === 'token');
/** A change needs a new run (a new frame; a new token as well if a token setting). */
export const RUN_SETTINGS: ReadonlySet<PropertyKey> = new Set(
  namesWhere((s) => s.effect === 'token' || s.effect === 'frame'),
);
/** A change updates the live frame's attributes. */
export const ATTR_SETTINGS = namesWhere((s) => s.effect === 'attr');

/** Lit's `static properties` for the settings `names` (the shape of Lit's declarations). */
export function propertyDeclarations(names: readonly SettingName[]) {
  const declarations: Record<
    string,
    { attribute: string | false; reflect: boolean; type?: typeof Boolean | typeof Number }
  > = {};
  for (const name of names) {
    const { attribute, reflect, type } = SETTINGS[name] as SettingSpec;
    declarations[name] = {
      attribute,
      reflect,
      type: type === 'boolean' ? Boolean : type === 'number' ? Number : undefined,
    };
  }
  return declarations;
}

/** Gives each setting of `names` that has a default its initial value. */
export function applyDefaults(target: object, names: readonly SettingName[]): void {
  for (const name of names) {
    const spec: SettingSpec = SETTINGS[name];
    if (spec.default !== undefined) (target as Record<string, unknown>)[name] = spec.default;
  }
}

/** The token settings (effect `token`) that bind one token manager. */
export type TokenSettings = Partial<SettingProperties<TokenSettingName>> & {
  /** Scopes the shared token when there is no `user`: one per session or standalone embed. */
  scope: string;
};
