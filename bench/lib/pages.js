// The bench pages. Each page reports into `window.__bench`; nothing in them talks to anything
// but the loopback servers of servers.js.
import { SAMPLE_RESOURCES } from '../../simulator/seed.js';

const CARDS = [
  SAMPLE_RESOURCES.kpiCard,
  SAMPLE_RESOURCES.lineCard,
  SAMPLE_RESOURCES.barCard,
  SAMPLE_RESOURCES.tableCard,
  SAMPLE_RESOURCES.storesCard,
];
const attr = (value) => String(value).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * Counts kit events (they bubble and are composed, so the document sees them all). `loads`
 * counts swaps too; `cardsLoaded` and `cardsRefreshed` count embeds, once each: how many
 * showed content, and how many of those then got a refreshed token (by message or swap).
 */
const EVENT_PROBE = `
window.__bench = { loads: 0, cardsLoaded: 0, cardsRefreshed: 0, errors: {}, refresh: {}, refreshTimes: [], t0: performance.now() };
(() => {
  const loaded = new WeakSet(), refreshed = new WeakSet();
  document.addEventListener('biuwer-load', (e) => {
    __bench.loads++;
    if (!loaded.has(e.target)) { loaded.add(e.target); __bench.cardsLoaded++; }
  }, true);
  document.addEventListener('biuwer-error', (e) => {
    const c = e.detail && e.detail.code; __bench.errors[c] = (__bench.errors[c] || 0) + 1;
  }, true);
  document.addEventListener('biuwer-token-refresh', (e) => {
    const k = e.detail.reason + '/' + e.detail.delivery;
    __bench.refresh[k] = (__bench.refresh[k] || 0) + 1;
    if (e.detail.delivery === 'load') return;
    __bench.refreshTimes.push(performance.now());
    if (!refreshed.has(e.target)) { refreshed.add(e.target); __bench.cardsRefreshed++; }
  }, true);
})();
`;

/**
 * Installed before the kit loads: counts outstanding timers, listeners on window/document and
 * open BroadcastChannels, so a connect/disconnect cycle that forgets one shows up as growth.
 */
const LEAK_PROBE = `
(() => {
  const live = { timeout: new Set(), interval: new Set(), listeners: new Map(), channels: 0 };
  const st = setTimeout, ct = clearTimeout, si = setInterval, ci = clearInterval;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, function () {
      live.timeout.delete(id);
      if (typeof fn === 'function') return fn.apply(this, args);
    }, ms);
    live.timeout.add(id);
    return id;
  };
  window.clearTimeout = (id) => { live.timeout.delete(id); return ct.call(window, id); };
  window.setInterval = function (fn, ms, ...args) { const id = si.call(window, fn, ms, ...args); live.interval.add(id); return id; };
  window.clearInterval = (id) => { live.interval.delete(id); return ci.call(window, id); };
  const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
  const label = (target) => (target === window ? 'window' : target === document ? 'document' : null);
  const key = (target, type, options) =>
    label(target) + ':' + type + ':' + (typeof options === 'boolean' ? options : !!(options && options.capture));
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (label(this) && listener) {
      const k = key(this, type, options);
      if (!live.listeners.has(k)) live.listeners.set(k, new Set());
      live.listeners.get(k).add(listener);
      const signal = options && typeof options === 'object' ? options.signal : undefined;
      if (signal) add.call(signal, 'abort', () => live.listeners.get(k).delete(listener));
    }
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (label(this) && listener) live.listeners.get(key(this, type, options))?.delete(listener);
    return remove.call(this, type, listener, options);
  };
  const BC = window.BroadcastChannel;
  if (BC) {
    window.BroadcastChannel = class extends BC {
      constructor(name) { super(name); live.channels++; }
      close() { if (!this.__closed) { this.__closed = true; live.channels--; } return super.close(); }
    };
  }
  const deepIframes = (root) => {
    let n = root.querySelectorAll('iframe').length;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) n += deepIframes(el.shadowRoot);
    return n;
  };
  window.__leakProbe = () => {
    const listeners = {};
    for (const [k, set] of live.listeners) if (set.size) listeners[k] = set.size;
    let message = 0;
    for (const [k, set] of live.listeners) if (k.startsWith('window:message:')) message += set.size;
    return {
      timeouts: live.timeout.size,
      intervals: live.interval.size,
      windowMessageListeners: message,
      listeners,
      broadcastChannels: live.channels,
      iframes: deepIframes(document),
    };
  };
})();
`;

