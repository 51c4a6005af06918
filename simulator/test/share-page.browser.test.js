// The share page in a real browser: a host page on http://localhost:A embeds
// http://127.0.0.1:B/share (two origins, as with a real instance) the way the kit does.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { formatNumber } from '../charts.js';
import { summarize } from '../content.js';
import { SAMPLE_RESOURCES, SAMPLE_TOKENS, createStore, startShareServer } from '../server.js';
import { CHROME_ARGS } from '../../scripts/find-browser.js';

const WAIT = { timeout: 20_000 };

// The host page records every message its frame sends (checked against the frame's window,
// as the kit does) and exposes embed(): name first, then src.
const HOST_PAGE = `<!doctype html><html><head><title>host</title></head><body><script>
window.msgs = [];
window.embed = (name, src) => {
  const frame = document.createElement('iframe');
  frame.sandbox = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';
  frame.referrerPolicy = 'strict-origin-when-cross-origin';
  frame.style.cssText = 'width: 900px; height: 600px; border: 0';
  frame.name = name;
  frame.src = src;
  addEventListener('message', (e) => {
    if (e.source === frame.contentWindow) msgs.push({ origin: e.origin, data: e.data });
  });
  document.body.append(frame);
  window.frame = frame;
};
window.sendToken = (token, origin) => frame.contentWindow.postMessage({ biuwer: 1, type: 'token', token }, origin);
// The same message from another window of the host's origin (a sibling frame), not the parent.
window.sendTokenFromSibling = (token, origin) => new Promise((resolve) => {
  const sibling = document.createElement('iframe');
  const message = JSON.stringify({ biuwer: 1, type: 'token', token });
  sibling.srcdoc = '<script>parent.frame.contentWindow.postMessage(' + message + ', ' +
    JSON.stringify(origin) + ')<' + '/script>';
  sibling.onload = resolve;
  document.body.append(sibling);
});
</script></body></html>`;

