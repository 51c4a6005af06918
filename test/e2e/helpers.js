// Shared plumbing for the end-to-end tests: the real demo servers on free ports, headless
// Chromium, sign-in, and a recorder of the kit's events inside each page.
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../demo/server/index.js';
import { launchBrowser } from '../../demo/server/browser.js';

export const VIEWPORT = { width: 1280, height: 900 };

/**
 * Starts the demo (both origins, free ports) and a browser. Every /share/api/open the
 * simulator answers is recorded in `opens` as {resource, token, ok, user}, with the token:
 * this list lives in the test process only.
 * @param {string} name the test file's name: its own Vite cache, so files can run in parallel
 * @param {{ minuteSeconds?: number }} [options]
 */
export async function setup(name, { minuteSeconds = 60 } = {}) {
  const demo = await startDemo({
    hostPort: 0,
    sharePort: 0,
    minuteSeconds,
    watch: false,
    logLevel: 'error',
    cacheDir: fileURLToPath(new URL(`../../node_modules/.vite/e2e-${name}`, import.meta.url)),
  });
  const opens = [];
  const validate = demo.store.validate.bind(demo.store);
  demo.store.validate = async (resource, token) => {
    const result = await validate(resource, token);
    opens.push({
      resource,
      token,
      ok: result.ok,
      user: result.ok ? result.user.id : undefined,
      reason: result.ok ? undefined : `${result.scope} ${result.reason}`,
      at: Date.now(),
    });
    return result;
  };
  let browser;
  try {
    browser = await launchBrowser({ siteIsolation: process.env.E2E_SITE_ISOLATION === '1' });
  } catch (error) {
    await demo.close();
    throw error;
  }
  return {
    demo,
    browser,
    opens,
    /** Endpoint calls the host backend counted for user+policy. */
    calls: (user, policy) => demo.backend.stats().calls[`${user}|${policy}`] ?? 0,
    close: async () => {
      await browser.close().catch(() => {});
      await demo.close();
    },
  };
}

/** Installed before any page script: every kit event, as plain data, in window.__events. */
function recordKitEvents() {
  window.__events = [];
  for (const type of [
    'biuwer-load',
    'biuwer-error',
    'biuwer-token-refresh',
    'biuwer-state-change',
  ]) {
    document.addEventListener(
      type,
      (event) => {
        const target = event.composedPath()[0];
        window.__events.push({
          type,
          id: target.id,
          tag: target.localName,
          detail: JSON.parse(JSON.stringify(event.detail ?? null)),
          at: Date.now(),
        });
      },
      true,
    );
  }
}

/**
 * Opens the demo page in `context` (a browser or a browser context), signs in as `user`
 * when the page asks, and waits until the session's embeds are ready.
 * @param {{ user?: string, policy?: string, protocol?: boolean, ready?: boolean,
 *   init?: () => void }} [options] `init` runs in the page before any of its scripts
 */
export async function openDemo(context, demo, options = {}) {
  const { user = 'ana', policy = 'monthly', protocol = true, ready = true, init } = options;
  const page = await context.newPage();
  await page.setViewport(VIEWPORT);
  await page.evaluateOnNewDocument(recordKitEvents);
  if (init) await page.evaluateOnNewDocument(init);
  const url = new URL(demo.hostUrl);
  url.searchParams.set('policy', policy);
  if (!protocol) url.searchParams.set('protocol', 'off');
  await page.goto(url.href);
  // Either the sign-in card or the app shows up once /api/config has answered.
  await page.waitForSelector('#signin:not([hidden]), #app:not([hidden])');
  if (await page.$('#signin:not([hidden])')) {
    await clickStill(page, `button[data-user="${user}"]`);
  }
  if (ready) await waitForSession(page, 'ready');
  return page;
}

/** Waits until every embed of the session (page and three cards) has `state`. */
export async function waitForSession(page, state, timeout = 30_000) {
  await page.waitForFunction(
    (wanted) => {
      const els = [...document.querySelectorAll('biuwer-session [resource]')];
      return els.length === 4 && els.every((el) => el.getAttribute('state') === wanted);
    },
    { timeout, polling: 50 },
    state,
  );
}

export async function waitForState(page, selector, state, timeout = 30_000) {
  await page.waitForFunction(
    (sel, wanted) => document.querySelector(sel)?.getAttribute('state') === wanted,
    { timeout, polling: 50 },
    selector,
    state,
  );
}

/**
 * Waits for a recorded kit event matching `{type, id?, detail?}` (detail: a subset) that
 * happened after `since` (ms), and returns it.
 */
