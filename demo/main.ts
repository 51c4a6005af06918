// The demo host page: a "Rentals admin" app that embeds Biuwer content with biuwer-embed.
// Everything about tokens goes through the kit: this file only sets attributes, listens to
// the kit's events (which never carry a token) and calls clearStoredTokens() on logout.
import '../src/define.js';
import { clearStoredTokens } from '../src/index.js';
import type {
  BiuwerEmbedElement,
  BiuwerSessionElement,
  BiuwerTokenRefreshDetail,
  EmbedErrorDetail,
} from '../src/index.js';

type Policy = 'none' | 'monthly' | 'daily' | 'single-use' | 'minute';
interface DemoUser {
  id: string;
  name: string;
  tenant: string;
  initials: string;
}
interface Config {
  instance: string;
  user: DemoUser | null;
  users: DemoUser[];
  policies: Policy[];
  minuteSeconds: number;
  resources: Record<string, string>;
}
interface CallLogEntry {
  at: number;
  user: string;
  policy: Policy;
  reason: string;
  status?: number;
  expiresAt?: number | null;
}
interface Stats {
  calls: Record<string, number>;
  failMode: 'off' | 'endpoint-500';
  log: CallLogEntry[];
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const POLICY_LABELS: Record<Policy, [string, string]> = {
  none: ['None', 'Static token, never expires'],
  monthly: ['Monthly', '30-day token, reused by the backend'],
  daily: ['Daily', '1-day token'],
  'single-use': ['Single use', 'A fresh token per frame load'],
  minute: ['60-second', 'Watch it refresh live'],
};

let config: Config;
let policy: Policy = 'minute';
let protocol = true;
/** `rotate` of every embed: swap frames only when nobody uses them, or at once. */
let rotate: 'idle' | 'immediate' = 'idle';
let session: BiuwerSessionElement | undefined;
let embeds: BiuwerEmbedElement[] = [];
let tokenExpiresAt: number | null | undefined;
let tokenReceivedAt = 0;
/** Set when no valid token remains (refused or expired); cleared by the next token. */
let tokenProblem: string | undefined;
let refreshes = 0;
const counted = new Set<string>();
let lastLogAt = Date.now();

// ---------------------------------------------------------------- backend calls

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json as T;
}

// ---------------------------------------------------------------- embeds

function tokenAttributes(el: HTMLElement): void {
  el.setAttribute('instance', config.instance);
  el.setAttribute('token-endpoint', `/api/biuwer-token?policy=${policy}`);
  el.setAttribute('user', config.user!.id);
  el.toggleAttribute('single-use', policy === 'single-use');
  el.setAttribute('rotate', rotate);
}

function embed<K extends 'biuwer-page' | 'biuwer-card' | 'biuwer-collection'>(
  tag: K,
  resource: string,
  id: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.id = id;
  el.setAttribute('resource', resource);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  embeds.push(el);
  return el;
}

/** Without the protocol, the page is a real-instance share: it fails once its token expires. */
function pageResource(): string {
  return protocol ? config.resources.page : config.resources.realInstancePage;
}

/** Builds every embed from scratch for the signed-in user and the chosen policy. */
function mountEmbeds(): void {
  const R = config.resources;
  embeds = [];

  session = document.createElement('biuwer-session');
  tokenAttributes(session);
  session.setAttribute('loading', 'eager');
  const page = embed('biuwer-page', pageResource(), 'overview-page');
  const cards = document.createElement('div');
  cards.className = 'card-row';
  cards.id = 'overview-cards';
  // Cards follow their content's height (the instance reports it over the frame protocol).
  const auto = { 'auto-height': '' };
  cards.append(
    embed('biuwer-card', R.kpiCard, 'card-revenue', auto),
    embed('biuwer-card', R.lineCard, 'card-rentals', auto),
    embed('biuwer-card', R.barCard, 'card-categories', auto),
  );
  session.append(cards, page);
  $('session-slot').replaceChildren(session);

  // Outside any session: the embed carries the token attributes itself.
  const collection = embed('biuwer-collection', R.collection, 'workspace-collection');
  tokenAttributes(collection);
  $('collection-slot').replaceChildren(collection);

  const films = embed('biuwer-card', R.tableCard, 'films-card', { 'auto-height': '' });
  tokenAttributes(films);
  $('autoheight-slot').replaceChildren(films);
  renderReady();
}

