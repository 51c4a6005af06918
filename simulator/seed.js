// The sample instance: two tenants, one user each, and shares with well-known tokens so the
// demo page and the element tests can hard-code them. Tokens are fixed hex strings of the
// same shape Biuwer uses (24 hex for shares, 32 hex for auth tokens).

export const SAMPLE_TENANTS = Object.freeze({
  northwind: 'Northwind Rentals',
  contoso: 'Contoso Films',
});

export const SAMPLE_USERS = Object.freeze({
  ana: 'ana', // Northwind Rentals
  ben: 'ben', // Contoso Films
});

/** Shared resource tokens of the seeded shares. */
export const SAMPLE_RESOURCES = Object.freeze({
  collection: 'c0c0c0000000000000000001',
  page: 'fa9e00000000000000000001',
  kpiCard: 'ca4d00000000000000000001',
  lineCard: 'ca4d00000000000000000002',
  barCard: 'ca4d00000000000000000003',
  tableCard: 'ca4d00000000000000000004',
  storesCard: 'ca4d00000000000000000005',
  /** A share page that announces no protocol features (a real Biuwer instance). */
  noProtocolPage: 'fa9e00000000000000000002',
  /** A share whose validity ended a day before seeding. */
  expiredPage: 'fa9e00000000000000000003',
  /** Only `ana` may view it; `ben` gets "forbidden". */
  restrictedPage: 'fa9e00000000000000000004',
  /**
   * Like a real Biuwer share page: no frame protocol at all, and once its token expires the
   * open page's next data call fails and it shows "content not found".
   */
  realInstancePage: 'fa9e00000000000000000005',
});

/**
 * Static authentication tokens (refresh policy "none": no expiry, reusable) seeded for each
 * user. Fine for a local simulator; a real instance's tokens are secrets.
 */
export const SAMPLE_TOKENS = Object.freeze({
  ana: 'a11ce0000000000000000000000000a1',
  ben: 'be0000000000000000000000000000b1',
});

const DAY = 24 * 60 * 60 * 1000;

/** @param {import('./store.js').Store} store */
export function seedStore(store) {
  const t = store.now();
  store.addUser({ id: SAMPLE_USERS.ana, name: 'Ana Ortega', tenant: SAMPLE_TENANTS.northwind });
  store.addUser({ id: SAMPLE_USERS.ben, name: 'Ben Carter', tenant: SAMPLE_TENANTS.contoso });

  // Shares were "created" a month ago so a test moving the clock backwards a little still
  // finds them valid.
  const since = t - 30 * DAY;
  const R = SAMPLE_RESOURCES;
  const shares = [
    {
      token: R.collection,
      type: 'collection',
      title: 'Rentals workspace',
      contentId: 'collection:rentals',
    },
    { token: R.page, type: 'page', title: 'Rentals overview', contentId: 'page:overview' },
    { token: R.kpiCard, type: 'card', title: 'Revenue', contentId: 'card:kpi-revenue' },
    {
      token: R.lineCard,
      type: 'card',
      title: 'Rentals per month',
      contentId: 'card:rentals-by-month',
    },
    {
      token: R.barCard,
      type: 'card',
      title: 'Revenue by category',
      contentId: 'card:revenue-by-category',
    },
    { token: R.tableCard, type: 'card', title: 'Top films', contentId: 'card:top-films' },
    {
      token: R.storesCard,
      type: 'card',
      title: 'Rentals by store',
      contentId: 'card:rentals-by-store',
    },
    {
      token: R.noProtocolPage,
      type: 'page',
      title: 'Rentals overview',
      contentId: 'page:overview',
      features: [],
    },
    {
      token: R.expiredPage,
      type: 'page',
      title: 'Last year',
      contentId: 'page:overview',
      validUntil: t - DAY,
    },
    {
      token: R.restrictedPage,
      type: 'page',
      title: 'Film catalogue',
      contentId: 'page:catalogue',
      access: [SAMPLE_USERS.ana],
    },
    {
      token: R.realInstancePage,
      type: 'page',
      title: 'Rentals overview',
      contentId: 'page:overview',
      features: [],
      realInstance: true,
    },
  ];
  for (const share of shares) store.addResource({ validFrom: since, ...share });

  // issueToken is async only for JWTs; opaque tokens are recorded synchronously, so the
  // seed is complete when this function returns.
  void store.issueToken({ userId: SAMPLE_USERS.ana, token: SAMPLE_TOKENS.ana, from: since });
  void store.issueToken({ userId: SAMPLE_USERS.ben, token: SAMPLE_TOKENS.ben, from: since });
}