/** Time-to-frame breakdown: when IndexedDB opened, the lock was granted, the endpoint answered… */
const PHASE_PROBE = `
window.__marks = [];
(() => {
  const mark = (name) => __marks.push([name, performance.now()]);
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    mark('idb-open');
    const request = open.apply(this, args);
    request.addEventListener('success', () => mark('idb-opened'));
    return request;
  };
  for (const op of ['decrypt', 'encrypt', 'generateKey']) {
    const original = SubtleCrypto.prototype[op];
    SubtleCrypto.prototype[op] = function (...args) {
      mark(op);
      return original.apply(this, args).finally(() => mark(op + '-done'));
    };
  }
  // Inserting the iframe starts its navigation; the browser sets up the frame synchronously.
  const append = Node.prototype.appendChild;
  Node.prototype.appendChild = function (child) {
    const frame = child instanceof HTMLIFrameElement;
    if (frame) mark('iframe-append');
    const result = append.call(this, child);
    if (frame) mark('iframe-appended');
    return result;
  };
  const fetch0 = window.fetch;
  window.fetch = function (...args) { mark('fetch'); return fetch0.apply(this, args).finally(() => mark('fetch-done')); };
  const locks = navigator.locks;
  if (locks) {
    const request = locks.request.bind(locks);
    locks.request = (name, options, callback) =>
      request(name, options, (lock) => { mark('lock-granted'); return callback(lock); });
  }
})();
`;

/** Section 6: every swap the kit reports, with its card, time and the token it replaced. */
const ROTATE_PROBE = `
window.__rotate = { swaps: [], firstExpiry: 0 };
(() => {
  const expiries = new Map();
  document.addEventListener('biuwer-token-refresh', (e) => {
    const card = e.target, now = Date.now(), previous = expiries.get(card);
    if (e.detail.delivery === 'swap') {
      __rotate.swaps.push({
        card: [...document.querySelectorAll('biuwer-card')].indexOf(card),
        at: now,
        atDeadline: previous != null && now >= previous - 10000,
        pastExpiry: previous != null && now >= previous,
        deferredMs: e.detail.deferredMs ?? 0,
      });
    } else if (e.detail.delivery === 'load' && e.detail.expiresAt) {
      __rotate.firstExpiry = Math.max(__rotate.firstExpiry, e.detail.expiresAt);
    }
    expiries.set(card, e.detail.expiresAt);
  }, true);
  __rotate.shownExpiries = () =>
    [...document.querySelectorAll('biuwer-card')].map((card) => expiries.get(card));
})();
`;

