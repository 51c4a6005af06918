/// <reference types="biuwer-embed/types/vue" />
import type { GlobalComponents } from 'vue';

type CardProps = InstanceType<GlobalComponents['biuwer-card']>['$props'];
export const ok: CardProps = {
  resource: 'ca4d00000000000000000001',
  loading: 'eager',
  'token-endpoint': '/api/biuwer-token',
  onBiuwerError: (e) => void e.detail.code,
};
// @ts-expect-error loading is 'lazy' | 'eager'
export const bad: CardProps = { loading: 'soon' };
