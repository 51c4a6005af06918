// Section 6: token rotation nobody notices. N cards on a real-instance share page (no frame
// protocol, so every rotation is a frame swap) with a 60-second token that the simulator
// really expires, while a scripted user works with some of them: the pointer rests on a card
// for a few seconds, sometimes clicks into it (the frame takes the focus), moves away. The
// page records, for every swap, whether somebody was using that card at that moment (by its
// own bookkeeping of pointer, focus and viewport, not the kit's), and whether the swap came
// before the deadline (10 s before the token it replaced expires) or at it.
import { pollPage, sleep, uid } from './browser.js';

/** Cards of the real-instance kind, added to the bench store once per run. */
const CONTENT = [
  'card:kpi-revenue',
  'card:rentals-by-month',
  'card:revenue-by-category',
  'card:top-films',
  'card:rentals-by-store',
];

/** mulberry32: the scripted user does the same thing on every run. */
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
 * A user working with the cards until `until` (Date.now() ms): rests the pointer on a
 * visible card for 2–14 s, clicks into it one time in three, then moves to the page header
 * for 0–12 s, clicking there (taking the focus back) half the time.
 */
async function scriptedUser(page, until, random) {
  const cards = await page.evaluate(() =>
    [...document.querySelectorAll('biuwer-card')]
      .map((card) => card.getBoundingClientRect())
      .filter((r) => r.bottom <= innerHeight && r.top >= 0)
      .map((r) => [r.left + r.width / 2, r.top + r.height / 2]),
  );
  const rest = [400, 40];
  const moves = { dwells: 0, clicks: 0 };
  while (Date.now() < until && cards.length) {
    const [x, y] = cards[Math.floor(random() * cards.length)];
    await page.mouse.move(x, y, { steps: 8 });
    moves.dwells++;
    if (random() < 1 / 3) {
      await page.mouse.click(x, y);
      moves.clicks++;
    }
    await sleep(Math.min(2_000 + random() * 12_000, Math.max(0, until - Date.now())));
    await page.mouse.move(...rest, { steps: 8 });
    if (random() < 0.5) await page.mouse.click(...rest);
    await sleep(Math.min(random() * 12_000, Math.max(0, until - Date.now())));
  }
  return moves;
}

export async function rotateInUse({ browser, servers, n, lifeS, mode, resources }) {
  const s = uid(`rotate-${mode}`);
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 840, height: 600 });
    const dataBefore = servers.store.stats().dataCalls;
    const q = new URLSearchParams({
      s,
      n: String(n),
      life: String(lifeS),
      strict: '1',
      user: `u-${s}`,
      mode,
      cards: resources.join(','),
    });
    await page.goto(`${servers.hostUrl}/rotate.html?${q}`, {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });
    const loaded = await pollPage(page, (want) => window.__bench.loads >= want, n, 120_000, 250);
    if (!loaded) return { mode, n, na: 'not every card loaded within 120 s' };
    // The first token's expiry plus a few seconds: one whole rotation, deadline included.
    const firstExpiry = await page.evaluate(() => window.__rotate.firstExpiry);
    const until = Math.max(firstExpiry + 3_000, Date.now() + 10_000);
    const user = await scriptedUser(page, until, prng(17));
    const left = until - Date.now();
    if (left > 0) await sleep(left);
    const inPage = await page.evaluate(() => ({
      swaps: window.__rotate.swaps,
      deliveries: window.__bench.refresh,
      errors: window.__bench.errors,
    }));
    const dataAfter = servers.store.stats().dataCalls;
    const swaps = inPage.swaps;
    const deferred = swaps.map((w) => w.deferredMs).filter((ms) => ms > 0);
    const inUse = swaps.filter((w) => w.inUse);
    return {
      mode,
      n,
      tokenLifetimeS: lifeS,
      endpointCalls: servers.callsFor(s).length,
      swaps: swaps.length,
      swapsInUseBeforeDeadline: inUse.filter((w) => !w.atDeadline).length,
      swapsInUseAtDeadline: inUse.filter((w) => w.atDeadline).length,
      swapsPastExpiry: swaps.filter((w) => w.pastExpiry).length,
      deferredSwaps: deferred.length,
      deferredMsMax: deferred.length ? Math.max(...deferred) : 0,
      failedDataCalls: dataAfter.failed - dataBefore.failed,
      user,
      deliveries: inPage.deliveries,
      errors: inPage.errors,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

/** Both rotate modes over the same scripted user, `idle` first. */
export async function rotation({ browser, servers, n, lifeS, log }) {
  const resources = CONTENT.map(
    (contentId) =>
      servers.store.addResource({
        type: 'card',
        contentId,
        title: 'Rotation bench',
        features: [],
        realInstance: true,
        validFrom: servers.store.now() - 60_000,
      }).token,
  );
  const out = [];
  for (const mode of ['idle', 'immediate']) {
    log(`rotation: ${n} cards, ${lifeS} s token, rotate="${mode}"`);
    out.push(
      await rotateInUse({ browser, servers, n, lifeS, mode, resources }).catch((error) => ({
        mode,
        n,
        na: `failed: ${error.message}`,
      })),
    );
  }
  return out;
}
