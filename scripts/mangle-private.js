// Build step: shortens the kit's private member names in both builds (dist/lib and the CDN
// file). Consumers' minifiers never rename properties, so without this every `this.record`,
// `this.cancelRefresh` ships in full.
//
// The convention: a name ending in one underscore after a lower-case start (`retry_`,
// `armRefresh_`) is private to the kit and may be renamed. Only TypeScript `private` members
// (and internal fields that never leave the kit) get it; never public API, Lit reactive
// properties or state, DOM properties, or any name read as a string (bracket access, `in`,
// JSON, messages, IndexedDB records).
//
// Names come from scripts/mangle-cache.json, checked in, so the two builds agree and every
// release maps a name the same way. A private name the cache lacks is added to it (the build
// says so: commit the file); with `CI` set the build fails instead. Short names are `$` plus
// letters, a shape no DOM or kit property has, so a renamed member cannot collide with
// another property of the same object. esbuild does the renaming (its `mangleProps`, with the
// cache as `mangleCache`); it comes with @web/dev-server-esbuild and vite.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export const PRIVATE_NAME = /^[a-z][A-Za-z0-9]*_$/;
const CACHE_FILE = fileURLToPath(new URL('./mangle-cache.json', import.meta.url));
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `$a` … `$Z`, then `$aa` …: the n-th short name. */
function shortName(n) {
  let name = '';
  let i = n;
  do {
    name = LETTERS[i % LETTERS.length] + name;
    i = Math.floor(i / LETTERS.length) - 1;
  } while (i >= 0);
  return `$${name}`;
}

function readCache() {
  return JSON.parse(readFileSync(CACHE_FILE, 'utf8'));
}

/** A vite (rolldown) plugin: renames private members in every chunk it renders. */
export function manglePrivate() {
  let cache;
  const added = [];
  return {
    name: 'biuwer-mangle-private',
    buildStart() {
      cache = readCache();
    },
    async renderChunk(code, chunk) {
      // First pass: which private names does this chunk use? esbuild reports them in its
      // returned cache; the code of this pass is discarded.
      const probe = await transform(code, {
        loader: 'js',
        mangleProps: PRIVATE_NAME,
        mangleCache: cache,
        logLevel: 'silent',
      });
      const used = new Set(Object.values(cache));
      for (const name of Object.keys(probe.mangleCache ?? {}).sort()) {
        if (name in cache) continue;
        if (process.env.CI) {
          this.error(
            `${chunk.fileName}: private name ${name} is not in scripts/mangle-cache.json; ` +
              'run `npm run build` locally and commit the cache.',
          );
        }
        let n = Object.keys(cache).length;
        while (used.has(shortName(n))) n++;
        cache[name] = shortName(n);
        used.add(cache[name]);
        added.push(name);
      }
      const out = await transform(code, {
        loader: 'js',
        mangleProps: PRIVATE_NAME,
        mangleCache: cache,
        sourcemap: 'external',
        sourcefile: chunk.fileName,
        legalComments: 'inline',
        logLevel: 'silent',
      });
      return { code: out.code, map: JSON.parse(out.map) };
    },
    writeBundle() {
      if (added.length === 0) return;
      const sorted = Object.fromEntries(Object.entries(cache).sort(([a], [b]) => (a < b ? -1 : 1)));
      writeFileSync(CACHE_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
      this.warn(`scripts/mangle-cache.json: added ${added.join(', ')} (commit the file)`);
      added.length = 0;
    },
  };
}
