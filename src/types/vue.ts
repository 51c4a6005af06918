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
  BiuwerEmbedAttributes,
  BiuwerEventHandler,
  BiuwerProperties,
  BiuwerSessionAttributes,
} from './attributes.js';

interface BiuwerVueEvents {
  onBiuwerLoad?: BiuwerEventHandler<'biuwer-load'>;
  onBiuwerError?: BiuwerEventHandler<'biuwer-error'>;
  onBiuwerTokenRefresh?: BiuwerEventHandler<'biuwer-token-refresh'>;
  onBiuwerStateChange?: BiuwerEventHandler<'biuwer-state-change'>;
}

type Element<A> = DefineComponent<A & BiuwerProperties & BiuwerVueEvents>;

declare module 'vue' {
  interface GlobalComponents {
    'biuwer-session': Element<BiuwerSessionAttributes>;
    'biuwer-page': Element<BiuwerEmbedAttributes>;
    'biuwer-card': Element<BiuwerEmbedAttributes>;
    'biuwer-collection': Element<BiuwerEmbedAttributes>;
  }
}
