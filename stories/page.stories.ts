import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components';
import {
  embedArgTypes,
  embedDefaults,
  renderEmbed,
  type EmbedArgs,
} from './support/embed-story.js';
import { RESOURCES } from './support/instance.js';
import { mintToken } from './support/tokens.js';

/**
 * `<biuwer-page>` embeds one shared Biuwer page. The content comes from a static copy of the
 * share simulator served by this Storybook on a second origin; the token provider beside it
 * is the stories' own, with its lifetime, latency and failure rate as controls.
 */
const meta: Meta<EmbedArgs> = {
  title: 'Elements/Page',
  component: 'biuwer-page',
  argTypes: embedArgTypes,
  args: embedDefaults(RESOURCES.page),
  render: (args) => renderEmbed('biuwer-page', args),
};
export default meta;
type Story = StoryObj<EmbedArgs>;

/** The content is shown: the state a user sees almost every time. */
export const Ready: Story = {};

/**
 * The loading placeholder, held for 12 s by a slow provider (the kit itself gives a provider
 * 15 s). Press **Reload** in the panel to see it again.
 */
export const Loading: Story = { args: { providerLatency: 12_000 } };

/** The frame follows the height of its content (the share page reports it by message). */
export const AutoHeight: Story = { args: { 'auto-height': true } };

/**
 * `loading="lazy"` (the default): no token request and no frame until the embed nears the
 * viewport. The panel shows 0 calls until you scroll down.
 */
export const LazyBelowTheFold: Story = {
  args: { loading: 'lazy' },
  render: (args) =>
    renderEmbed('biuwer-page', args, {
      before: html`<div class="story-spacer">
        Scroll down: the page below loads when it comes near.
      </div>`,
    }),
};

/** Built-in texts in Spanish, from a `lang="es"` wrapper (the loading text shows for 4 s). */
export const Spanish: Story = { args: { lang: 'es', providerLatency: 4000 } };

/** A phone-width column (360 px). */
export const NarrowLayout: Story = { args: { width: '360px' } };

/** A wide desktop layout (1280 px; scroll sideways on a smaller canvas). */
export const WideLayout: Story = { args: { width: '1280px', height: '760px' } };

/**
 * A short-lived token rotating live: each token lives 20 s, so the kit fetches a new one
 * every 10 s and hands it to the frame by message, without reloading it.
 */
export const Refreshing: Story = { args: { providerLifetime: 20 } };

/**
 * A share page that speaks no message protocol, like a real Biuwer instance: tokens of 20 s
 * rotate by a seamless frame swap (a new frame loads hidden, then replaces the old one).
 */
export const RefreshingWithoutProtocol: Story = {
  args: { providerLifetime: 20, resource: RESOURCES.noProtocolPage },
};

/**
 * `rotate="idle"` (the default) on a share page without the message protocol: tokens of 40 s
 * refresh after 20 s, and the swap waits while you use the page. Keep the pointer on it (or
 * click into it) and the old frame stays, with whatever you did in it, until you have been
 * away for 10 s, or until 10 s before the old token expires; the panel's timeline shows the
 * swap and how long it waited (`deferredMs`).
 */
export const RotateWhenIdle: Story = {
  args: { providerLifetime: 40, resource: RESOURCES.noProtocolPage, rotate: 'idle' },
};

/**
 * `rotate="immediate"`: the same page swaps as soon as the new token arrives, even under the
 * pointer, and a tab you picked or a position you scrolled to is gone.
 */
export const RotateImmediately: Story = {
  args: { providerLifetime: 40, resource: RESOURCES.noProtocolPage, rotate: 'immediate' },
};

/** Single use: every frame load asks for a fresh token. Press **Reload** to see a new call. */
export const SingleUse: Story = { args: { 'single-use': true } };

/**
 * Expired: 15-second tokens, and the provider fails every call after the first (the
 * backend went down). The kit retries quietly while the token is valid; when the token runs
 * out, the page shows the error of the last failed call (`TOKEN_PROVIDER_FAILED`), about
 * 15 s in.
 */
export const Expired: Story = {
  args: { providerLifetime: 15, providerBehavior: 'down-after-first' },
};

/**
 * A static token (policy "none") whose validity has ended: Biuwer refuses it, the kit asks
 * the token source again, gets the same token, and gives up with `TOKEN_REJECTED`.
 */
export const ExpiredStaticToken: Story = {
  args: {
    tokenSource: 'token',
    token: mintToken({ user: 'ana', expiresAt: Date.UTC(2025, 0, 31) }),
  },
};

/**
 * The share has ended in Biuwer: Biuwer's own "content not found" screen. A new token would
 * not help, so the kit keeps the frame and asks for nothing.
 */
export const ExpiredShare: Story = { args: { resource: RESOURCES.expiredPage } };

/** A page shared with ana only, viewed by ben: Biuwer shows "content not found". */
export const NotSharedWithThisUser: Story = {
  args: { resource: RESOURCES.restrictedPage, sampleUser: 'ben' },
};
