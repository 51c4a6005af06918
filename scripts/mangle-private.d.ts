import type { Plugin } from 'vite';

/** Names the build treats as private and shortens: one trailing underscore (`retry_`). */
export const PRIVATE_NAME: RegExp;
/** Renames private members in every rendered chunk, through scripts/mangle-cache.json. */
export function manglePrivate(): Plugin;
