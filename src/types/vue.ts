/**
 * Template typings for Vue 3 (Volar / vue-tsc). Add once, e.g. in `env.d.ts`:
 *
 *     /// <reference types="biuwer-embed/types/vue" />
 *
 * Vue must treat the tags as custom elements (`compilerOptions.isCustomElement:
 * (tag) => tag.startsWith('biuwer-')`). Bind the provider as a property with
 * `:tokenProvider.prop="…"` and listen with `@biuwer-load="…"`.
 */
import type { DefineComponent } from 'vue';
import type {
  BiuwerCamelEventProps,
  BiuwerEmbedAttributes,
  BiuwerProperties,
  BiuwerSessionAttributes,
} from './attributes.js';

type Element<A> = DefineComponent<A & BiuwerProperties & BiuwerCamelEventProps>;

declare module 'vue' {
  interface GlobalComponents {
    'biuwer-session': Element<BiuwerSessionAttributes>;
    'biuwer-page': Element<BiuwerEmbedAttributes>;
    'biuwer-card': Element<BiuwerEmbedAttributes>;
    'biuwer-collection': Element<BiuwerEmbedAttributes>;
  }
}