/**
 * Removes every embed at once, so the kit drops the token manager they shared; the next
 * mount starts from the new settings. (Changing `token-endpoint` in place would also work
 * for a single embed; a whole page switching policy is simplest done this way.)
 */
function unmountEmbeds(): void {
  for (const slot of ['session-slot', 'collection-slot', 'autoheight-slot']) {
    $(slot).replaceChildren();
  }
  session = undefined;
  embeds = [];
  tokenExpiresAt = undefined;
  tokenProblem = undefined;
  renderReady();
}

/** Switching policy: forget the stored token of the previous one, then mount afresh. */
async function applyPolicy(next: Policy, { clear }: { clear: boolean }): Promise<void> {
  policy = next;
  const url = new URL(location.href);
  url.searchParams.set('policy', policy);
  history.replaceState(null, '', url);
  localStorage.setItem('rentals.policy', policy);
  for (const input of document.querySelectorAll<HTMLInputElement>('#policy input')) {
    input.checked = input.value === policy;
  }
  $('fact-policy').textContent = POLICY_LABELS[policy][0];
  unmountEmbeds();
  const storedFor = localStorage.getItem(`rentals.tokens-policy.${config.user!.id}`);
  if (clear || storedFor !== policy) {
    await clearStoredTokens(config.user!.id);
    localStorage.setItem(`rentals.tokens-policy.${config.user!.id}`, policy);
  }
  refreshes = 0;
  $('fact-refreshes').textContent = '0';
  mountEmbeds();
  renderCalls();
}

// ---------------------------------------------------------------- timeline

type Tone = 'info' | 'good' | 'warn' | 'bad' | 'action';

