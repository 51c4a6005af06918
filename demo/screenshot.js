#!/usr/bin/env node
// Screenshots for the README: starts the demo on free ports, signs in, waits for the content
// and writes docs/demo.png (the 60-second policy, after a live refresh) and
// docs/demo-error.png (the static token of policy none after "Revoke the token").
//   node demo/screenshot.js
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startDemo } from './server/index.js';
import { launchBrowser } from './server/browser.js';

const docs = fileURLToPath(new URL('../docs/', import.meta.url));
const VIEWPORT = { width: 1440, height: 1280, deviceScaleFactor: 1 };

/** Resolves when every embed in the visible part of the page has this state. */
async function waitForEmbeds(page, state, timeout = 20_000) {
  await page.waitForFunction(
    (wanted) => {
      const els = [...document.querySelectorAll('#session-slot [resource]')];
      return els.length > 0 && els.every((el) => el.getAttribute('state') === wanted);
    },
    { timeout, polling: 100 },
    state,
  );
}

/** Resolves when every share frame has rendered its content (not the "Loading…" text). */
async function waitForContent(page, shareUrl) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frames = page.frames().filter((f) => f.url().startsWith(shareUrl));
    const done = await Promise.all(
      frames.map((f) =>
        f.evaluate(() => !document.querySelector('.bw-loading')).catch(() => false),
      ),
    );
    if (frames.length >= 4 && done.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error('The share frames did not render in time.');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const demo = await startDemo({ hostPort: 0, sharePort: 0, minuteSeconds: 60, watch: false });
const browser = await launchBrowser({ siteIsolation: false });
try {
  await mkdir(docs, { recursive: true });
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);

  await page.goto(`${demo.hostUrl}/?policy=minute`);
  await page.click('button[data-user="ana"]');
  await waitForEmbeds(page, 'ready');
  await waitForContent(page, demo.shareUrl);
  // A proactive refresh on the timeline makes the picture tell the story.
  await page.click('#btn-refresh');
  await page.waitForFunction(() => document.getElementById('fact-refreshes')?.textContent === '1', {
    timeout: 20_000,
    polling: 100,
  });
  await page.screenshot({ path: `${docs}demo.png` });
  console.log(`wrote ${docs}demo.png`);

  // The failure state: the static token (policy none), revoked in Biuwer. An expiring token
  // would be replaced: the endpoint discards a refused token and issues another.
  await page.click('input[name="policy"][value="none"]');
  await waitForEmbeds(page, 'ready');
  await waitForContent(page, demo.shareUrl);
  await page.setViewport({ ...VIEWPORT, height: 1000 });
  await page.click('#btn-revoke');
  await waitForEmbeds(page, 'error');
  await new Promise((r) => setTimeout(r, 800));
  await page.screenshot({ path: `${docs}demo-error.png` });
  console.log(`wrote ${docs}demo-error.png`);
} finally {
  await browser.close();
  await demo.close();
}
