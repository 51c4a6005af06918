import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { consumePackage } from '../consume-package.js';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    consumePackage(),
    // The kit's tags are custom elements, not Vue components.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('biuwer-') } } }),
  ],
});
