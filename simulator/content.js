// Sample content: one film-rentals dataset with a tenant column (the store filters it by the
// viewer's tenant, like a Biuwer data policy), its aggregates, and the pages, cards and
// collection rendered from them. Generation is seeded by the tenant name, so every run and
// every test sees the same numbers, and two tenants never see the same ones.
import {
  barChart,
  esc,
  formatMoney,
  formatNumber,
  hBarChart,
  kpiTile,
  lineChart,
  table,
} from './charts.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const YEAR = 2025;
/** [title, category, rental price in USD, popularity] — invented titles. */
const FILMS = [
  ['Harbor of Echoes', 'Drama', 3.99, 1.3],
  ['Rocket Picnic', 'Family', 2.99, 1.5],
  ['The Last Lighthouse', 'Documentary', 2.49, 0.7],
  ['Velvet Heist', 'Action', 4.49, 1.6],
  ['Moonlit Carnival', 'Horror', 3.49, 0.9],
  ['Paper Dragons', 'Animation', 2.99, 1.4],
  ['Orbit Nine', 'Sci-Fi', 4.99, 1.2],
  ['Laughing Lessons', 'Comedy', 2.49, 1.1],
  ['Silent Tide', 'Drama', 3.49, 0.8],
  ['Copper Canyon Run', 'Action', 3.99, 1.0],
  ['Whisker Patrol', 'Animation', 2.49, 1.2],
  ['The Glass Archive', 'Documentary', 1.99, 0.5],
  ['Night Shift Ghosts', 'Horror', 2.99, 0.7],
  ['Starlight Diner', 'Comedy', 2.99, 0.9],
  ['Quantum Garden', 'Sci-Fi', 3.99, 0.8],
  ['Summer on Maple Street', 'Family', 1.99, 1.0],
];
const STORE_SITES = ['Downtown', 'Riverside', 'Airport'];

/** FNV-1a: a stable 32-bit seed from a string. */
function hash(text) {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193);
  return h >>> 0;
}

/** mulberry32: small, fast, deterministic PRNG. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The tenant's rows of the shared fact table: one per month × film × store.
 * @param {string} tenant
 * @returns {{ tenant: string, month: number, film: string, category: string, store: string,
 *   rentals: number, revenue: number }[]}
 */
export function generateRentals(tenant) {
  const rand = prng(hash(tenant));
  const brand = tenant.split(/\s+/)[0];
  const sites = STORE_SITES.slice(0, 2 + Math.floor(rand() * 2)).map((s) => `${brand} ${s}`);
  const size = 0.6 + rand() * 1.2; // tenants differ in scale, not just noise
  const taste = Object.fromEntries(FILMS.map(([, cat]) => [cat, 0.6 + rand() * 0.8]));
  const rows = [];
  for (let month = 0; month < 12; month++) {
    const season = 1 + 0.25 * Math.cos(((month - 11) / 12) * 2 * Math.PI); // peaks in winter
    sites.forEach((store, s) => {
      for (const [film, category, price, popularity] of FILMS) {
        const mean = 40 * size * season * popularity * taste[category] * (1 - s * 0.18);
        const rentals = Math.max(0, Math.round(mean * (0.8 + rand() * 0.4)));
        rows.push({
          tenant,
          month,
          film,
          category,
          store,
          rentals,
          revenue: Math.round(rentals * price * 100) / 100,
        });
      }
    });
  }
  return rows;
}

const sumBy = (rows, key, value) => {
  const out = new Map();
  for (const r of rows) out.set(r[key], (out.get(r[key]) ?? 0) + r[value]);
  return out;
};

