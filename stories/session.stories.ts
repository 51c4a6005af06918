import type { Meta, StoryObj } from '@storybook/web-components';
import {
  renderSession,
  sessionArgTypes,
  sessionDefaults,
  type EmbedTag,
  type SessionArgs,
} from './support/embed-story.js';
import { RESOURCES } from './support/instance.js';

/**
 * `<biuwer-session>` holds the instance and the token settings for every embed inside it:
 * the cards below share one token, so they make one provider call and one refresh. These
 * stories show Biuwer's refresh policies (none, monthly, daily, single use, a short-lived
 * token refreshing live) on a small dashboard.
 */
const meta: Meta<SessionArgs> = {
  title: 'Elements/Session',
  component: 'biuwer-session',
  argTypes: sessionArgTypes,
  args: sessionDefaults,
  render: (args) => renderSession(args, DASHBOARD),
};
export default meta;
type Story = StoryObj<SessionArgs>;

const DASHBOARD: Array<{ tag: EmbedTag; resource: string; autoHeight?: boolean }> = [
  // The KPI is short: it takes the height of its content.
  { tag: 'biuwer-card', resource: RESOURCES.kpiCard, autoHeight: true },
  { tag: 'biuwer-card', resource: RESOURCES.lineCard },
  { tag: 'biuwer-card', resource: RESOURCES.barCard },
  { tag: 'biuwer-card', resource: RESOURCES.storesCard },
];

/** Four cards, one session: one provider call for all of them. */
export const SeveralCards: Story = {};

/** Policy "none": a static `token` that never expires; no provider at all. */
export const StaticToken: Story = { args: { tokenSource: 'token' } };

/** Policy "monthly": tokens live 30 days; the kit refreshes 3 days early. */
export const Monthly: Story = { args: { providerLifetime: 30 * 86_400 } };

/** Policy "daily": tokens live a day; the kit refreshes 2.4 h early. */
export const Daily: Story = { args: { providerLifetime: 86_400 } };

/**
 * The grant carries no expiry, so `token-lifetime="1d"` decides it (provider lifetime 0).
 */
export const LifetimeFromAttribute: Story = {
  args: { providerLifetime: 0, 'token-lifetime': '1d' },
};

/**
 * A short-lived token rotating live: 20-second tokens, refreshed every 10 s with one call for
 * the four cards, and handed to each frame by message (no reload, no flash).
 */
export const Refreshing: Story = { args: { providerLifetime: 20 } };

/**
 * A flaky provider: half the calls fail. While the current token is valid the kit retries
 * quietly with backoff, so the cards stay on screen.
 */
export const FlakyProvider: Story = { args: { providerLifetime: 20, providerFailureRate: 0.5 } };

/** Single use: every card's frame gets its own fresh token (four calls, never shared). */
export const SingleUse: Story = { args: { 'single-use': true } };

/** Built-in texts in Spanish (`lang="es"` wrapper; the loading text shows for 4 s). */
export const Spanish: Story = { args: { lang: 'es', providerLatency: 4000 } };

/** The dashboard in a phone-width column (360 px). */
export const NarrowLayout: Story = { args: { width: '360px' } };

/** The dashboard on a wide screen (1280 px): the cards flow into one row. */
export const WideLayout: Story = { args: { width: '1280px' } };
