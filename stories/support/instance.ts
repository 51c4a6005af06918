/**
 * The Biuwer instance the stories embed from: this Storybook itself, reached through its
 * other loopback name. The kit refuses an instance with the page's own origin under the
 * default sandbox (UNSAFE_SANDBOX), so the share page must live on a second origin, and
 * `localhost` and `127.0.0.1` are two origins served by the same server. Storybook must
 * therefore be opened on one of them (it is, by `npm run storybook` and the tests).
 */
export const SHARE_INSTANCE = `${location.protocol}//${
  location.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
}${location.port ? `:${location.port}` : ''}`;

/** The sample shares of the simulator (simulator/seed.js), served by the static share page. */
export const RESOURCES = {
  collection: 'c0c0c0000000000000000001',
  page: 'fa9e00000000000000000001',
  kpiCard: 'ca4d00000000000000000001',
  lineCard: 'ca4d00000000000000000002',
  barCard: 'ca4d00000000000000000003',
  tableCard: 'ca4d00000000000000000004',
  storesCard: 'ca4d00000000000000000005',
  noProtocolPage: 'fa9e00000000000000000002',
  expiredPage: 'fa9e00000000000000000003',
  restrictedPage: 'fa9e00000000000000000004',
} as const;

export const RESOURCE_LABELS: Record<string, string> = {
  [RESOURCES.collection]: 'Collection: Rentals workspace',
  [RESOURCES.page]: 'Page: Rentals overview',
  [RESOURCES.kpiCard]: 'Card: Revenue (KPI)',
  [RESOURCES.lineCard]: 'Card: Rentals per month (line)',
  [RESOURCES.barCard]: 'Card: Revenue by category (bars)',
  [RESOURCES.tableCard]: 'Card: Top films (table)',
  [RESOURCES.storesCard]: 'Card: Rentals by store (bars)',
  [RESOURCES.noProtocolPage]: 'Page without the message protocol (like a real instance)',
  [RESOURCES.expiredPage]: 'Page whose share has ended',
  [RESOURCES.restrictedPage]: 'Page shared with ana only',
};
