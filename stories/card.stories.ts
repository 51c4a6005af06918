import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components';
import {
  embedArgTypes,
  embedDefaults,
  renderEmbed,
  type EmbedArgs,
} from './support/embed-story.js';
import { RESOURCES } from './support/instance.js';

/**
 * `<biuwer-card>` embeds one Biuwer card (a chart, KPI or table). Its stories also show every
 * error a designer can meet: each `Error…` story sets the attribute, property or provider
 * behaviour that produces that code (see the story's description).
 */
const meta: Meta<EmbedArgs> = {
  title: 'Elements/Card',
  component: 'biuwer-card',
  argTypes: embedArgTypes,
  args: embedDefaults(RESOURCES.lineCard),
  render: (args) => renderEmbed('biuwer-card', args),
};
export default meta;
type Story = StoryObj<EmbedArgs>;

/** A line chart card, shown. */
export const Ready: Story = {};

/** A KPI card with a custom height. */
export const Kpi: Story = { args: { resource: RESOURCES.kpiCard, height: '160px' } };

/** A table card. */
export const Table: Story = { args: { resource: RESOURCES.tableCard, height: '420px' } };

/** The loading placeholder, held for 12 s by a slow provider (the kit allows 15 s). */
export const Loading: Story = { args: { providerLatency: 12_000 } };

/** The `loading` slot replaces the built-in placeholder (held for 12 s). */
export const CustomLoadingSlot: Story = {
  args: { providerLatency: 12_000 },
  render: (args) =>
    renderEmbed('biuwer-card', args, {
      slotted: html`<div slot="loading" class="story-custom-status">
        ⏳ Fetching your numbers…
      </div>`,
    }),
};

/** Spanish built-in texts from a `lang="es"` wrapper, on an error (the retry button too). */
export const Spanish: Story = {
  args: { lang: 'es', providerFailureRate: 1 },
};

/** A phone-width card (320 px). */
export const NarrowLayout: Story = { args: { width: '320px' } };

/** A wide card (1024 px). */
export const WideLayout: Story = { args: { width: '1024px', resource: RESOURCES.barCard } };

// ——— Errors: one story per code ———

/** `INVALID_INSTANCE`: `instance="http://acme.biuwer.com"` (plain http off localhost). */
export const ErrorInvalidInstance: Story = { args: { instance: 'http://acme.biuwer.com' } };

/** `INVALID_RESOURCE`: a resource token with a space in it. */
export const ErrorInvalidResource: Story = { args: { resource: 'not a token' } };

/** `INVALID_TOKEN`: a static `token` containing a `:` (it would split the frame name). */
export const ErrorInvalidToken: Story = {
  args: { tokenSource: 'token', token: 'abc:def' },
};

/** `INVALID_GRANT`: the provider answers with an object that is not a token grant. */
export const ErrorInvalidGrant: Story = { args: { providerBehavior: 'invalid-grant' } };

/** `INVALID_LIFETIME`: `token-lifetime="soon"`. */
export const ErrorInvalidLifetime: Story = { args: { 'token-lifetime': 'soon' } };

/** `INVALID_SANDBOX`: `sandbox="allow-everything"`, an unknown keyword. */
export const ErrorInvalidSandbox: Story = { args: { sandbox: 'allow-everything' } };

/**
 * `UNSAFE_SANDBOX`: `sandbox="allow-scripts allow-top-navigation"`: the embedded content
 * could navigate the host page away. (The same code comes from pointing `instance` at the
 * page's own origin under the default sandbox.)
 */
export const ErrorUnsafeSandbox: Story = {
  args: { sandbox: 'allow-scripts allow-top-navigation' },
};

/** `INVALID_PERSIST`: `persist="sometimes"`. */
export const ErrorInvalidPersist: Story = { args: { persist: 'sometimes' } };

/** `MISSING_TOKEN_SOURCE`: no `tokenProvider`, `token-endpoint` or `token`. */
export const ErrorMissingTokenSource: Story = { args: { tokenSource: 'none' } };

/** `TOKEN_PROVIDER_FAILED`: the provider fails every call (failure rate 1). */
export const ErrorTokenProviderFailed: Story = { args: { providerFailureRate: 1 } };

/**
 * `TOKEN_PROVIDER_TIMEOUT`: the provider never answers. The kit waits 15 s (not configurable
 * from the element), so this story shows the loading state for 15 s, then the error.
 */
export const ErrorTokenProviderTimeout: Story = { args: { providerBehavior: 'never-answers' } };

/**
 * `TOKEN_REJECTED`: the provider answers 401 (the user must sign in again); the kit stops
 * retrying.
 */
export const ErrorTokenRejected: Story = { args: { providerBehavior: 'unauthorized' } };

/**
 * `TOKEN_REJECTED`, from Biuwer this time: every token the provider hands out is refused by
 * the share page (a revoked user). The kit asks once more, then gives up.
 */
export const ErrorTokenRejectedByBiuwer: Story = { args: { providerBehavior: 'revoked-tokens' } };

/** `TOKEN_EXPIRED`: the provider hands out a token that expired a minute ago. */
export const ErrorTokenExpired: Story = { args: { providerBehavior: 'already-expired' } };

/**
 * `FRAME_LOAD_TIMEOUT`: `load-timeout` is set to 1 ms, shorter than any frame
 * load. (With the default 30 s it happens only on a stalled network; a static Storybook has
 * no share page that never finishes loading.)
 */
export const ErrorFrameLoadTimeout: Story = { args: { 'load-timeout': 1 } };

/** The `error` slot replaces the built-in error text; the retry button stays. */
export const CustomErrorSlot: Story = {
  args: { providerFailureRate: 1 },
  render: (args) =>
    renderEmbed('biuwer-card', args, {
      slotted: html`<div slot="error" class="story-custom-status">
        This chart is unavailable right now.
      </div>`,
    }),
};
