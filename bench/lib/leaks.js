// Section 5: connect/disconnect a <biuwer-card> inside a session many times, then count what
// is left: timers, listeners on window/document, open BroadcastChannels, iframes (through
// shadow roots) and JS heap growth after forced garbage collection.
import { pollPage, sleep, uid } from './browser.js';
import { SAMPLE_RESOURCES } from '../../simulator/seed.js';

const BATCH = 20;

async function heap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

/**
 * `count` cycles: connect a card, wait until its frame is in the shadow root (token obtained,
 * frame and channel created, navigation started), disconnect it. Every `loadEvery`-th cycle
 * waits for the full load (`biuwer-load`) instead, so both teardown paths run: mid-load and
 * after load.
 */
function cycles(page, count, resource, perCycleTimeoutMs, loadEvery = 10) {
  return page.evaluate(
    async (count, resource, perCycleTimeoutMs, loadEvery) => {
      const session = document.getElementById('session');
      const outcome = { frame: 0, load: 0, error: 0, timeout: 0 };
      for (let i = 0; i < count; i++) {
        const waitLoad = i % loadEvery === loadEvery - 1;
        const how = await new Promise((resolve) => {
          const card = document.createElement('biuwer-card');
          card.setAttribute('loading', 'eager');
          card.setAttribute('resource', resource);
          let observer;
          const finish = (result) => {
            clearTimeout(timer);
            observer?.disconnect();
            card.remove();
            resolve(result);
          };
          card.addEventListener('biuwer-load', () => finish('load'), { once: true });
          card.addEventListener('biuwer-error', () => finish('error'), { once: true });
          const timer = setTimeout(() => finish('timeout'), perCycleTimeoutMs);
          session.append(card);
          if (!waitLoad) {
            observer = new MutationObserver(() => {
              if (card.shadowRoot.querySelector('iframe')) finish('frame');
            });
            observer.observe(card.shadowRoot, { childList: true, subtree: true });
          }
        });
        outcome[how]++;
      }
      return outcome;
    },
    count,
    resource,
    perCycleTimeoutMs,
    loadEvery,
  );
}

export async function leaks({ browser, servers, count }) {
  const s = uid('leak');
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(`${servers.hostUrl}/leak.html?${new URLSearchParams({ s, user: `u-${s}` })}`, {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });
    await pollPage(page, () => customElements.get('biuwer-card') !== undefined, undefined, 20_000);
    const cdp = await page.createCDPSession();
    // Warm-up: the first cycles create page-wide singletons (IndexedDB store, crypto key).
    await cycles(page, 5, SAMPLE_RESOURCES.kpiCard, 10_000);
    await sleep(500);
    const before = {
      probe: await page.evaluate(() => window.__leakProbe()),
      heap: await heap(cdp),
    };
    const t0 = Date.now();
    // In batches, so no single CDP call runs into the protocol timeout on a slow machine.
    const outcome = { frame: 0, load: 0, error: 0, timeout: 0 };
    for (let done = 0; done < count; done += BATCH) {
      const batch = await cycles(
        page,
        Math.min(BATCH, count - done),
        SAMPLE_RESOURCES.kpiCard,
        10_000,
      );
      for (const [k, v] of Object.entries(batch)) outcome[k] += v;
    }
    const seconds = (Date.now() - t0) / 1000;
    await sleep(1500);
    const after = { probe: await page.evaluate(() => window.__leakProbe()), heap: await heap(cdp) };
    return {
      cycles: count,
      seconds: Math.round(seconds * 10) / 10,
      outcome,
      endpointCalls: servers.callsFor(s).length,
      before: before.probe,
      after: after.probe,
      heapBeforeKB: Math.round(before.heap / 1024),
      heapAfterKB: Math.round(after.heap / 1024),
      heapGrowthKB: Math.round((after.heap - before.heap) / 1024),
      heapGrowthPerCycleBytes: Math.round((after.heap - before.heap) / count),
    };
  } finally {
    await context.close().catch(() => {});
  }
}