interface Entry {
  key: string;
  at: number;
  /** The embeds (or other sources) that reported this line. */
  sources: Set<string>;
  li: HTMLLIElement;
}
const recent: Entry[] = [];

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** An expiry: the time of day when it is soon, the date as well when it is not. */
function when(ms: number): string {
  if (Math.abs(ms - Date.now()) < 12 * 3600_000) return clock(ms);
  return new Date(ms).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/**
 * Adds a line to the timeline, kept in time order. Lines with the same key within a moment
 * are merged ("× 4"): every embed of a session fires its own event for one shared token.
 */
function log(
  tone: Tone,
  title: string,
  detail = '',
  key = `${title}|${detail}`,
  { at = Date.now(), source = '' }: { at?: number; source?: string } = {},
): void {
  const same = recent.find((e) => e.key === key && Math.abs(at - e.at) < 2000);
  if (same) {
    same.sources.add(source);
    if (same.sources.size > 1) {
      same.li.querySelector('.tl-count')!.textContent = `× ${same.sources.size}`;
    }
    return;
  }
  const li = document.createElement('li');
  li.className = `tl tl-${tone}`;
  li.dataset.at = String(at);
  li.innerHTML = `<span class="tl-dot"></span><span class="tl-time"></span><span class="tl-body"><strong></strong><span class="tl-count"></span><small></small></span>`;
  li.querySelector('.tl-time')!.textContent = clock(at);
  li.querySelector('strong')!.textContent = title;
  li.querySelector('small')!.textContent = detail;
  const list = $('timeline');
  const later = [...list.children].find((c) => Number((c as HTMLElement).dataset.at) <= at);
  list.insertBefore(li, later ?? null);
  while (list.children.length > 40) list.lastElementChild!.remove();
  recent.unshift({ key, at, sources: new Set([source]), li });
  recent.length = Math.min(recent.length, 40);
}

/** The id of the embed that fired a kit event (events are composed: read the real target). */
const sourceOf = (event: Event) => (event.composedPath()[0] as Element | undefined)?.id ?? '';

const DELIVERY: Record<BiuwerTokenRefreshDetail['delivery'], string> = {
  load: 'loaded with it',
  message: 'handed over by message, no reload',
  swap: 'seamless frame swap',
};

/** Which embed a timeline line is about, in the words of the page. */
const EMBED_LABELS: Record<string, string> = {
  'overview-page': 'Overview page',
  'card-revenue': 'Revenue card',
  'card-rentals': 'Rentals card',
  'card-categories': 'Categories card',
  'workspace-collection': 'Workspace collection',
  'films-card': 'Top films card',
};

function onTokenRefresh(event: CustomEvent<BiuwerTokenRefreshDetail>): void {
  const { expiresAt, reason, delivery, deferredMs } = event.detail;
  const previous = tokenExpiresAt;
  tokenProblem = undefined;
  if (policy !== 'single-use' || tokenExpiresAt === undefined) {
    if (expiresAt !== tokenExpiresAt) tokenReceivedAt = Date.now();
    tokenExpiresAt = expiresAt;
  }
  const expiry = expiresAt === null ? 'never expires' : `expires ${when(expiresAt)}`;
  if (reason === 'initial' && delivery === 'load') {
    log('good', 'Token in use', `${expiry} · ${DELIVERY[delivery]}`, `use|${expiresAt}`, {
      source: sourceOf(event),
    });
    return;
  }
  if (previous !== expiresAt || reason !== 'initial') {
    // Every embed reports the one shared token, some later (deferred swaps): count it once.
    if (!counted.has(`${reason}|${expiresAt}`)) {
      counted.add(`${reason}|${expiresAt}`);
      refreshes += 1;
      $('fact-refreshes').textContent = String(refreshes);
    }
  }
  if (delivery === 'swap' && deferredMs > 0) {
    // rotate="idle": this embed's swap waited until nobody was using it (or its deadline).
    const source = sourceOf(event);
    log(
      'info',
      'Deferred swap',
      `${EMBED_LABELS[source] ?? source} waited ${duration(deferredMs)} for a moment nobody used it · ${expiry}`,
      `defer|${source}|${expiresAt}`,
      { source },
    );
    return;
  }
  const title = reason === 'rejected' ? 'Replaced a refused token' : 'Token refreshed';
  log(
    reason === 'rejected' ? 'warn' : 'good',
    title,
    `${expiry} · ${DELIVERY[delivery]}`,
    `rot|${reason}|${expiresAt}`,
    { source: sourceOf(event) },
  );
}

function onError(event: CustomEvent<EmbedErrorDetail>): void {
  const { code, message, recoverable } = event.detail;
  if (code === 'TOKEN_REJECTED') tokenProblem = 'refused';
  if (code === 'TOKEN_EXPIRED') tokenProblem = 'expired';
  if (code === 'STORAGE_UNAVAILABLE') {
    log('warn', 'Token storage unavailable', 'Tokens kept in memory only');
    return;
  }
  log(recoverable ? 'warn' : 'bad', code, message, `err|${code}`, { source: sourceOf(event) });
}

function renderReady(): void {
  const ready = embeds.filter((e) => e.state === 'ready').length;
  const idle = embeds.filter((e) => e.state === 'idle').length;
  $('fact-ready').textContent = `${ready} / ${embeds.length}` + (idle ? ` · ${idle} lazy` : '');
  $('session-chip').textContent = `session · ${embeds.length ? 'user ' + config.user?.id : '—'}`;
}

function renderCountdown(): void {
  const el = $('countdown');
  const fill = $('meter-fill');
  $('countdown-label').textContent = tokenProblem ? 'Current token' : 'Current token expires';
  if (tokenProblem) {
    el.textContent = tokenProblem;
    fill.style.width = '100%';
    fill.dataset.tone = 'bad';
    return;
  }
  if (policy === 'single-use') {
    el.textContent = 'one per frame load';
    fill.style.width = '100%';
    fill.dataset.tone = 'good';
    return;
  }
  if (tokenExpiresAt === undefined) {
    el.textContent = '—';
    fill.style.width = '0%';
    return;
  }
  if (tokenExpiresAt === null) {
    el.textContent = 'never';
    fill.style.width = '100%';
    fill.dataset.tone = 'good';
    return;
  }
  const left = tokenExpiresAt - Date.now();
  const total = Math.max(1, tokenExpiresAt - tokenReceivedAt);
  el.textContent = left > 0 ? `in ${duration(left)}` : 'expired';
  const share = Math.max(0, Math.min(1, left / total));
  fill.style.width = `${share * 100}%`;
  fill.dataset.tone = share > 0.5 ? 'good' : share > 0.2 ? 'warn' : 'bad';
}

let stats: Stats | undefined;
function renderCalls(): void {
  const key = `${config.user?.id}|${policy}`;
  $('fact-calls').textContent = String(stats?.calls[key] ?? 0);
  const failing = stats?.failMode === 'endpoint-500';
  const btn = $('btn-fail');
  btn.setAttribute('aria-pressed', String(failing));
  btn.textContent = failing ? 'Make the endpoint recover' : 'Make the endpoint fail';
  btn.classList.toggle('danger', !failing);
}

async function pollStats(): Promise<void> {
  try {
    stats = await api<Stats>('/api/stats');
  } catch {
    return;
  }
  for (const call of stats.log) {
    if (call.at <= lastLogAt || call.user !== config.user?.id) continue;
    const ok = call.status === 200;
    const what = `POST /api/biuwer-token · ${call.reason}`;
    const title = ok ? 'Backend issued a token' : `Endpoint failed (HTTP ${call.status ?? '?'})`;
    log(ok ? 'info' : 'bad', title, what, `call|${call.at}`, { at: call.at });
  }
  lastLogAt = Math.max(lastLogAt, ...stats.log.map((c) => c.at));
  renderCalls();
}

// ---------------------------------------------------------------- account

function renderAccount(): void {
  const user = config.user;
  $('signin').hidden = Boolean(user);
  $('app').hidden = !user;
  $('account').hidden = !user;
  if (!user) {
    const list = $('signin-users');
    list.replaceChildren(
      ...config.users.map((u) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'signin-user';
        b.dataset.user = u.id;
        b.innerHTML = `<span class="avatar"></span><span><strong></strong><small></small></span>`;
        b.querySelector('.avatar')!.textContent = u.initials;
        b.querySelector('strong')!.textContent = u.name;
        b.querySelector('small')!.textContent = u.tenant;
        b.addEventListener('click', () => void signIn(u.id));
        return b;
      }),
    );
    return;
  }
  const other = config.users.find((u) => u.id !== user.id)!;
  $('tenant-pill').textContent = user.tenant;
  $('avatar').textContent = user.initials;
  $('avatar').dataset.user = user.id;
  $('who-name').textContent = user.name;
  $('hero-tenant').textContent = user.tenant;
  const sw = $('switch-user');
  sw.textContent = `Switch to ${other.name.split(' ')[0]} · ${other.tenant}`;
  sw.dataset.user = other.id;
}