describe('share page in Chromium', () => {
  let sim;
  let host;
  let hostUrl;
  let browser;
  // The simulator's clock: real time plus what a test has moved it on. Tokens end when the
  // test says so, not after a real wait. The data refresh is quicker than the default 2 s so
  // a real-instance page notices within a fraction of a second.
  let skew = 0;
  const advance = (ms) => (skew += ms);

  before(async () => {
    sim = await startShareServer({
      store: createStore({ now: () => Date.now() + skew, dataRefreshMs: 200 }),
    });
    host = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(HOST_PAGE),
    );
    await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostUrl = `http://localhost:${host.address().port}/`;
    browser = await puppeteer.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: CHROME_ARGS,
      headless: true,
    });
  });

  after(async () => {
    await browser?.close();
    host?.closeAllConnections();
    await new Promise((resolve) => (host ? host.close(resolve) : resolve()));
    await sim?.close();
  });

  /** Opens the host page, embeds `resource:token`, returns the page and the share frame. */
  async function embed(resource, token) {
    const page = await browser.newPage();
    await page.goto(hostUrl);
    await page.evaluate(
      (name, src) => window.embed(name, src),
      `${resource}:${token}`,
      `${sim.url}/share`,
    );
    await page.waitForFunction(() => window.msgs.some((m) => m.data.type === 'ready'), WAIT);
    const frame = page.frames().find((f) => f.url().startsWith(`${sim.url}/share`));
    assert.ok(frame, 'the share frame is loaded');
    return { page, frame };
  }
  const messages = (page) => page.evaluate(() => window.msgs);
  const types = async (page) => (await messages(page)).map((m) => m.data.type);
  const issue = async (body) =>
    (
      await fetch(`${sim.url}/__sim/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json();

  it("renders the viewer tenant's numbers, clears window.name and posts ready and resize", async () => {
    const { page, frame } = await embed(SAMPLE_RESOURCES.page, SAMPLE_TOKENS.ana);
    const expected = summarize(sim.store.rowsFor(sim.store.getUser('ana')));
    await frame.waitForSelector('[data-kpi="rentals"]', WAIT);
    const seen = await frame.evaluate(() => ({
      name: window.name,
      tenant: document.querySelector('[data-tenant]').dataset.tenant,
      rentals: document.querySelector('[data-kpi="rentals"] .bw-kpi-value').textContent,
      topFilm: document.querySelector('.bw-table tbody td').textContent,
      charts: document.querySelectorAll('svg.bw-chart').length,
    }));
    assert.deepEqual(seen, {
      name: '',
      tenant: 'Northwind Rentals',
      rentals: formatNumber(expected.totalRentals),
      topFilm: expected.topFilms[0].title,
      charts: 3,
    });

    await page.waitForFunction(() => window.msgs.some((m) => m.data.type === 'resize'), WAIT);
    const msgs = await messages(page);
    assert.ok(msgs.every((m) => m.origin === sim.url && m.data.biuwer === 1));
    assert.deepEqual(msgs[0].data, { biuwer: 1, type: 'ready', features: ['token', 'resize'] });
    const height = msgs.find((m) => m.data.type === 'resize').data.height;
    assert.ok(height > 600, `content height ${height} exceeds the frame`);
    assert.ok(!JSON.stringify(msgs).includes(SAMPLE_TOKENS.ana), 'no message carries the token');
    await page.close();
  });

  it('shows the not-found screen for a bad token and posts token-expired', async () => {
    const { page, frame } = await embed(SAMPLE_RESOURCES.page, 'f'.repeat(32));
    await frame.waitForSelector('[data-screen="not-found"]', WAIT);
    await page.waitForFunction(
      () => window.msgs.some((m) => m.data.type === 'token-expired'),
      WAIT,
    );
    assert.deepEqual(
      (await messages(page)).map((m) => m.data),
      [
        { biuwer: 1, type: 'ready', features: [] },
        { biuwer: 1, type: 'token-expired' },
      ],
    );
    await page.close();
  });

  it('real-instance mode: silent, and the open page turns to not-found once its token expires', async () => {
    // An hour of validity: it ends only when the test moves the clock past it.
    const { token } = await issue({ userId: 'ana', validForMs: 3_600_000 });
    const page = await browser.newPage();
    await page.goto(hostUrl);
    await page.evaluate(
      (name, src) => window.embed(name, src),
      `${SAMPLE_RESOURCES.realInstancePage}:${token}`,
      `${sim.url}/share`,
    );
    const frame = await (await page.waitForSelector('iframe', WAIT)).contentFrame();
    await frame.waitForSelector('[data-tenant="Northwind Rentals"]', WAIT);
    await frame.evaluate(() => (window.loadedOnce = true));
    // The content refreshes its data while the token is good...
    await frame.waitForSelector('#root[data-data-calls]', WAIT);
    assert.equal(await frame.$('[data-screen="not-found"]'), null);
    // ...a token by message is ignored (a real instance takes none)...
    await page.evaluate((tok, origin) => window.sendToken(tok, origin), SAMPLE_TOKENS.ana, sim.url);
    // ...and once the token expires, the next data call fails: the same open page, not-found.
    advance(3_600_000);
    await frame.waitForSelector('[data-screen="not-found"]', WAIT);
    assert.equal(await frame.evaluate(() => window.loadedOnce), true);
    assert.deepEqual(await messages(page), [], 'a real instance posts no message');
    await page.close();
  });

  it('takes a new token by message from its parent only, and ends when the token does', async () => {
    const { page, frame } = await embed(SAMPLE_RESOURCES.kpiCard, SAMPLE_TOKENS.ana);
    await frame.waitForSelector('[data-tenant="Northwind Rentals"]', WAIT);
    await frame.evaluate(() => (window.loadedOnce = true));
    const opens = () => sim.store.stats().opens.total;
    const failures = () => sim.store.stats().failures.total;
    const before = opens();
    const failedBefore = failures();

    // A message from anyone but the parent is ignored, even with a good token: from another
    // window of the host's origin, or from the frame itself. The frame handles messages in
    // order, so once the parent's message that follows has taken effect, these would have too.
    const opened = [];
    const recordOpens = (request) => {
      if (request.url() === `${sim.url}/share/api/open`)
        opened.push(JSON.parse(request.postData()).token);
    };
    page.on('request', recordOpens);
    await page.evaluate(
      (tok, origin) => window.sendTokenFromSibling(tok, origin),
      SAMPLE_TOKENS.ben,
      sim.url,
    );
    await frame.evaluate(
      (tok) => window.postMessage({ biuwer: 1, type: 'token', token: tok }, '*'),
      SAMPLE_TOKENS.ben,
    );

    // ben's token arrives by message: same document (no reload), Contoso's numbers.
    const { token, expiresAt } = await issue({
      userId: 'ben',
      validForMs: 3_600_000,
      format: 'jwt',
    });
    await page.evaluate((tok, origin) => window.sendToken(tok, origin), token, sim.url);
    await frame.waitForSelector('[data-tenant="Contoso Films"]', WAIT);
    page.off('request', recordOpens);
    assert.equal(opened.length, 1, 'one open: the message from the parent');
    assert.ok(opened[0] === token, "the open was for the parent's token");
    assert.equal(await frame.evaluate(() => window.loadedOnce), true);
    assert.equal(opens(), before + 1);
    assert.equal(failures(), failedBefore);
    assert.equal((await types(page)).filter((t) => t === 'ready').length, 2);

    // When that token's validity ends on the server's clock, the page's next API call (the
    // user clicks) fails: it shows not-found and tells the host.
    advance(expiresAt - sim.store.now());
    await frame.click('[data-tenant="Contoso Films"]');
    await frame.waitForSelector('[data-screen="not-found"]', WAIT);
    await page.waitForFunction(
      () => window.msgs.some((m) => m.data.type === 'token-expired'),
      WAIT,
    );

    // A fresh token by message brings the content back, still without a reload.
    await page.evaluate((tok, origin) => window.sendToken(tok, origin), SAMPLE_TOKENS.ana, sim.url);
    await frame.waitForSelector('[data-tenant="Northwind Rentals"]', WAIT);
    assert.equal(await frame.evaluate(() => window.loadedOnce), true);
    await page.close();
  });
});
