// Opens the built Storybook (npm run build-storybook → storybook-static/) in headless Chromium
// and visits every story and docs page: none may fail to render, log a console error, throw,
// or request anything off this machine. Each story is also checked for the state its name
// promises (ready with content in the frame, loading, idle, or a given error code).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROME_ARGS } from '../../scripts/find-browser.js';
import { serveStatic } from './static-server.js';

const STATIC_DIR = fileURLToPath(new URL('../../storybook-static/', import.meta.url));
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CONCURRENCY = Number(process.env.STORYBOOK_TEST_CONCURRENCY ?? 3);
/** Time a story gets after reaching its state, for errors that would follow it. */
const GRACE_MS = 1000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const CONTENT = '.bw-page, .bw-card-view, .bw-collection';
const NOT_FOUND = '[data-screen="not-found"]';

/**
 * What each story must show once settled. The default is "ready, with content in every
 * frame", so a new story has to render real content unless it is listed or named otherwise.
 */
function expectationFor(id) {
  const name = id.split('--')[1];
  const special = {
    'elements-card--error-token-rejected-by-biuwer': { state: 'error', code: 'TOKEN_REJECTED' },
    'elements-card--error-token-provider-timeout': {
      state: 'error',
      code: 'TOKEN_PROVIDER_TIMEOUT',
      waitMs: 15_000,
    },
    'elements-card--custom-error-slot': { state: 'error', code: 'TOKEN_PROVIDER_FAILED' },
    'elements-card--custom-loading-slot': { state: 'loading' },
    'elements-card--spanish': { state: 'error', code: 'TOKEN_PROVIDER_FAILED', text: 'No se pudo' },
    'elements-page--expired': { state: 'error', code: 'TOKEN_PROVIDER_FAILED', waitMs: 15_000 },
    'elements-page--expired-static-token': { state: 'error', code: 'TOKEN_REJECTED' },
    'elements-page--expired-share': { state: 'ready', frame: NOT_FOUND },
    'elements-page--not-shared-with-this-user': { state: 'ready', frame: NOT_FOUND },
    'elements-page--lazy-below-the-fold': { state: 'idle', calls: 0, lazy: true },
  }[id];
  if (special) return special;
  if (name.startsWith('error-')) {
    return { state: 'error', code: name.slice('error-'.length).toUpperCase().replaceAll('-', '_') };
  }
  if (name === 'spanish') return { state: 'loading', text: 'Cargando analítica' };
  if (name === 'loading') return { state: 'loading' };
  return { state: 'ready', frame: CONTENT };
}

let server;
let browser;
let entries;
let origin;

before(async () => {
  assert.ok(
    existsSync(`${STATIC_DIR}index.json`),
    'storybook-static/ is missing: run `npm run build-storybook` first.',
  );
  entries = Object.values(JSON.parse(readFileSync(`${STATIC_DIR}index.json`, 'utf8')).entries);
  server = await serveStatic(STATIC_DIR);
  origin = `http://localhost:${server.port}`;
  browser = await puppeteer.launch({
    executablePath: CHROME,
    headless: true,
    args: [
      ...CHROME_ARGS,
      // One renderer process for the page and its frames. Origins stay apart (the kit's
      // origin checks work the same), but puppeteer then reads every share frame reliably;
      // with out-of-process frames, evaluating in some of them hangs on a busy machine.
      '--disable-site-isolation-trials',
      '--disable-features=IsolateOrigins,site-per-process',
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page that records every problem, Storybook's render events and the kit's errors. */
async function openPage(context = browser.defaultBrowserContext()) {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? '';
    // Navigations the kit abandons on purpose (a frame removed while loading) are not faults.
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} ${reason}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    const { protocol, host, hostname } = new URL(req.url());
    if (/^https?:$/.test(protocol) && !LOOPBACK.has(hostname)) {
      problems.push(`request off this machine: ${protocol}//${host}`);
    }
  });
  await page.evaluateOnNewDocument(() => {
    performance.mark('story-test-start');
    const seen = (window.__storyTest = { events: [], kitErrors: [] });
    document.addEventListener('biuwer-error', (e) => seen.kitErrors.push(e.detail.code), true);
    // Storybook creates its channel while the preview boots; listen from the first event.
    let channel;
    Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
      configurable: true,
      get: () => channel,
      set(value) {
        channel = value;
        for (const type of [
          'storyRendered',
          'docsRendered',
          'storyErrored',
          'storyThrewException',
          'storyMissing',
        ]) {
          value.on(type, (arg) =>
            seen.events.push({
              type,
              detail:
                type.startsWith('story') && type !== 'storyRendered'
                  ? String(arg?.title ?? arg?.message ?? arg)
                  : '',
            }),
          );
        }
      },
    });
  });
  return { page, problems };
}