/** Aggregates a tenant's rows into what the dashboards show. */
export function summarize(rows) {
  const totalRentals = rows.reduce((n, r) => n + r.rentals, 0);
  const totalRevenue = Math.round(rows.reduce((n, r) => n + r.revenue, 0));
  const perMonth = sumBy(rows, 'month', 'rentals');
  const byFilm = [...sumBy(rows, 'film', 'rentals')].map(([title, rentals]) => {
    const film = FILMS.find(([t]) => t === title);
    return { title, category: film[1], rentals, revenue: Math.round(rentals * film[2]) };
  });
  return {
    totalRentals,
    totalRevenue,
    avgRevenue: totalRentals ? totalRevenue / totalRentals : 0,
    activeFilms: byFilm.filter((f) => f.rentals > 0).length,
    byMonth: MONTHS.map((label, m) => ({ label, value: perMonth.get(m) ?? 0 })),
    byCategory: [...sumBy(rows, 'category', 'revenue')]
      .map(([label, value]) => ({ label, value: Math.round(value) }))
      .sort((a, b) => b.value - a.value),
    byStore: [...sumBy(rows, 'store', 'rentals')].map(([label, value]) => ({ label, value })),
    topFilms: byFilm.sort((a, b) => b.rentals - a.rentals).slice(0, 8),
  };
}

const FILM_COLUMNS = [
  { key: 'title', label: 'Film' },
  { key: 'category', label: 'Category' },
  { key: 'rentals', label: 'Rentals', numeric: true, format: formatNumber },
  { key: 'revenue', label: 'Revenue', numeric: true, format: formatMoney },
];

/** Widgets by id; each takes the summary (and a chart width in viewBox units) → HTML. */
const WIDGETS = {
  'kpi-rentals': (s) =>
    kpiTile({
      name: 'rentals',
      label: 'Rentals',
      value: formatNumber(s.totalRentals),
      hint: `${YEAR}`,
    }),
  'kpi-revenue': (s) =>
    kpiTile({
      name: 'revenue',
      label: 'Revenue',
      value: formatMoney(s.totalRevenue),
      hint: `${YEAR}`,
    }),
  'kpi-average': (s) =>
    kpiTile({ name: 'average', label: 'Avg. per rental', value: `$${s.avgRevenue.toFixed(2)}` }),
  'kpi-films': (s) =>
    kpiTile({ name: 'films', label: 'Films rented', value: formatNumber(s.activeFilms) }),
  'rentals-by-month': (s, width) =>
    lineChart({ label: 'Rentals per month', data: s.byMonth, width }),
  'revenue-by-category': (s, width) =>
    hBarChart({ label: 'Revenue by category', data: s.byCategory, format: formatMoney, width }),
  'rentals-by-store': (s, width) => barChart({ label: 'Rentals by store', data: s.byStore, width }),
  'top-films': (s) => table({ caption: 'Top films', columns: FILM_COLUMNS, rows: s.topFilms }),
};
const WIDGET_TITLES = {
  'rentals-by-month': `Rentals per month, ${YEAR}`,
  'revenue-by-category': 'Revenue by category',
  'rentals-by-store': 'Rentals by store',
  'top-films': 'Top films',
};

const panel = (id, s, wide = false) =>
  `<section class="bw-panel${wide ? ' bw-wide' : ''}" data-widget="${id}"><h2>${esc(WIDGET_TITLES[id])}</h2>${WIDGETS[id](s, wide ? 900 : 440)}</section>`;

/** Page layouts: KPI ids, then panels (wide ones marked). */
const PAGES = {
  overview: {
    title: 'Rentals overview',
    body: (s) =>
      `<div class="bw-kpis">${['kpi-rentals', 'kpi-revenue', 'kpi-average', 'kpi-films'].map((k) => WIDGETS[k](s)).join('')}</div>` +
      `<div class="bw-grid">${panel('rentals-by-month', s, true)}${panel('revenue-by-category', s)}${panel('rentals-by-store', s)}</div>` +
      panel('top-films', s),
  },
  catalogue: {
    title: 'Film catalogue',
    body: (s) =>
      `<div class="bw-grid">${panel('revenue-by-category', s)}${panel('top-films', s)}</div>`,
  },
};

