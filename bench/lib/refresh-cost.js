// Section 4: main-thread cost of one forced refresh (`session.refreshToken()`) across N embeds:
// long tasks and total blocking time from a PerformanceObserver in the page, and the CDP
// Performance.getMetrics deltas (TaskDuration, ScriptDuration, …) of the host page's renderer.
// The simulator is another site, so its frames run out of process and are not counted here.
import { pollPage, sleep, uid } from './browser.js';

const METRICS = [
  'TaskDuration',
  'ScriptDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
  'JSHeapUsedSize',
];

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    list.filter((m) => METRICS.includes(m.name)).map((m) => [m.name, m.value]),
  );
}

export async function refreshCost({ browser, servers, n }) {
  const s = uid('refresh');
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const q = new URLSearchParams({ s, n: String(n), life: '3600', user: `u-${s}` });
    await page.goto(`${servers.hostUrl}/tokens.html?${q}`, {
      waitUntil: 'domcontentloaded',
      timeout: 120_000,
    });
    const loaded = await pollPage(page, (want) => window.__bench.loads >= want, n, 120_000, 250);
    if (!loaded) {
      const loads = await page.evaluate(() => window.__bench.loads);
      return { n, na: `only ${loads}/${n} embeds loaded within 120 s` };
    }
    await sleep(1000); // let resize messages and layout settle
    const cdp = await page.createCDPSession();
    await cdp
      .send('Performance.enable', { timeDomain: 'threadTicks' })
      .catch(() => cdp.send('Performance.enable'));
    const before = await metrics(cdp);
    const callsBefore = servers.callsFor(s).length;
    const inPage = await page.evaluate(async (want) => {
      const tasks = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
      observer.observe({ type: 'longtask' });
      const bench = window.__bench;
      const seen = bench.refreshTimes.length;
      const t0 = performance.now();
      await document.getElementById('session').refreshToken();
      const tokenMs = performance.now() - t0;
      const deadline = performance.now() + 30_000;
      while (bench.refreshTimes.length - seen < want && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const delivered = bench.refreshTimes.length - seen;
      const lastMs = delivered ? Math.max(...bench.refreshTimes.slice(seen)) - t0 : undefined;
      await new Promise((r) => setTimeout(r, 500));
      observer.takeRecords().forEach((e) => tasks.push(e));
      observer.disconnect();
      const durations = tasks.map((e) => e.duration);
      return {
        tokenMs,
        delivered,
        allDeliveredMs: lastMs,
        deliveries: { ...bench.refresh },
        longTasks: durations.length,
        longestTaskMs: durations.length ? Math.max(...durations) : 0,
        totalBlockingTimeMs: durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      };
    }, n);
    const after = await metrics(cdp);
    const delta = (k) => Math.round((after[k] - before[k]) * 1000 * 10) / 10;
    return {
      n,
      endpointCalls: servers.callsFor(s).length - callsBefore,
      ...inPage,
      tokenMs: Math.round(inPage.tokenMs),
      allDeliveredMs: inPage.allDeliveredMs && Math.round(inPage.allDeliveredMs),
      totalBlockingTimeMs: Math.round(inPage.totalBlockingTimeMs),
      longestTaskMs: Math.round(inPage.longestTaskMs),
      cdp: {
        taskDurationMs: delta('TaskDuration'),
        scriptDurationMs: delta('ScriptDuration'),
        layoutDurationMs: delta('LayoutDuration'),
        recalcStyleDurationMs: delta('RecalcStyleDuration'),
        jsHeapUsedDeltaKB: Math.round((after.JSHeapUsedSize - before.JSHeapUsedSize) / 1024),
      },
    };
  } finally {
    await context.close().catch(() => {});
  }
}