/** Waits for Storybook to render the entry (or to report a failure). */
async function visit(page, id, viewMode, extra = '') {
  await page.goto(`${origin}/iframe.html?id=${id}&viewMode=${viewMode}${extra}`, {
    waitUntil: 'load',
  });
  const done = viewMode === 'docs' ? 'docsRendered' : 'storyRendered';
  return page
    .waitForFunction(
      (done) =>
        document.body.classList.contains('sb-show-errordisplay') ||
        window.__storyTest.events.some(
          (e) => e.type === done || !['storyRendered', 'docsRendered'].includes(e.type),
        ),
      { timeout: 20_000 },
      done,
    )
    .then(
      () => [],
      () => [`Storybook did not report ${done} within 20 s`],
    );
}

async function renderErrors(page) {
  return page.evaluate(() => {
    const errors = window.__storyTest.events
      .filter((e) => !['storyRendered', 'docsRendered'].includes(e.type))
      .map((e) => `${e.type}: ${e.detail}`);
    if (document.body.classList.contains('sb-show-errordisplay')) {
      errors.push(`error display: ${document.querySelector('#error-message')?.textContent ?? ''}`);
    }
    return errors;
  });
}

/** State and shadow-root text of every embed on the page. */
function embeds(page) {
  return page.$$eval('biuwer-page, biuwer-card, biuwer-collection', (els) =>
    els.map((el) => ({
      tag: el.localName,
      state: el.state,
      text: el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    })),
  );
}

/** What each share frame shows, for a failure message. */
async function describeFrames(page) {
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  const lines = await Promise.all(
    frames.map(async (f) => {
      const body = await f
        .evaluate(() => document.body?.innerHTML.slice(0, 160) ?? '(no body)')
        .catch((error) => `(unreadable: ${error.message.slice(0, 80)})`);
      return `  frame ${f.url()}: ${body}`;
    }),
  );
  const inDom = await page.$$eval('biuwer-page, biuwer-card, biuwer-collection', (els) =>
    els.map(
      (el) => `  ${el.localName}: ${el.shadowRoot?.querySelectorAll('iframe').length} iframe(s)`,
    ),
  );
  return [...lines, ...inDom];
}

/**
 * How many share-page frames (cross-origin, so read through the browser, not the DOM) show
 * `selector`, waiting up to 15 s for `want` of them: a frame counts as loaded before its
 * script has rendered the content.
 */
async function framesShowing(page, selector, want) {
  const deadline = Date.now() + 15_000;
  let shown = 0;
  do {
    const frames = page.frames().filter((f) => new URL(f.url()).pathname === '/share');
    const hits = await Promise.all(
      frames.map((f) =>
        f.evaluate((sel) => !!document.querySelector(sel), selector).catch(() => false),
      ),
    );
    shown = hits.filter(Boolean).length;
    if (shown >= want) return shown;
    await new Promise((r) => setTimeout(r, 250));
  } while (Date.now() < deadline);
  return shown;
}

const providerCalls = (page) =>
  page.evaluate(() =>
    Number(
      document
        .querySelector('story-token-lab')
        ?.shadowRoot?.querySelector('[data-provider-calls]')
        ?.getAttribute('data-provider-calls') ?? NaN,
    ),
  );

