// End to end: the demo host page shows the signed-in tenant's content, and after a user
// switch the previous tenant's tokens never reach Biuwer again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clickStill,
  events,
  openDemo,
  setup,
  waitForFrames,
  waitForSession,
  waitForState,
} from './helpers.js';

let env;
before(async () => {
  env = await setup('content');
});
after(async () => {
  await env?.close();
});

test("shows the signed-in tenant's rows, and no token anywhere in the page", async () => {
  const { demo, browser, opens } = env;
  const context = await browser.createBrowserContext();
  try {
    const page = await openDemo(context, demo, { user: 'ana', policy: 'monthly' });
    const views = await waitForFrames(page, demo.shareUrl, 4);
    assert.deepEqual(
      views.filter((v) => v !== 'not-found'),
      views,
      `no frame shows "content not found": ${views}`,
    );
    assert.ok(
      views.every((v) => v === 'Northwind Rentals'),
      `Ana sees Northwind: ${views}`,
    );

    // The page's own numbers: Northwind's rentals KPI, read from inside the share frame.
    const pageFrame = page
      .frames()
      .find((f) => f.url().startsWith(demo.shareUrl) && f.parentFrame() === page.mainFrame());
    assert.ok(pageFrame, 'a share frame is a child of the host page');
    const title = await pageFrame.evaluate(() => document.querySelector('h1, h2')?.textContent);
    assert.ok(title, 'the frame rendered a title');

    // The frames carry no token in their URL; the page shows none; events carry none.
    const anaTokens = [...demo.backend.tokensIssuedTo('ana')];
    for (const frame of page.frames()) {
      for (const token of anaTokens) assert.ok(!frame.url().includes(token), 'no token in a URL');
    }
    const text = await page.evaluate(() => document.body.innerText);
    const recorded = JSON.stringify(await events(page));
    for (const token of anaTokens) {
      assert.ok(!text.includes(token), 'the page never shows a token');
      assert.ok(!recorded.includes(token), 'no kit event carries a token');
    }
    assert.ok(opens.length >= 4 && opens.every((o) => o.ok && o.user === 'ana'));
    assert.equal(env.calls('ana', 'monthly'), 1, 'four embeds, one endpoint call');
  } finally {
    await context.close();
  }
});

test("after switching from Ana to Ben, none of Ana's tokens is sent again", async () => {
  const { demo, browser, opens } = env;
  const context = await browser.createBrowserContext();
  try {
    const page = await openDemo(context, demo, { user: 'ana', policy: 'monthly' });
    // Scroll the lazy embeds in too, so every kind of embed holds Ana's token.
    await page.evaluate(() => document.getElementById('films').scrollIntoView());
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[resource]')].every(
          (el) => el.getAttribute('state') === 'ready',
        ),
      { timeout: 20_000, polling: 50 },
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    const anaTokens = demo.backend.tokensIssuedTo('ana');
    const mark = opens.length;

    await clickStill(page, '#switch-user');
    await page.waitForFunction(
      () => document.getElementById('who-name')?.textContent === 'Ben Carter',
      { timeout: 10_000 },
    );
    await waitForSession(page, 'ready');
    const views = await waitForFrames(page, demo.shareUrl, 4);
    assert.ok(
      views.every((v) => v === 'Contoso Films'),
      `Ben sees Contoso: ${views}`,
    );

    // Reload too: nothing of Ana's may come back from IndexedDB.
    await page.reload();
    await waitForSession(page, 'ready');
    await waitForFrames(page, demo.shareUrl, 4);
    await page.evaluate(() => document.getElementById('films').scrollIntoView());
    // The lazy films card loads once in view: wait for it (its open is checked below).
    await waitForState(page, '#films-card', 'ready');
    // "ready" is the frame's load; the share page renders its data a moment later.
    const finalViews = await waitForFrames(page, demo.shareUrl, 4);

    const later = opens.slice(mark);
    assert.ok(later.length >= 4, 'Ben opened content');
    const leaked = later.filter((o) => anaTokens.has(o.token));
    assert.deepEqual(leaked, [], "no share request after the switch carries Ana's token");
    const notBen = later.filter((o) => o.user !== 'ben' || !o.ok);
    assert.deepEqual(
      notBen.map(({ resource, user, reason }) => ({ resource, user, reason })),
      [],
      'every open after the switch is Ben',
    );
    assert.ok(
      finalViews.every((v) => v === 'Contoso Films'),
      `Ben still sees Contoso: ${finalViews}`,
    );
  } finally {
    await context.close();
  }
});
