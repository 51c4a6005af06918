import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { buildShare, DEFAULT_OUT_DIR } from './share/build-share.js';

// The stories embed real content: a static copy of the share page (simulator/share-page.js)
// is written into a static dir and served by Storybook itself at /share. The stories reach
// it through the page's other loopback name (localhost ⇄ 127.0.0.1), a second origin, as a
// Biuwer instance would be (stories/support/instance.ts).
await buildShare(DEFAULT_OUT_DIR);

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: {
    name: '@storybook/web-components-vite',
    options: {
      builder: {
        // Storybook's own Vite config, so the library build config (vite.config.ts) can change
        // without breaking Storybook.
        viteConfigPath: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
      },
    },
  },
  staticDirs: [DEFAULT_OUT_DIR],
  viteFinal: (config) => {
    // Storybook's manager and docs chunks are large by nature; the warning is only noise.
    config.build = { ...config.build, chunkSizeWarningLimit: 1500 };
    return config;
  },
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    enableCrashReports: false,
  },
};

export default config;
