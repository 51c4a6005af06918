// Plain TypeScript with no framework installed or referenced: the main entry points typecheck.
import { BiuwerCardElement, EmbedError, type TokenProvider } from 'biuwer-embed';
import { defineBiuwerElements } from 'biuwer-embed/define.js';

defineBiuwerElements();
const card: BiuwerCardElement = document.createElement('biuwer-card');
const provider: TokenProvider = async ({ reason }) => ({ token: reason, expiresIn: 60 });
card.tokenProvider = provider;
card.addEventListener('biuwer-error', (event) => {
  const code: string = event.detail.code;
  void code;
});
card.addEventListener('biuwer-state-change', (event) => {
  // @ts-expect-error the state is a closed union
  const state: 'done' = event.detail.state;
  void state;
});
void (card instanceof BiuwerCardElement);
void EmbedError;