function kitPage({ title, probe = '', body, after = '' }) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{margin:0;font:12px sans-serif} biuwer-card{--biuwer-embed-height:120px;width:200px;display:inline-block}</style>
<script>${probe}${EVENT_PROBE}</script>
<script type="module" src="/kit.js"></script>${after}</head><body>${body}</body></html>`;
}

function cards(n) {
  let html = '';
  for (let i = 0; i < n; i++) {
    html += `<biuwer-card loading="eager" resource="${CARDS[i % CARDS.length]}"></biuwer-card>\n`;
  }
  return html;
}

/** @returns {string | undefined} */
export function pageHtml(path, q, ctx) {
  const n = Number(q.n ?? 50);
  const endpoint = (extra = {}) =>
    `/token?${new URLSearchParams({ s: q.s, tab: q.tab ?? '1', life: q.life ?? '3600', ...extra })}`;
  switch (path) {
    // Sections 2 and 4: a session with n eager cards sharing one token endpoint.
    case '/tokens.html':
      return kitPage({
        title: 'kit tokens',
        body: `<biuwer-session id="session" instance="${attr(ctx.instance)}" token-endpoint="${attr(
          endpoint(),
        )}" user="${attr(q.user)}">${cards(n)}</biuwer-session>`,
      });
    // Section 6: n eager real-instance cards in a session with the given `rotate` mode.
    case '/rotate.html': {
      const list = String(q.cards ?? '').split(',');
      let body = '<header style="height:100px">Rentals</header>';
      body += `<biuwer-session id="session" rotate="${attr(q.mode)}" instance="${attr(ctx.instance)}" token-endpoint="${attr(
        endpoint({ strict: '1' }),
      )}" user="${attr(q.user)}">`;
      for (let i = 0; i < n; i++) {
        body += `<biuwer-card loading="eager" resource="${attr(list[i % list.length])}"></biuwer-card>\n`;
      }
      return kitPage({
        title: 'kit rotation',
        probe: ROTATE_PROBE,
        body: `${body}</biuwer-session>`,
      });
    }
    // Section 3: t0 just before the session (holding one card) is connected; the frame's
    // navigation starts when the iframe (src already set) enters the card's shadow root.
    case '/ttf.html':
      return kitPage({
        title: 'kit time to frame',
        probe: PHASE_PROBE,
        body: `<script type="module">
await import('/kit.js');
const session = document.createElement('biuwer-session');
session.setAttribute('instance', ${json(ctx.instance)});
session.setAttribute('token-endpoint', ${json(endpoint({ latency: q.latency ?? '150' }))});
session.setAttribute('user', ${json(q.user)});
const card = document.createElement('biuwer-card');
card.setAttribute('loading', 'eager');
card.setAttribute('resource', ${json(CARDS[0])});
session.append(card);
let t0;
const done = (result) => { window.__ttf = result; };
const watch = () => {
  const root = card.shadowRoot;
  const check = () => {
    const frame = root && root.querySelector('iframe[src]');
    if (frame) {
      observer.disconnect();
      const phases = {};
      for (const [name, t] of __marks) if (t >= t0 && !(name in phases)) phases[name] = Math.round((t - t0) * 10) / 10;
      done({ ms: performance.now() - t0, phases });
      return true;
    }
    return false;
  };
  const observer = new MutationObserver(check);
  // The frame navigates when it is inserted with a src, or when a src is set on it.
  observer.observe(root, { childList: true, subtree: true, attributeFilter: ['src'] });
  return check;
};
card.addEventListener('biuwer-error', (e) => done({ error: e.detail.code }));
t0 = performance.now();
document.body.append(session);
watch()();
</script>`,
      });
    // Section 5: a session and an empty slot; the bench connects and disconnects cards.
    case '/leak.html':
      return kitPage({
        title: 'kit leaks',
        probe: LEAK_PROBE,
        body: `<biuwer-session id="session" instance="${attr(ctx.instance)}" token-endpoint="${attr(
          endpoint(),
        )}" user="${attr(q.user)}"></biuwer-session>`,
      });
    // Section 2, Superset: n embedDashboard() calls, each with its own fetchGuestToken.
    case '/superset.html': {
      const url = `/superset-token?${new URLSearchParams({ s: q.s, tab: q.tab ?? '1', life: q.life ?? '3' })}`;
      return `<!doctype html><meta charset="utf-8"><title>superset tokens</title>
<style>body{margin:0} .m{width:200px;height:120px;display:inline-block} .m iframe{width:100%;height:100%;border:0}</style>
<body><script type="module">
import { embedDashboard } from '/superset-sdk.js';
window.__bench = { fetchGuestToken: 0, embedded: 0, errors: 0 };
const fetchGuestToken = async () => {
  __bench.fetchGuestToken++;
  const res = await fetch(${json(url)}, { method: 'POST' });
  return (await res.json()).token;
};
for (let i = 0; i < ${n}; i++) {
  const mountPoint = document.createElement('div');
  mountPoint.className = 'm';
  document.body.append(mountPoint);
  embedDashboard({ id: 'dash-' + i, supersetDomain: ${json(ctx.supersetDomain)}, mountPoint, fetchGuestToken })
    .then(() => __bench.embedded++, () => __bench.errors++);
}
</script>`;
    }
    default:
      return undefined;
  }
}
