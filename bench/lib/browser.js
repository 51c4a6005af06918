// Headless Chromium through puppeteer-core: the system browser, never a downloaded one.
import { CHROME_ARGS, findChrome } from '../../scripts/find-browser.js';

export async function launch(puppeteer) {
  const executablePath = findChrome() ?? '/usr/bin/chromium';
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: CHROME_ARGS,
    protocolTimeout: 180_000,
  });
  return { browser, executablePath, version: await browser.version() };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` in the page until it returns truthy or `timeoutMs` passes; returns its last value. */
export async function pollPage(page, fn, arg, timeoutMs, everyMs = 100) {
  const end = Date.now() + timeoutMs;
  let value;
  while (Date.now() < end) {
    value = await page.evaluate(fn, arg).catch(() => undefined);
    if (value) return value;
    await sleep(everyMs);
  }
  return value;
}

/** The value below which a fraction `q` of the finite values lie (linear interpolation). */
export const quantile = (values, q) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};

export const median = (values) => quantile(values, 0.5);

let counter = 0;
/** A scenario id that is unique in this run (it scopes token counts and IndexedDB users). */
export const uid = (prefix) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
