// Shared args, argTypes and templates of the element stories. Attribute args are named like
// the attributes (so they line up with the autodocs rows from custom-elements.json);
// story-only args (the token provider, the layout) are grouped apart.
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import type { ArgTypes } from '@storybook/web-components';
import { RESOURCE_LABELS, RESOURCES, SHARE_INSTANCE } from './instance.js';
import { TokenLab, type ProviderSettings } from './token-lab.js';
import { settingArgTypes } from './setting-args.js';
import { STATIC_TOKENS } from './tokens.js';
import './stage.css';

export type EmbedTag = 'biuwer-page' | 'biuwer-card' | 'biuwer-collection';

export interface SessionArgs extends ProviderSettings {
  instance: string;
  tokenSource: 'provider' | 'token' | 'none';
  token: string;
  user: string;
  'token-lifetime': string;
  'single-use': boolean;
  persist: string;
  loading: 'lazy' | 'eager';
  sandbox: string;
  rotate: 'idle' | 'immediate';
  'load-timeout': number;
  lang: 'en' | 'es';
  width: string;
}

export interface EmbedArgs extends SessionArgs {
  resource: string;
  'auto-height': boolean;
  title: string;
  height: string;
}

const ATTRS = 'attributes';
const PROVIDER = 'token provider (story only)';
const LAYOUT = 'layout (story only)';

export const sessionArgTypes: Partial<ArgTypes<SessionArgs>> = {
  ...settingArgTypes(
    [
      'instance',
      'token',
      'user',
      'tokenLifetime',
      'singleUse',
      'persist',
      'loading',
      'sandbox',
      'rotate',
    ],
    {
      instance: {
        description:
          'Biuwer origin. In Storybook it is this Storybook on its other loopback name, where a static copy of the share page is served.',
      },
      token: {
        description:
          'A static auth token (policy "none"), used when the token source is `token`. The sample tokens of ana and ben never expire.',
      },
      user: {
        description:
          "The host application's user key; scopes the token cache. Empty: nothing is stored.",
      },
      tokenLifetime: {
        description:
          'Lifetime assumed when a grant carries no expiry: `15m`, `1d`, `30d`, `P1M`. Set the provider lifetime to 0 to see it used.',
      },
      persist: {
        options: ['', 'indexeddb', 'none'],
        control: { type: 'select', labels: { '': '(default)' } },
      },
      sandbox: {
        description:
          'Overrides the frame sandbox. Unknown keywords are `INVALID_SANDBOX`; top navigation is `UNSAFE_SANDBOX`. Empty: the default.',
      },
      rotate: {
        description:
          '`idle`: a token rotation that needs a frame swap waits until nobody uses the embed (no pointer over it and no focus in it for 10 s, or it is off-screen, or the tab hidden), at the latest until 10 s before the shown token expires. `immediate`: swap at once. A token handed over by message never waits.',
      },
    },
  ),
  ...settingArgTypes(['loadTimeout'], {
    loadTimeout: { control: { type: 'number', min: 1, step: 1000 } },
  }),
  tokenSource: {
    name: 'token source',
    description:
      'Which token source the story sets: the `tokenProvider` property (the provider below), the static `token` attribute, or none (`MISSING_TOKEN_SOURCE`).',
    options: ['provider', 'token', 'none'],
    control: 'inline-radio',
    table: { category: PROVIDER },
  },
  providerLifetime: {
    name: 'lifetime (s)',
    description:
      'Seconds each token lives (the grant says `expiresIn`). The kit refreshes at min(max(60 s, 10 %), 50 %) of it before expiry; 0 = no expiry.',
    control: { type: 'number', min: 0, step: 5 },
    table: { category: PROVIDER },
  },
  providerLatency: {
    name: 'latency (ms)',
    description:
      'How long the provider takes to answer. The kit gives up after 15 s (`TOKEN_PROVIDER_TIMEOUT`).',
    control: { type: 'range', min: 0, max: 16_000, step: 250 },
    table: { category: PROVIDER },
  },
  providerFailureRate: {
    name: 'failure rate',
    description:
      'Share of provider calls that fail (0–1), spread evenly (0.5: every second call; only 1 fails the first). With a valid token the kit retries quietly; without one it shows `TOKEN_PROVIDER_FAILED`.',
    control: { type: 'range', min: 0, max: 1, step: 0.05 },
    table: { category: PROVIDER },
  },
  providerBehavior: {
    name: 'behaviour',
    description:
      'What the provider answers: fresh tokens; something that is not a grant (`INVALID_GRANT`); an expired token (`TOKEN_EXPIRED`); tokens Biuwer refuses (`TOKEN_REJECTED`); a 401 (`TOKEN_REJECTED`); nothing at all (`TOKEN_PROVIDER_TIMEOUT` after 15 s); or one token, then failures (the backend went down).',
    options: [
      'tokens',
      'invalid-grant',
      'already-expired',
      'revoked-tokens',
      'unauthorized',
      'never-answers',
      'down-after-first',
    ],
    control: 'select',
    table: { category: PROVIDER },
  },
  sampleUser: {
    name: 'sample user',
    description:
      'Whose tokens the provider mints: ana (Northwind Rentals) or ben (Contoso Films). The share page filters the data by tenant, so the numbers differ.',
    options: ['ana', 'ben'],
    control: 'inline-radio',
    table: { category: PROVIDER },
  },
  lang: {
    description: 'The `lang` of a wrapper element: the kit picks its built-in texts from it.',
    options: ['en', 'es'],
    control: 'inline-radio',
    table: { category: LAYOUT },
  },
  width: {
    description: 'Width of the box the embeds sit in (any CSS length).',
    control: 'text',
    table: { category: LAYOUT },
  },
};

