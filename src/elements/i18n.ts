import type { EmbedErrorCode } from '../core/errors.js';

/** Built-in strings; the nearest `lang` attribute picks the language (English otherwise). */
export interface Strings {
  loading: string;
  retry: string;
  errorTitle: string;
  frameTitle: Record<'page' | 'card' | 'collection', string>;
  errors: Partial<Record<EmbedErrorCode, string>>;
}

const en: Strings = {
  loading: 'Loading analytics…',
  retry: 'Try again',
  errorTitle: 'The analytics could not be shown',
  frameTitle: { page: 'Biuwer page', card: 'Biuwer card', collection: 'Biuwer collection' },
  errors: {
    TOKEN_PROVIDER_FAILED: 'Could not get access to the analytics. Check your connection.',
    TOKEN_PROVIDER_TIMEOUT: 'Getting access to the analytics took too long.',
    TOKEN_REJECTED: 'Access to these analytics was refused.',
    TOKEN_EXPIRED: 'Your access to these analytics has expired.',
    FRAME_LOAD_TIMEOUT: 'The analytics took too long to load.',
  },
};

const es: Strings = {
  loading: 'Cargando analítica…',
  retry: 'Reintentar',
  errorTitle: 'No se pudo mostrar la analítica',
  frameTitle: {
    page: 'Página de Biuwer',
    card: 'Tarjeta de Biuwer',
    collection: 'Colección de Biuwer',
  },
  errors: {
    TOKEN_PROVIDER_FAILED: 'No se pudo obtener acceso a la analítica. Revisa tu conexión.',
    TOKEN_PROVIDER_TIMEOUT: 'Obtener acceso a la analítica tardó demasiado.',
    TOKEN_REJECTED: 'Se ha rechazado el acceso a esta analítica.',
    TOKEN_EXPIRED: 'Tu acceso a esta analítica ha caducado.',
    FRAME_LOAD_TIMEOUT: 'La analítica tardó demasiado en cargar.',
  },
};

const catalog: Record<string, Strings> = { en, es };

/** Reads the nearest `lang`, crossing shadow roots, and falls back to the document's. */
export function nearestLang(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang'))
      return node.getAttribute('lang') ?? '';
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return el.ownerDocument?.documentElement.lang ?? '';
}

export function stringsFor(lang: string): Strings {
  const base = lang.toLowerCase().split('-')[0];
  return catalog[base] ?? en;
}

/** A user-facing message: a translation for codes people meet, else the error's own text. */
export function errorMessage(strings: Strings, code: EmbedErrorCode, fallback: string): string {
  return strings.errors[code] ?? fallback;
}
