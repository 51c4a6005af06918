import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import type { LitElement, TemplateResult } from 'lit';
import '../../src/define.js';
import type { BiuwerEmbedElement } from '../../src/elements/embed/embed-element.js';
import { RESOURCES, SIM_INSTANCE, countingProvider } from '../helpers/sim.js';
import { waitUntil } from '../helpers/wait.js';

/**
 * Like `fixture()`, minus its wait for an animation frame when the root is a plain element:
 * test files run two at a time and a page in a background tab gets no frames. The embeds'
 * own first update is what matters.
 */
async function mount<T extends Element>(template: TemplateResult): Promise<T> {
  const root = fixtureSync<T>(template);
  const elements = root.querySelectorAll<LitElement>(
    'biuwer-session, biuwer-card, biuwer-page, biuwer-collection',
  );
  await Promise.all([...elements].map((el) => el.updateComplete));
  return root;
}

const never = (): Promise<string> => new Promise<string>(() => {});
const failing = async (): Promise<string> => {
  throw new Error('offline');
};

/** The visible text of a part, whitespace collapsed. */
function textOf(el: BiuwerEmbedElement, part: string): string {
  const node = el.shadowRoot!.querySelector(`[part~="${part}"]`);
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Renders `inner` (one embed) inside a wrapper with `lang` (or none) and returns the embed. */
async function inLang(lang: string | null, inner: TemplateResult): Promise<BiuwerEmbedElement> {
  const wrapper = await mount<HTMLDivElement>(
    lang === null ? html`<div>${inner}</div>` : html`<div lang=${lang}>${inner}</div>`,
  );
  const el = wrapper.querySelector<BiuwerEmbedElement>(
    'biuwer-card, biuwer-page, biuwer-collection',
  )!;
  await el.updateComplete;
  return el;
}

async function loadingIn(lang: string | null): Promise<BiuwerEmbedElement> {
  const el = await inLang(
    lang,
    html`<biuwer-card
      loading="eager"
      instance=${SIM_INSTANCE}
      resource=${RESOURCES.kpiCard}
      .tokenProvider=${never}
    ></biuwer-card>`,
  );
  await waitUntil(() => el.state === 'loading', 'never started loading');
  await el.updateComplete;
  return el;
}

async function errorIn(lang: string | null): Promise<BiuwerEmbedElement> {
  const el = await inLang(
    lang,
    html`<biuwer-card
      loading="eager"
      instance=${SIM_INSTANCE}
      resource=${RESOURCES.kpiCard}
      .tokenProvider=${failing}
    ></biuwer-card>`,
  );
  if (el.state !== 'error') await oneEvent(el, 'biuwer-error');
  await el.updateComplete;
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
        <section lang="en">
          <biuwer-card
            loading="eager"
            instance=${SIM_INSTANCE}
            resource=${RESOURCES.kpiCard}
            .tokenProvider=${never}
          ></biuwer-card>
        </section>
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
      <biuwer-card
        loading="eager"
        instance=${SIM_INSTANCE}
        resource=${RESOURCES.lineCard}
        .tokenProvider=${provider}
      ></biuwer-card>
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
    const el = await inLang(
      'es',
      html`<biuwer-card
        loading="eager"
        title="Ingresos 2026"
        instance=${SIM_INSTANCE}
        resource=${RESOURCES.kpiCard}
        .tokenProvider=${provider}
      ></biuwer-card>`,
    );
    await waitUntil(() => el.state === 'ready' && el.frame, 'never became ready', {
      timeout: 25_000,
    });
    expect(el.frame!.title).to.equal('Ingresos 2026');
  });
});
