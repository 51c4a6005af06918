// Settings from the URL (?instance=…&token=…&page=…&card=…) override the markup defaults, so
// the same page works against the share simulator, a test server or a real instance.
import { settings } from '../settings.js';

const session = document.querySelector('biuwer-session');
const page = document.querySelector('#page');
session.setAttribute('instance', settings.instance);
session.setAttribute('token', settings.token);
page.setAttribute('resource', settings.page);
document.querySelector('biuwer-card').setAttribute('resource', settings.card);

page.addEventListener('biuwer-state-change', (e) => {
  document.querySelector('#state').textContent = e.detail.state;
});
page.addEventListener('biuwer-error', (e) => console.warn(e.detail.code, e.detail.message));
