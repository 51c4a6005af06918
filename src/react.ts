/**
 * React components for the kit (`biuwer-embed/react.js`), built with `@lit/react`: props that
 * are element properties (`tokenProvider`, `loadTimeout`, …) are set as properties, not attributes,
 * and the kit's events are `onBiuwer…` props.
 *
 * Importing this module registers the elements (through `defineBiuwerElements`, which leaves
 * an already defined tag alone), so it is safe next to `biuwer-embed/define.js` or the CDN file.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import {
  BIUWER_EVENTS,
  type BiuwerEventMap,
  type BiuwerEventName,
  type EventPropName,
} from './elements/events.js';
import { BiuwerSessionElement } from './elements/session/session-element.js';
import { BiuwerPageElement } from './elements/page/page-element.js';
import { BiuwerCardElement } from './elements/card/card-element.js';
import { BiuwerCollectionElement } from './elements/collection/collection-element.js';
import { defineBiuwerElements } from './define.js';

defineBiuwerElements();

/** `onBiuwerLoad: 'biuwer-load'`, … for every event of the kit (events.ts). */
const embedEvents = Object.fromEntries(
  Object.keys(BIUWER_EVENTS).map((name) => [
    `on${name.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase())}`,
    name,
  ]),
) as { [K in BiuwerEventName as EventPropName<K>]: EventName<BiuwerEventMap[K]> };

/**
 * `<biuwer-session>`: shares one instance and one auth token among the embeds inside it.
 * The embeds' events bubble, so `onBiuwerError` here hears every embed inside.
 */
export const BiuwerSession = createComponent({
  react: React,
  tagName: 'biuwer-session',
  elementClass: BiuwerSessionElement,
  events: embedEvents,
  displayName: 'BiuwerSession',
});

/** `<biuwer-page>`: embeds one Biuwer page (a dashboard). */
export const BiuwerPage = createComponent({
  react: React,
  tagName: 'biuwer-page',
  elementClass: BiuwerPageElement,
  events: embedEvents,
  displayName: 'BiuwerPage',
});

/** `<biuwer-card>`: embeds one Biuwer card (a chart, KPI or table). */
export const BiuwerCard = createComponent({
  react: React,
  tagName: 'biuwer-card',
  elementClass: BiuwerCardElement,
  events: embedEvents,
  displayName: 'BiuwerCard',
});

/** `<biuwer-collection>`: embeds a Biuwer collection (several pages with their navigation). */
export const BiuwerCollection = createComponent({
  react: React,
  tagName: 'biuwer-collection',
  elementClass: BiuwerCollectionElement,
  events: embedEvents,
  displayName: 'BiuwerCollection',
});

export type { BiuwerSessionElement, BiuwerPageElement, BiuwerCardElement, BiuwerCollectionElement };