export const embedArgTypes: Partial<ArgTypes<EmbedArgs>> = {
  ...(sessionArgTypes as Partial<ArgTypes<EmbedArgs>>),
  ...settingArgTypes(['resource', 'autoHeight'], {
    resource: {
      options: Object.values(RESOURCES),
      control: { type: 'select', labels: RESOURCE_LABELS },
    },
  }),
  title: {
    description: 'Accessible title of the frame; defaults to "Biuwer page/card/collection".',
    control: 'text',
    table: { category: ATTRS },
  },
  height: {
    name: '--biuwer-embed-height',
    description: 'CSS custom property: height of the embed. Empty: the element default.',
    control: 'text',
    table: { category: 'css custom properties' },
  },
};

export const sessionDefaults: SessionArgs = {
  instance: SHARE_INSTANCE,
  tokenSource: 'provider',
  token: STATIC_TOKENS.ana,
  user: '',
  'token-lifetime': '',
  'single-use': false,
  persist: '',
  loading: 'eager',
  sandbox: '',
  rotate: 'idle',
  'load-timeout': 30_000,
  providerLifetime: 3600,
  providerLatency: 300,
  providerFailureRate: 0,
  providerBehavior: 'tokens',
  sampleUser: 'ana',
  lang: 'en',
  width: '100%',
};

export function embedDefaults(resource: string): EmbedArgs {
  return {
    ...sessionDefaults,
    resource,
    'auto-height': false,
    title: '',
    height: '',
  };
}

const opt = (value: string | undefined | null) => (value ? value : undefined);

function labFor(args: SessionArgs): TokenLab {
  return new TokenLab({
    providerLifetime: args.providerLifetime,
    providerLatency: args.providerLatency,
    providerFailureRate: args.providerFailureRate,
    providerBehavior: args.providerBehavior,
    sampleUser: args.sampleUser,
    singleUse: args['single-use'],
  });
}

/** The embeds beside the token panel, inside the `lang` wrapper. */
function stage(args: SessionArgs, lab: TokenLab, content: TemplateResult): TemplateResult {
  return html`<div class="story-stage" lang=${args.lang}>
    <div class="story-scroll">
      <div class="story-embeds" style=${`--story-width: ${args.width || '100%'}`}>${content}</div>
    </div>
    <story-token-lab .lab=${lab}></story-token-lab>
  </div>`;
}

/** One embed element; `standalone` ones carry the instance and token settings themselves. */
export function embedTemplate(
  tag: EmbedTag,
  args: EmbedArgs,
  lab: TokenLab | undefined,
  slotted?: TemplateResult,
): TemplateResult {
  const t = unsafeStatic(tag);
  const standalone = lab !== undefined;
  const token = standalone && args.tokenSource === 'token' ? args.token : undefined;
  const provider = standalone && args.tokenSource === 'provider' ? lab.provider : undefined;
  return staticHtml`<${t}
    instance=${ifDefined(standalone ? opt(args.instance) : undefined)}
    resource=${ifDefined(opt(args.resource))}
    user=${ifDefined(standalone ? opt(args.user) : undefined)}
    token-lifetime=${ifDefined(standalone ? opt(args['token-lifetime']) : undefined)}
    persist=${ifDefined(standalone ? opt(args.persist) : undefined)}
    loading=${ifDefined(standalone ? opt(args.loading) : undefined)}
    sandbox=${ifDefined(standalone ? opt(args.sandbox) : undefined)}
    rotate=${ifDefined(standalone ? opt(args.rotate) : undefined)}
    title=${ifDefined(opt(args.title))}
    style=${ifDefined(args.height ? `--biuwer-embed-height: ${args.height}` : undefined)}
    ?single-use=${standalone && args['single-use']}
    ?auto-height=${args['auto-height']}
    .token=${token}
    .tokenProvider=${provider}
    .loadTimeout=${args['load-timeout']}
  >${slotted ?? ''}</${t}>`;
}

/** A standalone embed and its token panel; `before` goes above it, `slotted` inside it. */
export function renderEmbed(
  tag: EmbedTag,
  args: EmbedArgs,
  { before, slotted }: { before?: TemplateResult; slotted?: TemplateResult } = {},
) {
  const lab = labFor(args);
  return stage(args, lab, html`${before ?? ''}${embedTemplate(tag, args, lab, slotted)}`);
}

/** A `<biuwer-session>` holding the settings, with embeds inside, and its token panel. */
export function renderSession(
  args: SessionArgs,
  embeds: Array<{ tag: EmbedTag; resource: string; height?: string; autoHeight?: boolean }>,
) {
  const lab = labFor(args);
  const children = embeds.map(({ tag, resource, height, autoHeight }) =>
    embedTemplate(
      tag,
      {
        ...args,
        resource,
        'auto-height': autoHeight ?? false,
        title: '',
        height: height ?? '',
      },
      undefined,
    ),
  );
  return stage(
    args,
    lab,
    html`<biuwer-session
      instance=${ifDefined(opt(args.instance))}
      user=${ifDefined(opt(args.user))}
      token-lifetime=${ifDefined(opt(args['token-lifetime']))}
      persist=${ifDefined(opt(args.persist))}
      loading=${ifDefined(opt(args.loading))}
      sandbox=${ifDefined(opt(args.sandbox))}
      rotate=${ifDefined(opt(args.rotate))}
      ?single-use=${args['single-use']}
      .token=${args.tokenSource === 'token' ? args.token : undefined}
      .tokenProvider=${args.tokenSource === 'provider' ? lab.provider : undefined}
    >
      <div class="story-grid">${children}</div>
    </biuwer-session>`,
  );
}
