/**
 * Two builds from one config:
 *   vite build              → dist/lib/   ES modules for bundlers, one file per source module,
 *                                         every dependency external (the consumer dedupes lit).
 *   vite build --mode cdn   → dist/cdn/biuwer-embed.js   one minified, self-contained module
 *                                         that registers every element (<script type="module">).
 */
import { defineConfig, defaultClientConditions, type UserConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import pkg from './package.json' with { type: 'json' };
import { manglePrivate } from './scripts/mangle-private.js';
import { minifyCss } from './scripts/minify-css.js';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// A bare specifier is external when it is one of these packages or a subpath of one.
const externalPackages = [
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.peerDependencies ?? {}),
];
const isExternal = (id: string) =>
  externalPackages.some((name) => id === name || id.startsWith(`${name}/`));

const shared: UserConfig = {
  // The "production" condition selects lit's build without dev-mode warnings.
  resolve: { conditions: ['production', ...defaultClientConditions] },
  publicDir: false,
  // Lit styles minified; private member names (`name_`) shortened with one checked-in cache
  // for both builds.
  plugins: [minifyCss(), manglePrivate()],
  // Vite only builds here; the demo and examples have their own servers.
  clearScreen: false,
};

function cdn(): UserConfig {
  return {
    ...shared,
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: true,
      lib: {
        entry: src('define.ts'),
        formats: ['es'],
        fileName: () => 'biuwer-embed.js',
      },
      rolldownOptions: {
        // Everything is bundled: lit, @lit/context, idb-keyval and the used part of jose.
        // Vite leaves whitespace in ES library builds (for consumers' bundlers); this file is
        // served as is, so it is fully minified. License comments of lit stay.
        output: {
          codeSplitting: false,
          minify: true,
          comments: { legal: true, annotation: false, jsdoc: false },
        },
      },
    },
  };
}

function lib(): UserConfig {
  return {
    ...shared,
    build: {
      outDir: 'dist/lib',
      emptyOutDir: true,
      target: 'es2022',
      // Bundlers of consumers minify; readable output makes their stack traces useful.
      minify: false,
      sourcemap: true,
      lib: {
        // server/index is Node's (biuwer-embed/server): no browser entry imports it.
        entry: {
          index: src('index.ts'),
          define: src('define.ts'),
          react: src('react.ts'),
          'server/index': src('server/index.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: isExternal,
        output: {
          // One file per source module: index.js only re-exports, so it has no side effects
          // and bundlers drop whatever an app does not use.
          preserveModules: true,
          preserveModulesRoot: 'src',
          // Compiler helpers, should a build need any again, get a stable, readable path.
          entryFileNames: (chunk) =>
            `${chunk.name.replace(/^_virtual\/.*\/helpers\/(esm\/)?/, '_helpers/')}.js`,
        },
      },
    },
  };
}

export default defineConfig(({ mode }) => (mode === 'cdn' ? cdn() : lib()));
