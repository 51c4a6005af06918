import { defineConfig, type Plugin } from 'vite';

// Storybook's Vite config. src/ is compiled with the repository's tsconfig.json
// (experimentalDecorators, useDefineForClassFields: false), which Vite reads per file.
// Storybook keeps only `build.target` of a user config; other build options are set in
// `viteFinal` (.storybook/main.ts).

/**
 * lit's production build, in the dev server too: the development one logs console warnings
 * ("Lit is in dev mode"…). Storybook adds Vite's default conditions, which in the dev server
 * include "development"; lit's exports list that condition first, so it would win whatever
 * else is set. This runs after Storybook's own config hook and takes it out again.
 */
function litProduction(): Plugin {
  return {
    name: 'biuwer-storybook:lit-production',
    enforce: 'post',
    config(config) {
      const conditions = config.resolve?.conditions ?? [];
      config.resolve = {
        ...config.resolve,
        conditions: [
          'production',
          ...conditions.filter((c) => c !== 'development' && c !== 'development|production'),
        ],
      };
    },
  };
}

export default defineConfig({
  plugins: [litProduction()],
  publicDir: false,
  clearScreen: false,
  // Dependency pre-bundling would bundle lit on its own terms (its development build, and a
  // second copy next to the one src/ imports); left out, lit is resolved as configured above.
  optimizeDeps: {
    exclude: ['lit', 'lit-html', 'lit-element', '@lit/reactive-element', '@lit/context'],
  },
});