/** Waits until every embed is in `state` (and the kit reported `code`), up to `ms`. */
function settle(page, { state, code }, ms) {
  return page
    .waitForFunction(
      (state, code) => {
        const els = [...document.querySelectorAll('biuwer-page, biuwer-card, biuwer-collection')];
        return (
          els.length > 0 &&
          els.every((el) => el.state === state) &&
          (!code || window.__storyTest.kitErrors.includes(code))
        );
      },
      { timeout: ms, polling: 100 },
      state,
      code ?? null,
    )
    .catch(() => {});
}

async function checkStory(entry, context) {
  const expected = expectationFor(entry.id);
  const { page, problems } = await openPage(context);
  try {
    const found = await visit(page, entry.id, 'story');
    // Conditions, not fixed sleeps: the machine running this may be busy.
    await settle(page, expected, (expected.waitMs ?? 0) + 20_000);
    // A moment more, for errors that would follow the state change.
    await new Promise((r) => setTimeout(r, GRACE_MS));
    found.push(...(await renderErrors(page)));
    const list = await embeds(page);
    if (list.length === 0) found.push('no biuwer embed rendered');
    for (const embed of list) {
      if (embed.state !== expected.state) {
        found.push(
          `${embed.tag} is "${embed.state}", expected "${expected.state}" (${embed.text})`,
        );
      }
      if (expected.text && !embed.text.includes(expected.text)) {
        found.push(`${embed.tag} text "${embed.text}" lacks "${expected.text}"`);
      }
    }
    if (expected.frame && list.length) {
      const shown = await framesShowing(page, expected.frame, list.length);
      if (shown < list.length) {
        found.push(`${shown} of ${list.length} share frames show ${expected.frame}`);
        found.push(...(await describeFrames(page)));
      }
    }
    if (expected.code) {
      const codes = await page.evaluate(() => window.__storyTest.kitErrors);
      if (!codes.includes(expected.code)) {
        found.push(`expected biuwer-error ${expected.code}, got [${codes.join(', ')}]`);
      }
    }
    if (expected.calls !== undefined) {
      const calls = await providerCalls(page);
      if (calls !== expected.calls)
        found.push(`provider calls ${calls}, expected ${expected.calls}`);
    }
    if (expected.lazy) {
      // Scrolled into view, the lazy embed asks for its token and shows the content.
      await page.$eval('biuwer-page', (el) => el.scrollIntoView());
      await settle(page, { state: 'ready' }, 20_000);
      const state = await page.$eval('biuwer-page', (el) => el.state);
      if (state !== 'ready') found.push(`after scrolling the lazy page is "${state}", not ready`);
      const calls = await providerCalls(page);
      if (calls !== 1) found.push(`after scrolling: provider calls ${calls}, expected 1`);
    }
    found.push(...problems);
    return found;
  } finally {
    await page.close();
  }
}

/**
 * Runs `task` over `items`, `limit` at a time. Each worker has its own browser context:
 * stories running side by side must not share Web Locks or storage (the kit's cross-tab
 * lock would make one story wait for another's slow provider), while one worker's pages
 * share a cache.
 */
