// Section 6: token rotation nobody notices. N cards on a real-instance share page (no frame
// protocol, so every rotation is a frame swap) with a 60-second token that the simulator
// really expires, while a scripted user works with some of them: the pointer rests on a card
// for a few seconds, sometimes clicks into it (the frame takes the focus), moves away. The
// page records every swap (card, time, whether it came at the deadline, 10 s before the
// token it replaced expires); whether somebody was using that card then is decided from the
// scripted user's own record (pointer over it or focus in it, or less than 10 s ago).
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

/** A mouse action that may not hold the user up for ever on a loaded machine. */
async function act(action, moves) {
  let timer;
  try {
    await Promise.race([
      action(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('slow')), 15_000))),
    ]);
  } catch {
    moves.failed++;
  } finally {
    clearTimeout(timer);
  }
}

/** Where the line from `from` to `to` (inside `r`) first comes within `margin` px of `r`. */
function edgePoint(from, to, r, margin) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  let t = 0;
  // Liang–Barsky: the latest of the entering crossings of the box grown by `margin`.
  for (const [p, q] of [
    [-dx, from.x - (r.left - margin)],
    [dx, r.right + margin - from.x],
    [-dy, from.y - (r.top - margin)],
    [dy, r.bottom + margin - from.y],
  ]) {
    if (p < 0) t = Math.max(t, q / p);
  }
  return { x: from.x + t * dx, y: from.y + t * dy };
}

/** The ground truth's "pointer at the card": this close to its box, on the way in or out. */
const EDGE_PX = 8;

/**
 * A user working with the cards until `until` (Date.now() ms): rests the pointer on a
 * visible card for 2–14 s, clicks into it one time in three (its frame takes the focus),
 * then moves to the page header for 0–12 s, clicking there (taking the focus back) half the
 * time. Moves go in 4 px steps, as a hand would, so the pointer crosses the page between
 * cards; on a loaded machine a move takes seconds. Returns the ground truth: when the pointer
 * was over which card (from reaching `EDGE_PX` of its box on the way in until leaving that
 * margin on the way out, so the travel time to and from the card counts neither way), and
 * when which card's frame had the focus.
 */
async function scriptedUser(page, until, random) {
  const cards = await page.evaluate(() =>
    [...document.querySelectorAll('biuwer-card')]
      .map((card, index) => ({ index, r: card.getBoundingClientRect() }))
      .filter(({ r }) => r.bottom <= innerHeight && r.top >= 0)
      .map(({ index, r }) => ({
        index,
        x: r.left + r.width / 2,
        y: r.top + r.height / 2,
        r: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      })),
  );
  const rest = { x: 400, y: 40 };
  const moves = { dwells: 0, clicks: 0, failed: 0 };
  const hovers = [];
  const focuses = [];
  let focus;
  let at = rest;
  const moveTo = (to) =>
    act(() => {
      const steps = Math.max(2, Math.round(Math.hypot(to.x - at.x, to.y - at.y) / 4));
      at = to;
      return page.mouse.move(to.x, to.y, { steps });
    }, moves);
  const endFocus = () => {
    if (focus) focuses.push({ ...focus, end: Date.now() });
    focus = undefined;
  };
  const left = () => Math.max(0, until - Date.now());
  const began = Date.now();
  while (left() > 0 && cards.length) {
    const card = cards[Math.floor(random() * cards.length)];
    await moveTo(edgePoint(at, card, card.r, EDGE_PX));
    const start = Date.now();
    await moveTo(card);
    moves.dwells++;
    if (random() < 1 / 3) {
      await act(() => page.mouse.click(card.x, card.y), moves);
      moves.clicks++;
      endFocus();
      focus = { card: card.index, start: Date.now() };
    }
    await sleep(Math.min(2_000 + random() * 12_000, left()));
    await moveTo(edgePoint(rest, card, card.r, EDGE_PX));
    hovers.push({ card: card.index, start, end: Date.now() });
    await moveTo(rest);
    if (random() < 0.5) {
      await act(() => page.mouse.click(rest.x, rest.y), moves);
      endFocus();
    }
    await sleep(Math.min(random() * 12_000, left()));
  }
  endFocus();
  return { start: began, moves, hovers, focuses };
}

/**
 * How somebody used `card` at `t`: the pointer over it (`pointer`) or the focus in it
 * (`focus`), or either less than 10 s before; undefined when nobody did.
 */
function useAt(truth, card, t) {
  const QUIET = 10_000;
  const near = (list) => list.find((w) => w.card === card && w.start <= t && t < w.end + QUIET);
  const hover = near(truth.hovers);
  if (hover) return { by: 'pointer', ...hover };
  const focus = near(truth.focuses);
  return focus && { by: 'focus', ...focus };
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
    // Two whole rotations, each with its deadline: the first token is replaced from half its
    // life on (30 s) and must go by its expiry − 10 s; the second, fetched then, is replaced
    // from the first one's expiry on and must go by its own expiry − 10 s, half a life later.
    const firstExpiry = await page.evaluate(() => window.__rotate.firstExpiry);
    const until = Math.max(firstExpiry + (lifeS * 1000) / 2 - 10_000 + 3_000, Date.now() + 10_000);
    const truth = await scriptedUser(page, until, prng(17));
    const left = until - Date.now();
    if (left > 0) await sleep(left);
    const inPage = await page.evaluate(() => ({
      swaps: window.__rotate.swaps,
      deliveries: window.__bench.refresh,
      errors: window.__bench.errors,
      // Cards whose frame still holds a token that has expired: a swap that never came.
      expiredAtEnd: window.__rotate.shownExpiries().filter((at) => at != null && at <= Date.now())
        .length,
    }));
    const dataAfter = servers.store.stats().dataCalls;
    // In use by the scripted user's own record, not by anything the kit or the page saw.
    const swaps = inPage.swaps.map((w) => ({ ...w, use: useAt(truth, w.card, w.at) }));
    const deferred = swaps.map((w) => w.deferredMs).filter((ms) => ms > 0);
    const inUse = swaps.filter((w) => w.use);
    // Seconds from the moment the scripted user started, for the record of each case.
    const rel = (ms) => Math.round((ms - truth.start) / 100) / 10;
    return {
      mode,
      n,
      tokenLifetimeS: lifeS,
      endpointCalls: servers.callsFor(s).length,
      swaps: swaps.length,
      swapsInUseBeforeDeadline: inUse.filter((w) => !w.atDeadline).length,
      swapsInUseAtDeadline: inUse.filter((w) => w.atDeadline).length,
      swapsPastExpiry: swaps.filter((w) => w.pastExpiry).length,
      cardsOnExpiredTokenAtEnd: inPage.expiredAtEnd,
      deferredSwaps: deferred.length,
      deferredMsMax: deferred.length ? Math.max(...deferred) : 0,
      failedDataCalls: dataAfter.failed - dataBefore.failed,
      user: truth.moves,
      // Every swap counted as in use, and what the user was doing: the figures can be checked.
      inUse: inUse.map((w) => ({
        card: w.card,
        atS: rel(w.at),
        atDeadline: w.atDeadline,
        deferredMs: w.deferredMs,
        by: w.use.by,
        useS: [rel(w.use.start), rel(w.use.end)],
      })),
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
