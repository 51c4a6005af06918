import type { EmbedErrorCode } from '../core/errors.js';

/** Codes an end user can meet in the error view (`ABORTED` never reaches anyone). */
export type ShownErrorCode = Exclude<EmbedErrorCode, 'ABORTED'>;

/** Built-in strings; the nearest `lang` attribute picks the language (English otherwise). */
export interface Strings {
  /** The catalog's own language, set on the views so screen readers pronounce them right. */
  lang: string;
  loading: string;
  ready: string;
  retry: string;
  errorTitle: string;
  frameTitle: Record<'page' | 'card' | 'collection', string>;
  /** One sentence per code, for the person looking at the page (not for the developer). */
  errors: Record<ShownErrorCode, string>;
}

const TELL_EN = 'Please tell the site administrator.';
const SETUP_EN = `These analytics are not set up correctly. ${TELL_EN}`;

const en: Strings = {
  lang: 'en',
  loading: 'Loading analytics…',
  ready: 'The analytics are ready.',
  retry: 'Try again',
  errorTitle: 'The analytics could not be shown',
  frameTitle: { page: 'Biuwer page', card: 'Biuwer card', collection: 'Biuwer collection' },
  errors: {
    INVALID_INSTANCE: `These analytics point to an address that is not valid. ${TELL_EN}`,
    INVALID_RESOURCE: `The analytics to show are not valid. ${TELL_EN}`,
    INVALID_TOKEN: `The access key for these analytics is not valid. ${TELL_EN}`,
    INVALID_GRANT: `This site could not grant access to these analytics. ${TELL_EN}`,
    INVALID_LIFETIME: SETUP_EN,
    INVALID_SANDBOX: SETUP_EN,
    INVALID_PERSIST: SETUP_EN,
    INVALID_FRAME_OPTION: SETUP_EN,
    UNSAFE_SANDBOX: `These analytics were blocked because their security settings are unsafe. ${TELL_EN}`,
    MISSING_TOKEN_SOURCE: `No access has been set up for these analytics. ${TELL_EN}`,
    INVALID_TOKEN_ENDPOINT: `Access to these analytics is not set up correctly. ${TELL_EN}`,
    TOKEN_PROVIDER_FAILED: 'Could not get access to the analytics. Check your connection.',
    TOKEN_PROVIDER_TIMEOUT: 'Getting access to the analytics took too long.',
    TOKEN_REJECTED: 'Access to these analytics was refused.',
    TOKEN_EXPIRED: 'Your access to these analytics has expired.',
    FRAME_LOAD_TIMEOUT: 'The analytics took too long to load.',
    STORAGE_UNAVAILABLE: 'Your browser could not keep the access to these analytics.',
    LOCK_TIMEOUT: 'Another tab is still getting access to the analytics. Try again in a moment.',
  },
};

const TELL_ES = 'Avisa al administrador del sitio.';
const SETUP_ES = `Esta analítica no está bien configurada. ${TELL_ES}`;

const es: Strings = {
  lang: 'es',
  loading: 'Cargando analítica…',
  ready: 'La analítica está lista.',
  retry: 'Reintentar',
  errorTitle: 'No se pudo mostrar la analítica',
  frameTitle: {
    page: 'Página de Biuwer',
    card: 'Tarjeta de Biuwer',
    collection: 'Colección de Biuwer',
  },
  errors: {
    INVALID_INSTANCE: `Esta analítica apunta a una dirección no válida. ${TELL_ES}`,
    INVALID_RESOURCE: `La analítica que se quiere mostrar no es válida. ${TELL_ES}`,
    INVALID_TOKEN: `La clave de acceso a esta analítica no es válida. ${TELL_ES}`,
    INVALID_GRANT: `Este sitio no pudo conceder acceso a esta analítica. ${TELL_ES}`,
    INVALID_LIFETIME: SETUP_ES,
    INVALID_SANDBOX: SETUP_ES,
    INVALID_PERSIST: SETUP_ES,
    INVALID_FRAME_OPTION: SETUP_ES,
    UNSAFE_SANDBOX: `Esta analítica se ha bloqueado por una configuración de seguridad insegura. ${TELL_ES}`,
    MISSING_TOKEN_SOURCE: `No se ha configurado el acceso a esta analítica. ${TELL_ES}`,
    INVALID_TOKEN_ENDPOINT: `El acceso a esta analítica no está bien configurado. ${TELL_ES}`,
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
  return code === 'ABORTED' ? strings.errors.TOKEN_PROVIDER_FAILED : strings.errors[code];
}
