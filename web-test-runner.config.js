import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChrome } from './scripts/find-browser.js';
import { createShareHandler, createStore } from './simulator/server.js';

// The share simulator answers on the test server itself. Test pages run on
// http://localhost:PORT, and the "Biuwer instance" is http://127.0.0.1:PORT: another origin.
const share = createShareHandler({ store: createStore() });
const shareSimulator = async (ctx, next) => {
  if (share(ctx.req, ctx.res)) {
    ctx.respond = false;
    return;
  }
  await next();
};

const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Two test files run in two tabs at once: keep the background one's timers and frames live.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production', 'browser'] },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: findChrome(), headless: true, args: chromeArgs },
    }),
  ],
  middleware: [shareSimulator],
  concurrency: 2,
  browserStartTimeout: 120000,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
