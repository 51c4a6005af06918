import { expect, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerEmbedElement } from '../../src/elements/embed/embed-element.js';
import type { EmbedErrorDetail } from '../../src/core/errors.js';
import { errorMessage, stringsFor, type ShownErrorCode } from '../../src/elements/i18n.js';
import {
  type CardOptions,
  cardTemplate,
  errored,
  mount,
  mountCard,
  never,
} from '../helpers/mount.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

const failing = async (): Promise<string> => {
  throw new Error('offline');
};

/** The visible text of a part, whitespace collapsed. */
function textOf(el: BiuwerEmbedElement, part: string): string {
  const node = el.shadowRoot!.querySelector(`[part~="${part}"]`);
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** A standalone card in a wrapper with `lang` (or none), waiting for a token. */
async function loadingIn(lang: string | null): Promise<BiuwerEmbedElement> {
  const el = await mountCard({ lang: lang ?? undefined, tokenProvider: never });
  await waitUntil(() => el.state === 'loading', 'never started loading');
  await el.updateComplete;
  return el;
}

/** A standalone card in a wrapper with `lang` (or none), its provider failed. */
async function errorIn(lang: string | null): Promise<BiuwerEmbedElement> {
  const el = await mountCard({ lang: lang ?? undefined, tokenProvider: failing });
  await errored(el);
  return el;
}

describe('i18n', () => {
  it('speaks English by default', async () => {
    const loading = await loadingIn(null);
    expect(textOf(loading, 'status')).to.equal('Loading analytics…');

    const failed = await errorIn(null);
    expect(textOf(failed, 'error')).to.contain('The analytics could not be shown');
    expect(textOf(failed, 'error')).to.contain('Could not get access to the analytics.');
    expect(textOf(failed, 'retry')).to.equal('Try again');
  });

  it('shows the Spanish loading text inside lang="es"', async () => {
    const el = await loadingIn('es');
    expect(textOf(el, 'status')).to.equal('Cargando analítica…');
  });

  it('shows the Spanish error view and retry button inside lang="es"', async () => {
    const el = await errorIn('es');
    expect(textOf(el, 'error')).to.contain('No se pudo mostrar la analítica');
    expect(textOf(el, 'error')).to.contain('No se pudo obtener acceso a la analítica.');
    expect(textOf(el, 'retry')).to.equal('Reintentar');
    expect(textOf(el, 'error')).not.to.contain('Try again');
  });

  it('treats a regional tag (es-MX, ES) as Spanish', async () => {
    expect(textOf(await loadingIn('es-MX'), 'status')).to.equal('Cargando analítica…');
    expect(textOf(await loadingIn('ES'), 'status')).to.equal('Cargando analítica…');
    expect(textOf(await errorIn('es-MX'), 'retry')).to.equal('Reintentar');
  });

  it('falls back to English for a language it does not know', async () => {
    expect(textOf(await loadingIn('fr'), 'status')).to.equal('Loading analytics…');
  });

  it('takes the nearest lang: an English island inside a Spanish page stays English', async () => {
    const root = await mount<HTMLDivElement>(html`
      <div lang="es">
        <section lang="en">${cardTemplate({ tokenProvider: never })}</section>
      </div>
    `);
    const el = root.querySelector('biuwer-card')!;
    await waitUntil(() => el.state === 'loading');
    await el.updateComplete;
    expect(textOf(el, 'status')).to.equal('Loading analytics…');
  });

  it('localizes the frame title of each element kind', async function () {
    this.timeout(40_000);
    const provider = countingProvider({ validForMs: 3_600_000 });
    const root = await mount<HTMLDivElement>(html`
      <div lang="es">
        <biuwer-session loading="eager" instance=${SIM_INSTANCE} .tokenProvider=${provider}>
          <biuwer-card resource=${RESOURCES.kpiCard}></biuwer-card>
          <biuwer-page resource=${RESOURCES.page}></biuwer-page>
          <biuwer-collection resource=${RESOURCES.collection}></biuwer-collection>
        </biuwer-session>
      </div>
      ${cardTemplate({ resource: RESOURCES.lineCard, tokenProvider: provider })}
    `);
    const embeds = [
      ...root.querySelectorAll<BiuwerEmbedElement>('biuwer-card, biuwer-page, biuwer-collection'),
    ];
    const english = root.nextElementSibling as BiuwerEmbedElement;
    await waitUntil(
      () => [...embeds, english].every((el) => el.state === 'ready' && el.frame),
      'not every embed became ready',
      { timeout: 25_000 },
    );
    expect(embeds.map((el) => el.frame!.title)).to.deep.equal([
      'Tarjeta de Biuwer',
      'Página de Biuwer',
      'Colección de Biuwer',
    ]);
    expect(english.frame!.title).to.equal('Biuwer card');
  });

  it('keeps an explicit title instead of the localized default', async function () {
    this.timeout(40_000);
    const provider = countingProvider({ validForMs: 3_600_000 });
    const el = await mountCard({ lang: 'es', title: 'Ingresos 2026', tokenProvider: provider });
    await waitUntil(() => el.state === 'ready' && el.frame, 'never became ready', {
      timeout: 25_000,
    });
    expect(el.frame!.title).to.equal('Ingresos 2026');
  });
});

/** Every code of DESIGN.md's list a person can meet (the compiler says if one is missing). */
const SHOWN: Record<ShownErrorCode, true> = {
  INVALID_INSTANCE: true,
  INVALID_RESOURCE: true,
  INVALID_TOKEN: true,
  INVALID_GRANT: true,
  INVALID_LIFETIME: true,
  INVALID_SANDBOX: true,
  INVALID_PERSIST: true,
  UNSAFE_SANDBOX: true,
  INVALID_FRAME_OPTION: true,
  MISSING_TOKEN_SOURCE: true,
  INVALID_TOKEN_ENDPOINT: true,
  TOKEN_PROVIDER_FAILED: true,
  TOKEN_PROVIDER_TIMEOUT: true,
  TOKEN_REJECTED: true,
  TOKEN_EXPIRED: true,
  FRAME_LOAD_TIMEOUT: true,
  STORAGE_UNAVAILABLE: true,
  LOCK_TIMEOUT: true,
  INVALID_ROTATE: true,
};
const CODES = Object.keys(SHOWN) as ShownErrorCode[];

/** A standalone card set up to fail with a given code. */
function failingWith(
  code: 'INVALID_INSTANCE' | 'MISSING_TOKEN_SOURCE' | 'TOKEN_REJECTED',
): CardOptions {
  if (code === 'INVALID_INSTANCE') return { instance: 'javascript:alert(1)', token: 'abc' };
  if (code === 'MISSING_TOKEN_SOURCE') return {};
  const refused = async (): Promise<string> =>
    Promise.reject(Object.assign(new Error('sign in again'), { status: 401 }));
  return { tokenProvider: refused };
}

async function failedIn(lang: string | null, card: CardOptions) {
  // Bad settings fail in the first update, before a listener on the card could be added.
  const details: EmbedErrorDetail[] = [];
  const onError = (event: CustomEvent<EmbedErrorDetail>) => details.push(event.detail);
  document.addEventListener('biuwer-error', onError);
  try {
    const el = await mountCard({ ...card, lang: lang ?? undefined });
    await waitUntil(() => el.state === 'error' && details.length > 0, 'never failed');
    await el.updateComplete;
    return { el, detail: details[0] };
  } finally {
    document.removeEventListener('biuwer-error', onError);
  }
}

describe('i18n: the error view speaks the page language', () => {
  it('has a sentence in English and in Spanish for every error code', () => {
    const en = stringsFor('en');
    const es = stringsFor('es');
    for (const code of CODES) {
      expect(errorMessage(en, code), code).to.be.a('string').and.not.equal('');
      expect(errorMessage(es, code), code).to.be.a('string').and.not.equal('');
      expect(errorMessage(es, code), `${code} is translated`).not.to.equal(errorMessage(en, code));
    }
  });

  for (const code of ['INVALID_INSTANCE', 'MISSING_TOKEN_SOURCE', 'TOKEN_REJECTED'] as const) {
    it(`${code}: the view shows the code's sentence, never the developer message`, async () => {
      for (const lang of ['en', 'es']) {
        const { el, detail } = await failedIn(lang, failingWith(code));
        const message = el.shadowRoot!.querySelector('.error-message')!.textContent!.trim();
        expect(message).to.equal(errorMessage(stringsFor(lang), code));
        expect(detail.code).to.equal(code);
        expect(textOf(el, 'error')).not.to.contain(detail.message);
      }
    });
  }

  it('inside lang="es" the error view holds no English at all', async () => {
    const { el, detail } = await failedIn('es', failingWith('INVALID_INSTANCE'));
    const text = textOf(el, 'error');
    const en = stringsFor('en');
    for (const english of [detail.message, en.errorTitle, en.retry, ...Object.values(en.errors)]) {
      expect(text).not.to.contain(english);
    }
    expect(text).to.contain('No se pudo mostrar la analítica');
    expect(el.shadowRoot!.querySelector('[part="error"]')!.getAttribute('lang')).to.equal('es');
  });

  it('a lang change on the element or on <html> re-renders the views', async () => {
    const html0 = document.documentElement.getAttribute('lang');
    try {
      const { el } = await failedIn(null, failingWith('MISSING_TOKEN_SOURCE'));
      expect(textOf(el, 'retry')).to.equal('Try again');

      el.setAttribute('lang', 'es');
      await waitUntil(() => textOf(el, 'retry') === 'Reintentar', 'lang on the element ignored');
      expect(el.shadowRoot!.querySelector('.error-message')!.textContent!.trim()).to.equal(
        errorMessage(stringsFor('es'), 'MISSING_TOKEN_SOURCE'),
      );

      el.removeAttribute('lang');
      await waitUntil(() => textOf(el, 'retry') === 'Try again', 'removing lang ignored');

      document.documentElement.setAttribute('lang', 'es');
      await waitUntil(() => textOf(el, 'retry') === 'Reintentar', 'lang on <html> ignored');
      const live = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(live.textContent).to.contain('No se pudo mostrar la analítica');
    } finally {
      if (html0 === null) document.documentElement.removeAttribute('lang');
      else document.documentElement.setAttribute('lang', html0);
    }
  });

  it("a lang change inside another component's shadow root reaches the embed", async () => {
    const tag = `lang-host-${Math.random().toString(36).slice(2)}`;
    customElements.define(
      tag,
      class extends HTMLElement {
        constructor() {
          super();
          this.attachShadow({ mode: 'open' }).innerHTML =
            `<section><biuwer-card loading="eager" instance="${SIM_INSTANCE}" ` +
            `resource="${RESOURCES.kpiCard}"></biuwer-card></section>`;
        }
      },
    );
    const host = await mount<HTMLElement>(html`<div>${document.createElement(tag)}</div>`);
    const el =
      host.firstElementChild!.shadowRoot!.querySelector<BiuwerEmbedElement>('biuwer-card')!;
    await waitUntil(() => el.state === 'error', 'never failed');
    await el.updateComplete;
    expect(textOf(el, 'retry')).to.equal('Try again');
    el.parentElement!.setAttribute('lang', 'es');
    await waitUntil(() => textOf(el, 'retry') === 'Reintentar', 'lang in the shadow root ignored');
  });

  it('a lang change retitles the live frame', async function () {
    this.timeout(40_000);
    const provider = countingProvider({ validForMs: 3_600_000 });
    const el = await mountCard({ lang: 'en', tokenProvider: provider });
    await waitUntil(() => el.state === 'ready' && el.frame, 'never became ready', {
      timeout: 25_000,
    });
    const frame = el.frame!;
    expect(frame.title).to.equal('Biuwer card');
    el.parentElement!.setAttribute('lang', 'es');
    await waitUntil(() => frame.title === 'Tarjeta de Biuwer', 'the frame kept its old title');
    expect(el.frame).to.equal(frame);
    expect(provider.calls).to.equal(1);
  });

  it('puts exactly one console warning, with the developer message, per error', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    };
    try {
      const { el, detail } = await failedIn('es', failingWith('TOKEN_REJECTED'));
      const ours = () => warnings.filter((w) => w.startsWith('biuwer-embed'));
      expect(ours()).to.deep.equal([
        `biuwer-embed <biuwer-card>: TOKEN_REJECTED: ${detail.message}`,
      ]);
      const second = oneEvent(el, 'biuwer-error');
      (el.shadowRoot!.querySelector('[part="retry"]') as HTMLButtonElement).click();
      await second;
      await el.updateComplete;
      expect(ours()).to.have.length(2);
    } finally {
      console.warn = warn;
    }
  });
});
