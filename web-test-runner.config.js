import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import {
  BACKGROUND_TAB_ARGS,
  CHROME_ARGS,
  findChrome,
  findFirefox,
} from './scripts/find-browser.js';
import { createShareHandler, createStore } from './simulator/server.js';

// The share simulator answers on the test server itself. Test pages run on
// http://localhost:PORT, and the "Biuwer instance" is http://127.0.0.1:PORT: another origin.
const share = createShareHandler({ store: createStore() });
const shareSimulator = async (ctx, next) => {
  if (share(ctx.req, ctx.res)) {
    ctx.respond = false;
    return;
  }
  await next();
};

// Two test files run in two tabs at once: keep the background one's timers and frames live.
const chromeArgs = [...CHROME_ARGS, ...BACKGROUND_TAB_ARGS];

// Firefox's counterpart of the Chromium flags above: two test files run in two tabs at
// once, and Firefox clamps a background tab's timers to one second (then budgets them), so a
// test that yields to real tasks between fake-clock steps would crawl in the tab behind.
const firefoxPrefs = {
  'dom.min_background_timeout_value': 0,
  'dom.min_background_timeout_value_without_budget_throttling': 0,
  'dom.timeout.enable_budget_timer_throttling': false,
  'dom.suspend_inactive.enabled': false,
};

// One browser context per test file: every page is a visible, focused page (lazy loading
// needs IntersectionObserver, which a background tab never runs), and IndexedDB is not
// shared between files.
const isolatedPage = async ({ browser }) => (await browser.createBrowserContext()).newPage();
// Firefox opens every context's page as a tab of one window, where only the newest tab is
// visible: a page of its own window is visible however many run at once.
const isolatedWindow = async ({ browser }) =>
  (await browser.createBrowserContext()).newPage({ type: 'window' });

// `npm test` runs Chromium and, when installed, Firefox. BROWSERS=chromium (or firefox)
// picks one. Without Firefox the run says so rather than passing quietly on one engine.
const wanted = (process.env.BROWSERS ?? 'chromium,firefox').split(',').map((b) => b.trim());
const browsers = [];
// Both engines go through the puppeteer launcher, which would call each "Chrome": name them,
// so progress lines and failures say which engine they are about.
const named = (launcher, name) => Object.assign(launcher, { name });
if (wanted.includes('chromium')) {
  browsers.push(
    named(
      chromeLauncher({
        launchOptions: { executablePath: findChrome(), headless: true, args: chromeArgs },
        createPage: isolatedPage,
      }),
      'Chromium',
    ),
  );
}
if (wanted.includes('firefox')) {
  const firefox = findFirefox();
  if (firefox) {
    browsers.push(
      named(
        chromeLauncher({
          launchOptions: {
            browser: 'firefox',
            executablePath: firefox,
            headless: true,
            extraPrefsFirefox: firefoxPrefs,
          },
          createPage: isolatedWindow,
        }),
        'Firefox',
      ),
    );
  } else {
    console.warn(
      'Firefox not found (FIREFOX_PATH, /usr/bin/firefox-esr): running the suite in Chromium only.',
    );
  }
}

// The window focus as a lease (test/helpers/window-focus.ts): `hold-focus` brings the
// session's page to the front once no other session holds it, and keeps it there until that
// session's `release-focus` (after each test). Two files run at once, and in Firefox each
// page is a window: without the lease, one file's bring-to-front took the focus from the
// other's test between its Tab and its Enter. A lease not given back within a minute (a
// browser that died mid-test) lapses, so nothing waits forever.
const LEASE_LAPSES_MS = 60_000;
const windowFocus = (() => {
  let holder;
  let heldSince = 0;
  const waiters = new Set();
  const release = () => {
    holder = undefined;
    for (const wake of [...waiters]) wake();
  };
  return {
    name: 'window-focus',
    async executeCommand({ command, session }) {
      if (command === 'hold-focus') {
        while (holder !== undefined && holder !== session.id) {
          const left = heldSince + LEASE_LAPSES_MS - Date.now();
          if (left <= 0) break;
          await new Promise((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              waiters.delete(wake);
              resolve();
            };
            const timer = setTimeout(wake, left);
            waiters.add(wake);
          });
        }
        if (holder !== session.id) heldSince = Date.now();
        holder = session.id;
        await session.browser.getPage(session.id).bringToFront();
        return true;
      }
      if (command === 'release-focus') {
        if (holder === session.id) release();
        return true;
      }
      return undefined;
    },
  };
})();

// Lit's development build warns about update-cycle mistakes (an element that "scheduled an
// update after an update completed") that the production build every other file runs keeps
// quiet. A test file named *.dev-mode.test.ts gets Lit's development build: everything it
// imports, at any depth, is marked ?lit-dev (the mark passes down the module graph and keeps
// these modules apart from everyone else's in the server's cache) and Lit's packages are
// served from their development/ folder.
const LIT_PACKAGE =
  /^\/node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element|@lit\/context)\/(?!development\/)/;
const litDevMode = {
  name: 'lit-dev-mode',
  transformImport({ source, context }) {
    const marked =
      /\.dev-mode\.test\.ts$/.test(context.path) || /(^|&)lit-dev(&|$)/.test(context.querystring);
    if (!marked || !/^\.{0,2}\//.test(source) || /[?&]lit-dev(&|$)/.test(source)) return undefined;
    const url = new URL(source, `http://localhost${context.path}`);
    const path = url.pathname.replace(LIT_PACKAGE, '/node_modules/$1/development/');
    return `${path}${url.search ? `${url.search}&` : '?'}lit-dev`;
  },
};

// The page each test file runs in: Mocha as Web Test Runner sets it up, plus one root hook
// that keeps a failed assertion about a DOM node reportable (test/helpers/cloneable-failures.ts).
const testRunnerHtml = () => `<!DOCTYPE html><html><head></head><body><script type="module">
import { mocha, runTests } from '@web/test-runner-mocha';
import { keepFailuresReportable } from '/test/helpers/cloneable-failures.ts';
runTests(async () => {
  keepFailuresReportable(mocha);
  await import(new URL(window.__WTR_CONFIG__.testFile, document.baseURI).href);
});
</script></body></html>`;

export default {
  files: ['test/**/*.test.ts'],
  testRunnerHtml,
  nodeResolve: { exportConditions: ['production', 'browser'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    windowFocus,
    litDevMode,
  ],
  browsers,
  middleware: [shareSimulator],
  concurrency: 2,
  browserStartTimeout: 120000,
  // A test's own limit, for a loaded machine (two cores shared with other jobs): a healthy
  // test takes a fraction of it, and tests wait on conditions, not fixed times.
  testFramework: { config: { timeout: 30000 } },
  testsFinishTimeout: 300000,
};
