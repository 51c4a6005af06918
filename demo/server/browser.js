// Headless Chromium for demo/screenshot.js and the end-to-end tests (puppeteer-core drives
// the system browser: CHROME_PATH, else the usual install locations).
import puppeteer from 'puppeteer-core';
import {
  BACKGROUND_TAB_ARGS,
  CHROME_ARGS as BASE_ARGS,
  findChrome,
} from '../../scripts/find-browser.js';

// Several tabs at once (the multi-tab test): keep background tabs' timers running.
export const CHROME_ARGS = [...BASE_ARGS, ...BACKGROUND_TAB_ARGS];

/**
 * @param {{ siteIsolation?: boolean }} [options] `siteIsolation: false` keeps the share
 *   frames in the page's renderer process. Origins stay apart (the same-origin policy and
 *   postMessage origins are unchanged); what changes is that puppeteer reads those frames
 *   reliably: with out-of-process frames on a busy machine, `frame.evaluate` sometimes never
 *   gets an execution context. It also means fewer processes.
 */
export function launchBrowser({ siteIsolation = true } = {}) {
  const executablePath = process.env.CHROME_PATH ?? findChrome() ?? '/usr/bin/chromium';
  const args = siteIsolation
    ? CHROME_ARGS
    : [
        ...CHROME_ARGS,
        '--disable-site-isolation-trials',
        '--disable-features=IsolateOrigins,site-per-process',
      ];
  return puppeteer.launch({ executablePath, headless: true, args });
}
