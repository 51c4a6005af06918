// End to end: the "60-second" policy (shortened to 16 s here, so it refreshes after 8 s)
// rotates the token with no blank frame: by message when the share page speaks the protocol,
// by a seamless frame swap when it does not (like a real Biuwer instance).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickStill, events, openDemo, setup, waitForEvent, waitForFrames } from './helpers.js';

const MINUTE_SECONDS = 16;
let env;
before(async () => {
  env = await setup('rotation', { minuteSeconds: MINUTE_SECONDS });
});
after(async () => {
  await env?.close();
});

/**
 * Runs in the page from its first script on. Once the overview page has shown content, it
 * samples every ~16 ms and on every DOM mutation how many of its frames are visible, and
 * remembers each frame element it saw and their load events.
 */
function installSampler() {
  const probe = { samples: 0, minVisible: Infinity, maxVisible: 0, loads: 0, framesSeen: 0 };
  window.__probe = probe;
  const seen = [];
  let observing = false;
  const sample = () => {
    const host = document.getElementById('overview-page');
    if (!host?.shadowRoot || (!observing && host.getAttribute('state') !== 'ready')) return;
    const root = host.shadowRoot;
    if (!observing) {
      observing = true;
      new MutationObserver(sample).observe(root, {
        childList: true,
        subtree: true,
        attributes: true,
      });
    }
    const frames = [...root.querySelectorAll('iframe')];
    for (const f of frames) {
      if (seen.includes(f)) continue;
      seen.push(f);
      probe.framesSeen = seen.length;
      f.addEventListener('load', () => probe.loads++);
    }
    const visible = frames.filter(
      (f) => f.isConnected && getComputedStyle(f).visibility !== 'hidden',
    );
    probe.samples++;
    probe.minVisible = Math.min(probe.minVisible, visible.length);
    probe.maxVisible = Math.max(probe.maxVisible, visible.length);
  };
  setInterval(sample, 16);
}

describe('token rotation', { concurrency: true }, () => {
  for (const protocol of [true, false]) {
    const delivery = protocol ? 'message' : 'swap';
    test(`with${protocol ? '' : 'out'} the frame protocol: rotates by ${delivery}, never blank`, async () => {
      const { demo, browser } = env;
      // Own context: its own cookies, IndexedDB and locks, so both cases run side by side.
      const context = await browser.createBrowserContext();
      try {
        const page = await openDemo(context, demo, {
          policy: 'minute',
          protocol,
          init: installSampler,
        });

        const first = await waitForEvent(page, {
          type: 'biuwer-token-refresh',
          id: 'overview-page',
          detail: { reason: 'initial' },
        });
        const rotated = await waitForEvent(
          page,
          { type: 'biuwer-token-refresh', id: 'overview-page', detail: { reason: 'refresh' } },
          { timeout: (MINUTE_SECONDS + 10) * 1000 },
        );
        assert.equal(rotated.detail.delivery, delivery);
        assert.ok(rotated.detail.expiresAt > first.detail.expiresAt, 'a later expiry');
        // The refresh starts at half-life; the new token is in place before the old expires.
        assert.ok(
          rotated.at < first.detail.expiresAt,
          `rotated ${first.detail.expiresAt - rotated.at} ms before the old token expired`,
        );

        // Let the new frame render (swap) or the old one re-open (message), then look.
        const views = await waitForFrames(page, demo.shareUrl, 4);
        assert.ok(
          views.every((v) => v === 'Northwind Rentals'),
          `content after: ${views}`,
        );
        const probe = await page.evaluate(() => window.__probe);
        assert.ok(probe.samples > 50, `sampled often enough (${probe.samples})`);
        assert.equal(probe.minVisible, 1, 'a visible frame at every sample');
        assert.equal(probe.maxVisible, 1, 'never two visible frames either');
        if (protocol) {
          assert.equal(probe.framesSeen, 1, 'the same frame element');
          assert.equal(probe.loads, 0, 'no navigation');
        } else {
          assert.equal(probe.framesSeen, 2, 'a new frame replaced the old one');
        }
        const state = await page.$eval('#overview-page', (el) => el.getAttribute('state'));
        assert.equal(state, 'ready');
      } finally {
        await context.close();
      }
    });
  }

  test('"Refresh token now" (session.refreshToken()) on the daily policy: a new token reaches every embed', async () => {
    const { demo, browser } = env;
    const context = await browser.createBrowserContext();
    try {
      // A day-long token the backend keeps and would hand out again until its refresh time:
      // the page's refreshToken() must still get a new one (the kit sends "force": true).
      const page = await openDemo(context, demo, { policy: 'daily' });
      const first = await waitForEvent(page, {
        type: 'biuwer-token-refresh',
        id: 'overview-page',
        detail: { reason: 'initial' },
      });
      const callsBefore = env.calls('ana', 'daily');
      // Where the drill buttons and the timeline stand now: the lines this refresh adds must
      // not move a button under the pointer (a click aimed at one would land on another).
      const layout = () =>
        page.evaluate(() => {
          // Positions in the (sticky, scrolling) sidebar's content: a scroll is not a shift.
          const sidebar = document.querySelector('.sidebar');
          const origin = sidebar.getBoundingClientRect().top - sidebar.scrollTop;
          return {
            buttons: [...document.querySelectorAll('.drills button')].map((b) =>
              Math.round(b.getBoundingClientRect().top - origin),
            ),
            lines: document.getElementById('timeline').children.length,
          };
        });
      const layoutBefore = await layout();
      await clickStill(page, '#btn-refresh');
      const rotated = await waitForEvent(page, {
        type: 'biuwer-token-refresh',
        id: 'overview-page',
        detail: { reason: 'refresh' },
      });
      assert.equal(rotated.detail.delivery, 'message');
      assert.ok(rotated.detail.expiresAt > first.detail.expiresAt, 'a new, later token');
      // Every embed of the session gets it; the session made one endpoint call for all four.
      await page.waitForFunction(
        (ids) => {
          const got = window.__events
            .filter((e) => e.type === 'biuwer-token-refresh' && e.detail.reason === 'refresh')
            .map((e) => e.id);
          return ids.every((id) => got.includes(id));
        },
        { timeout: 30_000, polling: 50 },
        ['overview-page', 'card-revenue', 'card-rentals', 'card-categories'],
      );
      const refreshed = (await events(page)).filter(
        (e) => e.type === 'biuwer-token-refresh' && e.detail.reason === 'refresh',
      );
      assert.deepEqual(new Set(refreshed.map((e) => e.detail.expiresAt)).size, 1, 'one token');
      assert.equal(env.calls('ana', 'daily') - callsBefore, 1, 'one endpoint call');
      const refreshes = await page.$eval('#fact-refreshes', (el) => el.textContent);
      assert.equal(refreshes, '1', "the demo's refresh counter");
      const layoutAfter = await layout();
      assert.ok(layoutAfter.lines > layoutBefore.lines, 'the timeline told the refresh');
      assert.deepEqual(layoutAfter.buttons, layoutBefore.buttons, 'no drill button moved');
    } finally {
      await context.close();
    }
  });
});
