import type { EmbedErrorCode } from '../core/errors.js';

/** Codes an end user can meet in the error view (`ABORTED` never reaches anyone). */
export type ShownErrorCode = Exclude<EmbedErrorCode, 'ABORTED'>;
/** Codes with a sentence of their own: the rest are the integrator's setup, and say so. */
type RuntimeErrorCode = Extract<
  ShownErrorCode,
  `TOKEN_${string}` | 'FRAME_LOAD_TIMEOUT' | 'STORAGE_UNAVAILABLE' | 'LOCK_TIMEOUT'
>;

/** Built-in strings; the nearest `lang` attribute picks the language (English otherwise). */
export interface Strings {
  /** The catalog's own language, set on the views so screen readers pronounce them right. */
  lang: string;
  loading: string;
  ready: string;
  retry: string;
  errorTitle: string;
  frameTitle: Record<'page' | 'card' | 'collection', string>;
  /** Any setup error (bad or missing settings): nothing the person at the page can fix. */
  setup: string;
  /** A sentence per code, for the person looking at the page (not for the developer). */
  errors: Record<RuntimeErrorCode, string>;
}

const en: Strings = {
  lang: 'en',
  loading: 'Loading analytics…',
  ready: 'The analytics are ready.',
  retry: 'Try again',
  errorTitle: 'The analytics could not be shown',
  setup: 'These analytics are not set up correctly. Please tell the site administrator.',
  frameTitle: { page: 'Biuwer page', card: 'Biuwer card', collection: 'Biuwer collection' },
  errors: {
    TOKEN_PROVIDER_FAILED: 'Could not get access to the analytics. Check your connection.',
    TOKEN_PROVIDER_TIMEOUT: 'Getting access to the analytics took too long.',
    TOKEN_REJECTED: 'Access to these analytics was refused.',
    TOKEN_EXPIRED: 'Your access to these analytics has expired.',
    FRAME_LOAD_TIMEOUT: 'The analytics took too long to load.',
    STORAGE_UNAVAILABLE: 'Your browser could not keep the access to these analytics.',
    LOCK_TIMEOUT: 'Another tab is still getting access to the analytics. Try again in a moment.',
  },
};

const es: Strings = {
  lang: 'es',
  loading: 'Cargando analítica…',
  ready: 'La analítica está lista.',
  retry: 'Reintentar',
  errorTitle: 'No se pudo mostrar la analítica',
  setup: 'Esta analítica no está bien configurada. Avisa al administrador del sitio.',
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
    STORAGE_UNAVAILABLE: 'Tu navegador no pudo guardar el acceso a esta analítica.',
    LOCK_TIMEOUT: 'Otra pestaña sigue obteniendo acceso a la analítica. Inténtalo en un momento.',
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

/**
 * The sentence the error view shows for `code`, in the catalog's language. The error's own
 * message is for developers (English, technical): it goes to the event and the console only.
 */
export function errorMessage(strings: Strings, code: EmbedErrorCode): string {
  return strings.errors[code as RuntimeErrorCode] ?? strings.setup;
}
