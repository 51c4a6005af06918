import type { Plugin } from 'vite';

export function minifyCss(): Plugin;
