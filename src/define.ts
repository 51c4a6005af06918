/**
 * Registers every element. Safe to import twice (or next to another copy of the kit):
 * a tag that is already defined is left alone.
 */
import { BiuwerSessionElement } from './elements/session/session-element.js';
import { BiuwerPageElement } from './elements/page/page-element.js';
import { BiuwerCardElement } from './elements/card/card-element.js';
import { BiuwerCollectionElement } from './elements/collection/collection-element.js';

const elements: ReadonlyArray<[string, CustomElementConstructor]> = [
  // The session first, so embeds inside it find their provider when they upgrade.
  ['biuwer-session', BiuwerSessionElement],
  ['biuwer-page', BiuwerPageElement],
  ['biuwer-card', BiuwerCardElement],
  ['biuwer-collection', BiuwerCollectionElement],
];

export function defineBiuwerElements(registry: CustomElementRegistry = customElements): void {
  for (const [tag, ctor] of elements) {
    if (!registry.get(tag)) registry.define(tag, ctor);
  }
}

defineBiuwerElements();