async function signIn(user: string): Promise<void> {
  await api('/api/login', { user });
  config = await api<Config>('/api/config');
  lastLogAt = Date.now();
  renderAccount();
  log('action', `Signed in as ${config.user!.name}`, config.user!.tenant);
  await applyPolicy(policy, { clear: false });
}

/** Logout: drop the embeds, clear every stored token, end the backend session. */
async function signOut(): Promise<void> {
  const name = config.user?.name ?? '';
  unmountEmbeds();
  await clearStoredTokens();
  await api('/api/logout', {});
  config = await api<Config>('/api/config');
  log('action', `Signed out ${name}`, 'Stored tokens cleared (clearStoredTokens)');
}

async function switchUser(): Promise<void> {
  const next = $('switch-user').dataset.user!;
  await signOut();
  await signIn(next);
}

// ---------------------------------------------------------------- controls

function buildPolicyControl(): void {
  const fieldset = $('policy');
  for (const p of config.policies) {
    const [label, hint] = POLICY_LABELS[p];
    const wrap = document.createElement('label');
    wrap.className = 'seg';
    wrap.title = hint;
    wrap.innerHTML = `<input type="radio" name="policy"><span></span>`;
    const input = wrap.querySelector('input')!;
    input.value = p;
    input.checked = p === policy;
    wrap.querySelector('span')!.textContent = label;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      log('action', `Policy: ${label}`, hint);
      void applyPolicy(p, { clear: true });
    });
    fieldset.append(wrap);
  }
}

/** Reloads the embeds that have started; lazy ones still waiting for the viewport stay so. */
function reloadAll(): void {
  for (const el of embeds) if (el.state !== 'idle') el.reload();
}

