import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { consumePackage } from '../consume-package.js';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [consumePackage(), react()],
});