async function pool(items, limit, task) {
  const results = new Map();
  let next = 0;
  const worker = async () => {
    const context = await browser.createBrowserContext();
    try {
      while (next < items.length) {
        const item = items[next++];
        const started = Date.now();
        results.set(item, await task(item, context));
        if (process.env.STORYBOOK_TEST_TIMINGS) {
          console.log(`${item.id}: ${Date.now() - started} ms`);
        }
      }
    } finally {
      await context.close();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('Storybook (static build)', () => {
  test('every story renders, shows its state and logs no error', async () => {
    const only = process.env.STORYBOOK_TEST_ONLY;
    const stories = entries.filter((e) => e.type === 'story' && (!only || e.id.includes(only)));
    assert.ok(
      only || stories.length >= 40,
      `expected at least 40 stories, found ${stories.length}`,
    );
    const results = await pool(stories, CONCURRENCY, checkStory);
    const failures = [...results]
      .filter(([, found]) => found.length)
      .map(([entry, found]) => `${entry.id}:\n    ${found.join('\n    ')}`);
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });

  test('every docs page renders without errors', async () => {
    const docs = entries.filter((e) => e.type === 'docs');
    assert.ok(docs.length >= 4, `expected a docs page per element, found ${docs.length}`);
    const results = await pool(docs, CONCURRENCY, async (entry, context) => {
      const { page, problems } = await openPage(context);
      try {
        const found = await visit(page, entry.id, 'docs');
        await new Promise((r) => setTimeout(r, 3 * GRACE_MS));
        found.push(...(await renderErrors(page)));
        const rows = await page.$$eval('.docblock-argstable tbody tr', (trs) => trs.length);
        if (rows < 5) found.push(`args table has ${rows} rows`);
        return [...found, ...problems];
      } finally {
        await page.close();
      }
    });
    const failures = [...results]
      .filter(([, found]) => found.length)
      .map(([entry, found]) => `${entry.id}:\n    ${found.join('\n    ')}`);
    assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
  });

  test('a short-lived token rotates live: one call per refresh for a whole session', async () => {
    const { page, problems } = await openPage();
    try {
      // 12-second tokens: the kit refreshes 6 s after each token is issued.
      await visit(page, 'elements-session--refreshing', 'story', '&args=providerLifetime:12');
      await page.waitForFunction(
        () => [...document.querySelectorAll('biuwer-card')].every((el) => el.state === 'ready'),
        { timeout: 15_000 },
      );
      assert.equal(await providerCalls(page), 1, 'four cards, one initial call');
      await page.evaluate(() => {
        window.__refreshes = [];
        document.addEventListener('biuwer-token-refresh', (e) =>
          window.__refreshes.push(e.detail.delivery),
        );
      });
      await page.waitForFunction(() => window.__refreshes.length >= 4, { timeout: 15_000 });
      const calls = await providerCalls(page);
      assert.ok(calls === 2, `one refresh call for four cards, saw ${calls} calls`);
      const deliveries = await page.evaluate(() => window.__refreshes);
      assert.deepEqual(new Set(deliveries), new Set(['message']), 'rotated by message, no reload');
      for (const embed of await embeds(page)) assert.equal(embed.state, 'ready');
      assert.equal(await framesShowing(page, '.bw-card-view', 4), 4);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test('without the message protocol, a new token swaps the frame seamlessly', async () => {
    const { page, problems } = await openPage();
    try {
      await visit(
        page,
        'elements-page--refreshing-without-protocol',
        'story',
        '&args=providerLifetime:12',
      );
      await settle(page, { state: 'ready' }, 20_000);
      await page.evaluate(() => {
        window.__refreshes = [];
        document.addEventListener('biuwer-token-refresh', (e) =>
          window.__refreshes.push(e.detail.delivery),
        );
      });
      await page.waitForFunction(() => window.__refreshes.length >= 1, { timeout: 20_000 });
      assert.deepEqual(await page.evaluate(() => window.__refreshes), ['swap']);
      assert.equal(await page.$eval('biuwer-page', (el) => el.state), 'ready');
      assert.equal(await framesShowing(page, '.bw-page', 1), 1);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test('the Storybook UI loads offline, from this machine only', async () => {
    const { page, problems } = await openPage();
    try {
      await page.goto(`${origin}/?path=/story/elements-page--ready`, { waitUntil: 'load' });
      const preview = await (
        await page.waitForSelector('#storybook-preview-iframe')
      ).contentFrame();
      await preview.waitForFunction(
        () => document.querySelector('biuwer-page')?.state === 'ready',
        {
          timeout: 20_000,
        },
      );
      await new Promise((r) => setTimeout(r, GRACE_MS));
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  test('the share page is served at /share on both origins', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const res = await fetch(`http://${host}:${server.port}/share`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /<script src="\/share\/backend\.js"><\/script>/);
    }
  });
});