function wireButtons(): void {
  $('switch-user').addEventListener('click', () => void switchUser());
  $('sign-out').addEventListener('click', () => void signOut().then(renderAccount));
  $<HTMLInputElement>('protocol').addEventListener('change', (e) => {
    protocol = (e.target as HTMLInputElement).checked;
    const url = new URL(location.href);
    if (protocol) url.searchParams.delete('protocol');
    else url.searchParams.set('protocol', 'off');
    history.replaceState(null, '', url);
    const page = document.getElementById('overview-page');
    page?.setAttribute('resource', pageResource());
    log(
      'action',
      protocol ? 'Frame protocol on' : 'Frame protocol off',
      protocol
        ? 'New tokens are handed over by message'
        : 'Like a real instance: new tokens swap frames, an expired one fails the page',
    );
  });
  $<HTMLInputElement>('rotate-idle').addEventListener('change', (e) => {
    rotate = (e.target as HTMLInputElement).checked ? 'idle' : 'immediate';
    const url = new URL(location.href);
    if (rotate === 'idle') url.searchParams.delete('rotate');
    else url.searchParams.set('rotate', rotate);
    history.replaceState(null, '', url);
    for (const el of [session, ...embeds]) {
      if (el?.hasAttribute('rotate')) el.setAttribute('rotate', rotate);
    }
    log(
      'action',
      rotate === 'idle' ? 'Swaps wait for an idle moment' : 'Swaps happen at once',
      rotate === 'idle'
        ? 'A swap waits until nobody uses the embed, at most until 10 s before expiry'
        : 'rotate="immediate": a swap may reset what the user is doing',
    );
  });
  $('btn-refresh').addEventListener('click', () => {
    log('action', 'Refresh requested', 'refreshToken()');
    session?.refreshToken().catch(() => {});
  });
  $('btn-reload').addEventListener('click', () => {
    log('action', 'Reload requested', 'reload() on every embed');
    reloadAll();
  });
  $('btn-revoke').addEventListener('click', async () => {
    const { revoked } = await api<{ revoked: boolean }>('/api/revoke', { policy });
    log(
      'action',
      revoked ? 'Token revoked in Biuwer' : 'Nothing to revoke',
      'Embeds reload to notice',
    );
    reloadAll();
  });
  $('btn-expire').addEventListener('click', async () => {
    await api('/api/expire-share', { resource: pageResource() });
    log('action', 'Shared page expired', 'Its validity ended now; the page reloads');
    document.querySelector<BiuwerEmbedElement>('#overview-page')?.reload();
  });
  $('btn-fail').addEventListener('click', async () => {
    const failing = stats?.failMode === 'endpoint-500';
    await api('/api/fail', { mode: failing ? 'off' : 'endpoint-500' });
    log(
      'action',
      failing ? 'Endpoint recovered' : 'Endpoint now fails',
      failing ? '' : 'HTTP 500 on every call',
    );
    await pollStats();
    if (!failing) session?.refreshToken().catch(() => {});
  });
  $('btn-reset').addEventListener('click', async () => {
    await api('/api/reset', {});
    log('action', 'Demo reset', 'Tokens and shares restored');
    await applyPolicy(policy, { clear: true });
    await pollStats();
  });
}

function listenToTheKit(): void {
  document.addEventListener('biuwer-token-refresh', onTokenRefresh);
  document.addEventListener('biuwer-error', onError);
  document.addEventListener('biuwer-state-change', renderReady);
  document.addEventListener('biuwer-load', (e) => {
    renderReady();
    if (e.detail.rotated) return;
    log('info', 'Content shown', '', 'content-shown', { source: sourceOf(e) });
  });
}

// ---------------------------------------------------------------- start

async function main(): Promise<void> {
  config = await api<Config>('/api/config');
  const params = new URLSearchParams(location.search);
  const wanted = params.get('policy') ?? localStorage.getItem('rentals.policy');
  if (wanted && (config.policies as string[]).includes(wanted)) policy = wanted as Policy;
  protocol = params.get('protocol') !== 'off';
  $<HTMLInputElement>('protocol').checked = protocol;
  rotate = params.get('rotate') === 'immediate' ? 'immediate' : 'idle';
  $<HTMLInputElement>('rotate-idle').checked = rotate === 'idle';
  buildPolicyControl();
  wireButtons();
  listenToTheKit();
  renderAccount();
  if (config.user) await applyPolicy(policy, { clear: false });
  setInterval(renderCountdown, 250);
  setInterval(() => void pollStats(), 1000);
  void pollStats();
}

void main();