export async function waitForEvent(page, match, { timeout = 30_000, since = 0 } = {}) {
  const handle = await page
    .waitForFunction(
      (m, after) =>
        window.__events.find(
          (e) =>
            e.type === m.type &&
            e.at >= after &&
            (!m.id || e.id === m.id) &&
            Object.entries(m.detail ?? {}).every(([k, v]) => e.detail?.[k] === v),
        ),
      { timeout, polling: 50 },
      match,
      since,
    )
    .catch(async (error) => {
      // Say what did happen: the recorded events (no token in any) and the demo's timeline.
      const seen = (await events(page).catch(() => [])).map(
        (e) => `${e.type} ${e.id} ${JSON.stringify(e.detail)}`,
      );
      const timeline = await page.$eval('#timeline', (el) => el.innerText).catch(() => '');
      error.message += `\nwanted ${JSON.stringify(match)}\nevents:\n${seen.join('\n')}\ntimeline:\n${timeline}`;
      throw error;
    });
  return handle.jsonValue();
}

export const events = (page) => page.evaluate(() => window.__events);

/**
 * Clicks `selector` the way a user aims: once the element has held still for a few frames
 * and is what the pointer would hit at its centre, with the real mouse. Then checks that
 * the click reached it: a layout shift between aiming and clicking (a line added above)
 * would otherwise press another button and fail the test far from its cause.
 */
export async function clickStill(page, selector, { timeout = 30_000 } = {}) {
  const handle = await page.waitForFunction(
    (sel) =>
      new Promise((resolve) => {
        const el = document.querySelector(sel);
        if (!el) return resolve(null);
        el.scrollIntoView({ block: 'nearest' });
        let last = '';
        let still = 0;
        const look = () => {
          const r = el.getBoundingClientRect();
          const box = `${r.left},${r.top},${r.width},${r.height}`;
          still = box === last ? still + 1 : 0;
          last = box;
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          const hit = document.elementFromPoint(x, y);
          if (still >= 3 && r.width > 0 && el.contains(hit)) {
            // Record where the click lands, once, before the mouse moves.
            window.__click = undefined;
            document.addEventListener(
              'click',
              (event) => {
                const t = event.target;
                window.__click = {
                  reached: el.contains(t),
                  landed: t.id ? `#${t.id}` : `${t.localName} "${t.textContent.trim()}"`,
                };
              },
              { capture: true, once: true },
            );
            return resolve({ x, y });
          }
          if (still > 60) return resolve(null);
          requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }),
    { timeout, polling: 100 },
    selector,
  );
  const { x, y } = await handle.jsonValue();
  await page.mouse.click(x, y);
  const click = await page.evaluate(() => window.__click);
  if (!click?.reached) {
    throw new Error(`A click aimed at ${selector} landed on ${click?.landed ?? 'no element'}.`);
  }
}

/** Frame.evaluate, given up after `ms`: an out-of-process frame being torn down can hang. */
function evaluateWithin(frame, fn, ms = 2000) {
  let timer;
  return Promise.race([
    frame.evaluate(fn),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** What every share frame shows: its tenant, 'not-found', 'loading' or 'unreadable: …'. */
export async function frameViews(page, shareUrl) {
  const frames = page
    .frames()
    .filter((f) => !f.detached && f.url().startsWith(`${shareUrl}/share`));
  return Promise.all(
    frames.map((f) =>
      evaluateWithin(f, () => {
        if (document.querySelector('.bw-not-found')) return 'not-found';
        const el = document.querySelector('[data-tenant]');
        return el ? el.getAttribute('data-tenant') : 'loading';
      }).catch((error) => `unreadable: ${error.message}`),
    ),
  );
}

/**
 * Waits until at least `min` share frames have rendered and none is still loading, and
 * returns what they show. Frames that cannot be read (being swapped out) are left out.
 */
export async function waitForFrames(page, shareUrl, min = 4, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const views = await frameViews(page, shareUrl);
    const settled = views.filter((v) => !v.startsWith('unreadable'));
    if (settled.length >= min && !settled.includes('loading')) return settled;
    if (Date.now() > deadline) throw new Error(`Frames did not render: ${JSON.stringify(views)}`);
    await sleep(200);
  }
}

export async function post(page, path, body) {
  return page.evaluate(
    async (p, b) => {
      const res = await fetch(p, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });
      return { status: res.status, body: await res.json() };
    },
    path,
    body,
  );
}

/** Retries `check` (which throws while its condition does not hold) until it passes. */
export async function eventually(check, { timeout = 30_000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(interval);
    }
  }
}

/**
 * The moment a test gives a wrong late effect (an embed falling into error after a failed
 * refresh) to show before it asserts that nothing happened. It can only make a check miss a
 * late regression on a slow machine, never fail a correct run.
 */
export const NOTHING_MORE_MS = 500;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the page's real clock (the test process's clock is the same machine's). */
export const pageNow = (page) => page.evaluate(() => Date.now());
