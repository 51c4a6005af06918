// The main entry alone (no define.js, nothing registered): the tag names are typed all the
// same, because each element module declares its own tag in HTMLElementTagNameMap.
import type { BiuwerPageElement, BiuwerSessionElement } from 'biuwer-embed';

const page: BiuwerPageElement | null = document.querySelector('biuwer-page');
const session: BiuwerSessionElement = document.createElement('biuwer-session');
for (const card of document.querySelectorAll('biuwer-card')) {
  // @ts-expect-error a card is not a session
  const wrong: BiuwerSessionElement = card;
  void wrong;
  void card.reload;
}
void document.createElement('biuwer-collection').refreshToken;
void page;
void session;
