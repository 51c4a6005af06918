import type { Meta, StoryObj } from '@storybook/web-components';
import {
  embedArgTypes,
  embedDefaults,
  renderEmbed,
  type EmbedArgs,
} from './support/embed-story.js';
import { RESOURCES } from './support/instance.js';

/** `<biuwer-collection>` embeds a Biuwer collection: several pages behind tabs. */
const meta: Meta<EmbedArgs> = {
  title: 'Elements/Collection',
  component: 'biuwer-collection',
  argTypes: embedArgTypes,
  args: embedDefaults(RESOURCES.collection),
  render: (args) => renderEmbed('biuwer-collection', args),
};
export default meta;
type Story = StoryObj<EmbedArgs>;

/** The collection, shown; its tabs work inside the frame. */
export const Ready: Story = {};

/** The loading placeholder, held for 12 s by a slow provider (the kit allows 15 s). */
export const Loading: Story = { args: { providerLatency: 12_000 } };

/** Following the content height. */
export const AutoHeight: Story = { args: { 'auto-height': true } };

/** The other tenant's data: ben (Contoso Films) sees different numbers. */
export const OtherTenant: Story = { args: { sampleUser: 'ben' } };

/** Spanish built-in texts (the loading text shows for 4 s). */
export const Spanish: Story = { args: { lang: 'es', providerLatency: 4000 } };

/** A phone-width column (360 px). */
export const NarrowLayout: Story = { args: { width: '360px' } };

/** A wide desktop layout (1280 px). */
export const WideLayout: Story = { args: { width: '1280px' } };