const header = (title, tenant) =>
  `<header class="bw-header"><div><h1>${esc(title)}</h1><p class="bw-sub">${esc(tenant)} · ${YEAR}</p></div><span class="bw-brand">Biuwer</span></header>`;

function renderPage(pageId, s, { title, tenant }) {
  const page = PAGES[pageId];
  return `<div class="bw-page" data-page="${pageId}" data-tenant="${esc(tenant)}">${header(title ?? page.title, tenant)}${page.body(s)}</div>`;
}

function renderCard(widgetId, s, { title, tenant }) {
  return `<article class="bw-card-view" data-widget="${widgetId}" data-tenant="${esc(tenant)}"><h2>${esc(title ?? WIDGET_TITLES[widgetId] ?? '')}</h2>${WIDGETS[widgetId](s)}</article>`;
}

/** Tabs without script: radio inputs + sibling selectors, so the CSP needs no exception. */
function renderCollection(pageIds, s, { title, tenant }) {
  const inputs = pageIds.map(
    (_, i) =>
      `<input class="bw-tab-input" type="radio" name="bw-tab" id="bw-tab-${i}"${i ? '' : ' checked'}>`,
  );
  const labels = pageIds.map((p, i) => `<label for="bw-tab-${i}">${esc(PAGES[p].title)}</label>`);
  const panels = pageIds.map(
    (p, i) => `<div class="bw-tab-panel" data-tab="${i}">${renderPage(p, s, { tenant })}</div>`,
  );
  const css = pageIds.map(
    (_, i) =>
      `#bw-tab-${i}:checked ~ .bw-tab-panel[data-tab="${i}"] { display: block; }` +
      `#bw-tab-${i}:checked ~ .bw-tabs label[for="bw-tab-${i}"] { color: var(--bw-accent); border-color: var(--bw-accent); }` +
      `#bw-tab-${i}:focus-visible ~ .bw-tabs label[for="bw-tab-${i}"] { outline: 2px solid var(--bw-accent); }`,
  );
  return `<div class="bw-collection" data-tenant="${esc(tenant)}"><style>${css.join('')}</style><p class="bw-brand">${esc(title ?? 'Collection')} · ${esc(tenant)}</p>${inputs.join('')}<nav class="bw-tabs">${labels.join('')}</nav>${panels.join('')}</div>`;
}

/** contentId → renderer. Unknown ids render the not-found screen. */
const CATALOGUE = {
  'page:overview': (s, o) => renderPage('overview', s, o),
  'page:catalogue': (s, o) => renderPage('catalogue', s, o),
  'collection:rentals': (s, o) => renderCollection(['overview', 'catalogue'], s, o),
  ...Object.fromEntries(
    [
      'kpi-revenue',
      'kpi-rentals',
      'rentals-by-month',
      'revenue-by-category',
      'rentals-by-store',
      'top-films',
    ].map((id) => [`card:${id}`, (s, o) => renderCard(id, s, o)]),
  ),
};

export const CONTENT_IDS = Object.keys(CATALOGUE);

/**
 * @param {string} contentId
 * @param {{ rows: object[], tenant: string, title?: string }} options rows already filtered
 * @returns {string | null} HTML, or null for an unknown content id
 */
export function renderContent(contentId, { rows, tenant, title }) {
  const render = CATALOGUE[contentId];
  return render ? render(summarize(rows), { title, tenant }) : null;
}

/** Biuwer's screen for unknown, expired or unauthorised shares: it never says which. */
export function renderNotFound() {
  return `<div class="bw-not-found" data-screen="not-found" role="alert">
<svg viewBox="0 0 64 64" aria-hidden="true" fill="none" stroke="#9ca3af" stroke-width="3"><rect x="10" y="8" width="36" height="46" rx="4"/><path d="M18 20h20M18 28h14"/><circle cx="42" cy="42" r="9" fill="#fff"/><path d="M49 49l7 7"/></svg>
<h1>Content not found</h1>
<p>The content you are looking for does not exist, is no longer shared, or your access to it has expired.</p></div>`;
}
