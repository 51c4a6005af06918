// Section 2: token endpoint calls, N embeds × M tabs, short-lived tokens, one window of time.
import { pollPage, sleep, uid } from './browser.js';

/** The kit's refresh interval: lifetime − min(max(60 s, 10 %), 50 %) (DESIGN §3). */
export const kitInterval = (lifeS) =>
  lifeS * 1000 - Math.min(Math.max(60_000, lifeS * 100), lifeS * 500);
/** Superset SDK 0.4: max(10 s, exp − now) − 5 s (guestTokenRefresh.js). */
export const supersetInterval = (lifeS) => Math.max(10_000, lifeS * 1000) - 5_000;

/** Groups call times into bursts: calls less than half an interval apart are one refresh. */
function bursts(times, intervalMs) {
  const out = [];
  for (const t of [...times].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && t - last.end < intervalMs / 2) {
      last.end = t;
      last.calls++;
    } else out.push({ start: t, end: t, calls: 1 });
  }
  return out;
}

async function runTabs({ browser, servers, sdk, tabs, n, lifeS, durationMs }) {
  const s = uid(`${sdk}-tokens`);
  const context = await browser.createBrowserContext();
  const pages = [];
  let start = 0;
  try {
    // Opening a tab costs ~2 s on a 2-core machine: open them all first, then start the clock
    // and navigate every tab at once.
    for (let tab = 1; tab <= tabs; tab++) pages.push(await context.newPage());
    start = Date.now();
    await Promise.all(
      pages.map((page, i) => {
        const q = new URLSearchParams({
          s,
          tab: String(i + 1),
          n: String(n),
          life: String(lifeS),
          user: `u-${s}`,
        });
        return page.goto(`${servers.hostUrl}/${sdk === 'kit' ? 'tokens' : 'superset'}.html?${q}`, {
          waitUntil: 'domcontentloaded',
          timeout: 120_000,
        });
      }),
    );
    const left = start + durationMs - Date.now();
    if (left > 0) await sleep(left);
    const end = Date.now();
    const pageStats = await Promise.all(
      pages.map((p) => p.evaluate(() => window.__bench).catch(() => null)),
    );
    const calls = servers.callsFor(s).filter((c) => c.t <= end);
    return { s, start, end, calls, pageStats };
  } finally {
    await context.close().catch(() => {});
  }
}

function summarize({ label, sdk, tabs, n, lifeS, durationMs, intervalMs, run }) {
  const { start, calls, pageStats } = run;
  const times = calls.map((c) => c.t);
  const first = times.length ? Math.min(...times) : start;
  const groups = bursts(times, intervalMs);
  // The kit refreshes once per session key, so its refresh cycles are visible as separate
  // bursts of calls. Superset runs one timer per embed, so its calls smear over the window:
  // count the token generations its own schedule implies (the first, then one per interval).
  const cycles =
    sdk === 'kit' ? groups.length : 1 + Math.floor((start + durationMs - first) / intervalMs);
  const byTab = {};
  for (const c of calls) byTab[c.tab] = (byTab[c.tab] ?? 0) + 1;
  const errors = {};
  let loads = 0;
  let cardsLoaded = 0;
  let cardsRefreshed = 0;
  const deliveries = {};
  for (const st of pageStats) {
    if (!st) continue;
    loads += st.loads ?? 0;
    cardsLoaded += st.cardsLoaded ?? 0;
    cardsRefreshed += st.cardsRefreshed ?? 0;
    for (const [k, v] of Object.entries(st.errors ?? {})) errors[k] = (errors[k] ?? 0) + v;
    for (const [k, v] of Object.entries(st.refresh ?? {})) deliveries[k] = (deliveries[k] ?? 0) + v;
  }
  return {
    label,
    sdk,
    tabs,
    embedsPerTab: n,
    tokenLifetimeS: lifeS,
    windowS: durationMs / 1000,
    refreshIntervalMs: intervalMs,
    calls: calls.length,
    cycles,
    callsPerCycle: Number((calls.length / cycles).toFixed(2)),
    cyclesCountedAs: sdk === 'kit' ? 'observed refresh bursts' : 'generations by schedule',
    largestBurst: Math.max(0, ...groups.map((b) => b.calls)),
    bursts: groups.map((b) => ({
      atMs: b.start - start,
      calls: b.calls,
      spreadMs: b.end - b.start,
    })),
    callsByTab: byTab,
    ...(sdk === 'kit'
      ? { frameLoads: loads, cardsLoaded, cardsRefreshed, deliveries, errors }
      : {
          fetchGuestTokenInPage: pageStats.reduce((a, st) => a + (st?.fetchGuestToken ?? 0), 0),
          embedded: pageStats.reduce((a, st) => a + (st?.embedded ?? 0), 0),
          embedErrors: pageStats.reduce((a, st) => a + (st?.errors ?? 0), 0),
        }),
  };
}

/** `opts.label`, when given, tells apart rows of the same lifetime (e.g. "unsaturated"). */
export async function kitTokens(opts) {
  const { tabs, n, lifeS, durationMs } = opts;
  const run = await runTabs({ ...opts, sdk: 'kit' });
  return summarize({
    label: `biuwer-embed, ${lifeS} s token${opts.label ? `, ${opts.label}` : ''}`,
    sdk: 'kit',
    tabs,
    n,
    lifeS,
    durationMs,
    intervalMs: kitInterval(lifeS),
    run,
  });
}

export async function supersetTokens(opts) {
  const { tabs, n, lifeS, durationMs } = opts;
  const run = await runTabs({ ...opts, sdk: 'superset' });
  return summarize({
    label: `@superset-ui/embedded-sdk, ${lifeS} s JWT`,
    sdk: 'superset',
    tabs,
    n,
    lifeS,
    durationMs,
    intervalMs: supersetInterval(lifeS),
    run,
  });
}

export { pollPage };
