/**
 * Mounting embeds in element tests: the `fixture()` variant they share, the standalone
 * `<biuwer-card>` most of them render, an embed built in script and awaited until loaded,
 * and what they read back from them.
 */
import { fixtureSync, html, oneEvent } from '@open-wc/testing';
import type { LitElement, TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define.js';
import type { BiuwerCardElement } from '../../src/elements/card/card-element.js';
import type { BiuwerEmbedElement } from '../../src/elements/embed/embed-element.js';
import { RESOURCES, SIM_INSTANCE } from './sim.js';

/**
 * Like `fixture()`, minus its wait for an animation frame when the root is a plain element:
 * test files run two at a time and a page in a background tab gets no frames. The embeds'
 * own first update is what matters.
 */
export async function mount<T extends Element>(template: TemplateResult): Promise<T> {
  const root = fixtureSync<T>(template);
  const elements = root.querySelectorAll<LitElement>(
    'biuwer-session, biuwer-card, biuwer-page, biuwer-collection',
  );
  await Promise.all([...elements].map((el) => el.updateComplete));
  return root;
}

/** A token provider that never answers: the embed stays loading. */
export const never = (): Promise<string> => new Promise<string>(() => {});

export interface CardOptions {
  /** Set as the `tokenProvider` property; without it the card has no property binding at all. */
  tokenProvider?: BiuwerCardElement['tokenProvider'];
  /** The `loading` attribute, `eager` unless told; `null` leaves it out (the default, lazy). */
  loading?: 'eager' | 'lazy' | null;
  /** Default: the simulator. */
  instance?: string;
  /** Default: the simulator's KPI card. */
  resource?: string;
  title?: string;
  /** The `token` attribute. */
  token?: string;
}

/** A standalone `<biuwer-card>` on the simulator, eager unless told. */
export function cardTemplate(options: CardOptions = {}): TemplateResult {
  const loading = options.loading === undefined ? 'eager' : (options.loading ?? undefined);
  const instance = options.instance ?? SIM_INSTANCE;
  const resource = options.resource ?? RESOURCES.kpiCard;
  const { title, token, tokenProvider } = options;
  // Two templates, not `.tokenProvider=${undefined}`: a card without a provider is left as
  // a page author would leave it, the property never written.
  return tokenProvider === undefined
    ? html`<biuwer-card
        loading=${ifDefined(loading)}
        title=${ifDefined(title)}
        instance=${instance}
        resource=${resource}
        token=${ifDefined(token)}
      ></biuwer-card>`
    : html`<biuwer-card
        loading=${ifDefined(loading)}
        title=${ifDefined(title)}
        instance=${instance}
        resource=${resource}
        token=${ifDefined(token)}
        .tokenProvider=${tokenProvider}
      ></biuwer-card>`;
}

export interface MountCardOptions extends CardOptions {
  /** The wrapper `<div>`'s `lang` (none unless told). */
  lang?: string;
  /** Rendered in the wrapper before the card (a spacer, a button to Tab from). */
  before?: TemplateResult;
}

/** Mounts `cardTemplate(options)` inside a wrapper `<div>` and returns the card, updated. */
export async function mountCard(options: MountCardOptions = {}): Promise<BiuwerCardElement> {
  const { lang, before, ...card } = options;
  const root = await mount<HTMLDivElement>(
    html`<div lang=${ifDefined(lang)}>${before}${cardTemplate(card)}</div>`,
  );
  return root.querySelector('biuwer-card')!;
}

type EmbedTag = 'biuwer-card' | 'biuwer-page' | 'biuwer-collection';

/**
 * An eager embed on the simulator showing `resource`, configured by `setup` before it
 * connects (in a wrapper `<div>`); resolves once its frame has loaded.
 */
export async function loadedEmbed<K extends EmbedTag>(
  tag: K,
  resource: string,
  setup: (el: HTMLElementTagNameMap[K]) => void,
): Promise<HTMLElementTagNameMap[K]> {
  const el = document.createElement(tag);
  el.loading = 'eager';
  el.instance = SIM_INSTANCE;
  el.resource = resource;
  setup(el);
  const loaded = oneEvent(el, 'biuwer-load');
  fixtureSync(html`<div>${el}</div>`);
  await loaded;
  return el;
}

/** The frame the user sees (a swap's incoming frame stays hidden until it loads). */
export const visibleFrame = (embed: BiuwerEmbedElement): HTMLIFrameElement | null =>
  embed.shadowRoot!.querySelector<HTMLIFrameElement>('iframe:not(.incoming)');

/** Resolves once `el` is in the error state and has rendered it. */
export async function errored(el: BiuwerEmbedElement): Promise<void> {
  if (el.state !== 'error') await oneEvent(el, 'biuwer-error');
  await el.updateComplete;
}

/** Resolves once `el` shows its content (`ready`) and has rendered it. */
export async function shown(el: BiuwerEmbedElement): Promise<void> {
  if (el.state !== 'ready') await oneEvent(el, 'biuwer-load');
  await el.updateComplete;
}
