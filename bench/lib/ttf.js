// Section 3: time from connecting a session+card to the frame's navigation (the iframe enters
// the shadow root with its src set). Cold: empty IndexedDB (a fresh browser context) and a
// token endpoint that answers after `latencyMs`. Warm: a second load with the same `user`, so
// the token comes from IndexedDB (decrypted) and the endpoint is not called.
import { median, pollPage, quantile, uid } from './browser.js';

async function once(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  return pollPage(page, () => window.__ttf, undefined, 20_000, 20);
}

export async function timeToFrame({ browser, servers, runs, latencyMs, warmup = true }) {
  const samples = [];
  for (let i = warmup ? -1 : 0; i < runs; i++) {
    const s = uid('ttf');
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      const url = `${servers.hostUrl}/ttf.html?${new URLSearchParams({ s, user: `u-${s}`, latency: String(latencyMs) })}`;
      const cold = await once(page, url);
      const callsAfterCold = servers.callsFor(s).length;
      const warm = await once(page, url);
      const warmCalls = servers.callsFor(s).length - callsAfterCold;
      // The first run only warms the browser up (process spawn, code caches): not counted.
      if (i >= 0)
        samples.push({
          coldMs: cold?.ms,
          warmMs: warm?.ms,
          coldPhases: cold?.phases,
          warmPhases: warm?.phases,
          coldError: cold?.error,
          warmError: warm?.error,
          warmCalls,
        });
    } finally {
      await context.close().catch(() => {});
    }
  }
  const cold = median(samples.map((s) => s.coldMs));
  const warm = median(samples.map((s) => s.warmMs));
  const phaseMedians = (which) => {
    const names = new Set(samples.flatMap((s) => Object.keys(s[which] ?? {})));
    return Object.fromEntries(
      [...names]
        .map((name) => [name, round(median(samples.map((s) => s[which]?.[name])))])
        .sort((a, b) => a[1] - b[1]),
    );
  };
  return {
    runs,
    // Median ms after connect at which each step first happened (first occurrence per run).
    coldPhasesMs: phaseMedians('coldPhases'),
    warmPhasesMs: phaseMedians('warmPhases'),
    latencyMs,
    coldMedianMs: round(cold),
    warmMedianMs: round(warm),
    // The middle half of the runs: how much the machine's other work moved the figures.
    coldQuartilesMs: quartiles(samples.map((s) => s.coldMs)),
    warmQuartilesMs: quartiles(samples.map((s) => s.warmMs)),
    warmOverCold: cold && warm !== undefined ? Number((warm / cold).toFixed(3)) : undefined,
    target: 'warm ≤ 10 % of cold',
    pass: cold && warm !== undefined ? warm <= 0.1 * cold : false,
    samples: samples.map((s) => ({ ...s, coldMs: round(s.coldMs), warmMs: round(s.warmMs) })),
  };
}

const quartiles = (values) => [round(quantile(values, 0.25)), round(quantile(values, 0.75))];
const round = (v) => (v === undefined ? undefined : Math.round(v * 10) / 10);
