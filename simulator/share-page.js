// GET /share and GET /share/app.js: the document a Biuwer embed frame loads, and its script.
// The script lives in `shareApp` below so it is linted like any other code; it is served as
// its own file (`shareApp.toString()`) because the page's CSP forbids inline scripts.
import { renderNotFound } from './content.js';
import { STYLES } from './styles.js';

/** Headers for the share document: frameable by anyone (no X-Frame-Options), strict CSP. */
export const SHARE_PAGE_HEADERS = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

export function renderSharePage() {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Biuwer</title>
<style>${STYLES}</style>
<script src="/share/app.js" defer></script>
</head>
<body><main id="root" aria-busy="true"><div class="bw-loading">Loading…</div></main></body>
</html>
`;
}

/** The source of /share/app.js. */
export function renderShareScript() {
  return `// Biuwer share simulator — frame script. Protocol: see simulator/README.md.\n(${shareApp.toString()})(${JSON.stringify(renderNotFound())});\n`;
}

/**
 * Runs in the frame. Self-contained: it is serialised with toString(), so it must not
 * reference anything from this module.
 * @param {string} notFoundHtml
 */
function shareApp(notFoundHtml) {
  'use strict';
  const MAX_TIMER_MS = 2 ** 31 - 1;
  const root = document.getElementById('root');

  // The name holds the auth token: read it once and clear it at once, so it neither lingers
  // for other scripts nor survives into a later navigation of this frame.
  const name = window.name;
  window.name = '';
  const sep = name.indexOf(':');
  const resource = sep > 0 ? name.slice(0, sep) : '';
  const initialToken = sep > 0 ? name.slice(sep + 1) : '';

  const embedded = window.parent !== window;
  // The embedding page's origin, from the referrer; '*' only when the host sends none
  // (referrerpolicy no-referrer). Messages carry no secret, so '*' leaks nothing.
  const hostOrigin = (() => {
    try {
      const origin = new URL(document.referrer).origin;
      return origin === 'null' ? '*' : origin;
    } catch {
      return '*';
    }
  })();

  let generation = 0; // drops responses of superseded opens
  let announced = false;
  let features = [];
  let observer = null;
  let lastHeight = -1;
  let cancelTimers = () => {};
  // Real-instance mode (the share's or the simulator's setting): no message either way, and
  // the page refreshes its data on a timer. In both modes the page keeps its token for the
  // data calls it makes while open, as Biuwer's app does.
  let realInstance = false;
  let session = null;
  let dataCalls = 0;

  function post(type, detail) {
    if (embedded && !realInstance)
      window.parent.postMessage({ biuwer: 1, type, ...detail }, hostOrigin);
  }

  /** setTimeout that survives delays over 2^31-1 ms (a month-long token must not fire now). */
  function after(ms, callback) {
    const deadline = Date.now() + ms;
    let handle;
    const arm = () => {
      const wait = deadline - Date.now();
      handle = setTimeout(
        wait > MAX_TIMER_MS ? arm : callback,
        Math.min(Math.max(0, wait), MAX_TIMER_MS),
      );
    };
    arm();
    return () => clearTimeout(handle);
  }

  function reportSize() {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    post('resize', { height });
  }

  // Measures #root, not the document: the document is at least as tall as the frame, so
  // its height could grow with the frame but never shrink back.
  function followSize() {
    const on = features.includes('resize') && typeof ResizeObserver === 'function';
    if (on && !observer) {
      observer = new ResizeObserver(reportSize);
      observer.observe(root);
    } else if (!on && observer) {
      observer.disconnect();
      observer = null;
      lastHeight = -1;
    }
    if (on) reportSize();
  }

  function show(html, title) {
    root.innerHTML = html;
    root.removeAttribute('aria-busy');
    document.title = title;
  }

  function showContent(result, token) {
    cancelTimers();
    show(result.html, result.title);
    features = result.features;
    session = token;
    if (realInstance) {
      // The data stays live: every refresh is a call the token must still be good for.
      const timer = setInterval(refreshData, result.dataRefreshMs);
      cancelTimers = () => clearInterval(timer);
      return;
    }
    announced = true;
    post('ready', { features: [...features] });
    followSize();
    armExpiry(result);
  }

  /**
   * Biuwer would fail its next API call once the token (or the share) ends; the simulator
   * shows that moment directly. The times are relative to the server's clock at its answer,
   * and every answer (open or data call) re-arms them: the page follows the server's clock,
   * which may be a test clock that jumps.
   */
  function armExpiry(result) {
    cancelTimers();
    const stops = [];
    if (typeof result.expiresIn === 'number')
      stops.push(after(result.expiresIn, () => showNotFound(true)));
    if (typeof result.shareExpiresIn === 'number')
      stops.push(after(result.shareExpiresIn, () => showNotFound(false)));
    cancelTimers = () => stops.forEach((stop) => stop());
  }

  function showNotFound(tokenExpired) {
    cancelTimers();
    session = null;
    show(notFoundHtml, 'Content not found');
    // Only the first render announces features; after that the host keeps its view of the
    // page (e.g. it may still rotate the token by message to recover).
    if (!announced) {
      announced = true;
      features = [];
      post('ready', { features: [] });
    }
    followSize();
    if (tokenExpired) post('token-expired');
  }

  /** Asks the share API about (resource, token); null when the network failed. */
  async function ask(path, token) {
    try {
      const response = await fetch(`/share/api/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ resource, token }),
        credentials: 'same-origin',
        cache: 'no-store',
      });
      return await response.json();
    } catch {
      return null;
    }
  }

  async function open(token) {
    const mine = ++generation;
    const result = (await ask('open', token)) ?? { ok: false, tokenExpired: false };
    if (mine !== generation) return;
    realInstance = result.realInstance === true;
    if (result.ok) showContent(result, token);
    else showNotFound(result.tokenExpired === true);
  }

  /** A data call (a refresh, a filter applied): fails once the token or the share has. */
  async function refreshData() {
    const token = session;
    if (!token) return;
    const mine = generation;
    const result = await ask('data', token);
    // Offline for a moment: the content stays, the next refresh tries again.
    if (!result) return;
    if (mine !== generation || session !== token) return;
    if (result.ok) {
      root.dataset.dataCalls = String(++dataCalls);
      if (!realInstance) armExpiry(result);
    } else {
      showNotFound(result.tokenExpired === true);
    }
  }

  // Working with the content (a tab, a filter) asks for data, as Biuwer's app would, with or
  // without the protocol: a token that has ended (or was revoked) fails that call.
  for (const type of ['change', 'click']) root.addEventListener(type, () => refreshData());

  window.addEventListener('message', (event) => {
    // Only the embedding window may hand us a token, and only from the origin we post to.
    if (!embedded || realInstance || event.source !== window.parent) return;
    if (hostOrigin !== '*' && event.origin !== hostOrigin) return;
    const data = event.data;
    if (!data || data.biuwer !== 1 || data.type !== 'token') return;
    if (typeof data.token !== 'string' || !data.token) return;
    open(data.token);
  });

  if (resource && initialToken) open(initialToken);
  else showNotFound(false);
}
