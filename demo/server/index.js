// startDemo(): both origins of the demo in one Node process.
//   host   http://localhost:HOST   the Vite dev server with the demo page, and the host
//                                   application's backend mounted under /api
//   share  http://127.0.0.1:SHARE  the share simulator (a local Biuwer instance)
// Used by demo/start.js (`npm start`), demo/screenshot.js and the end-to-end tests.
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { startShareServer } from '../../simulator/server.js';
import { createStore } from '../../simulator/store.js';
import { createHostBackend } from './backend.js';

const demoRoot = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const serverEntry = fileURLToPath(new URL('../../src/server/index.ts', import.meta.url));

/**
 * @param {object} [options]
 * @param {number} [options.hostPort] 0 picks a free port (default 5173)
 * @param {number} [options.sharePort] 0 picks a free port (default 5174)
 * @param {number} [options.minuteSeconds] lifetime of the "60-second" policy's tokens
 *   (default: DEMO_MINUTE_SECONDS or 60); tests shorten it
 * @param {boolean} [options.watch] watch files and hot-reload (default true)
 * @param {'info' | 'warn' | 'error' | 'silent'} [options.logLevel] Vite's log level
 * @param {string} [options.cacheDir] Vite's dependency cache (node_modules/.vite/demo); demos
 *   running side by side (parallel test files) should each have their own
 * @returns {Promise<{ hostUrl: string, shareUrl: string, store: import('../../simulator/store.js').Store,
 *   backend: ReturnType<typeof createHostBackend>, close: () => Promise<void> }>}
 */
export async function startDemo({
  hostPort = 5173,
  sharePort = 5174,
  minuteSeconds = Number(process.env.DEMO_MINUTE_SECONDS ?? 60),
  watch = true,
  logLevel = 'warn',
  cacheDir = fileURLToPath(new URL('../../node_modules/.vite/demo', import.meta.url)),
} = {}) {
  const store = createStore();
  let shareUrl = '';
  /** Created once Vite can load biuwer-embed/server from source; /api waits for it. */
  let backend;

  const share = await startShareServer({ port: sharePort, host: '127.0.0.1', store });
  shareUrl = share.url;

  let vite;
  try {
    vite = await createViteServer({
      configFile: false,
      root: demoRoot,
      cacheDir,
      logLevel,
      clearScreen: false,
      appType: 'mpa',
      publicDir: false,
      // lit without its dev-mode warnings, as an app's production build would get it.
      resolve: { conditions: ['production', 'module', 'browser'] },
      server: {
        host: 'localhost',
        port: hostPort,
        strictPort: true,
        fs: { allow: [repoRoot] },
        watch: watch ? {} : null,
        hmr: watch,
        // Transform the page's modules while the browser is still starting.
        warmup: { clientFiles: ['./main.ts'] },
      },
      // Pre-bundled at start, so the first page load never triggers a re-optimisation
      // (and its full reload) half-way through.
      optimizeDeps: {
        entries: ['index.html'],
        include: ['lit', 'lit/decorators.js', '@lit/context', 'idb-keyval', 'jose'],
      },
      plugins: [
        {
          name: 'rentals-backend',
          configureServer(server) {
            server.middlewares.use((req, res, next) => backend.middleware(req, res, next));
          },
        },
      ],
    });
    // The backend uses the package's server entry from source, as `npm start` builds nothing.
    const server = await vite.ssrLoadModule(serverEntry);
    backend = createHostBackend({ store, instanceUrl: () => shareUrl, server, minuteSeconds });
    await vite.listen();
  } catch (error) {
    await share.close();
    await vite?.close();
    if (error?.code === 'EADDRINUSE' || /already in use/i.test(String(error?.message))) {
      throw new Error(`Port ${hostPort} is already in use; set HOST_PORT to another port.`, {
        cause: error,
      });
    }
    throw error;
  }

  const address = vite.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : hostPort;
  return {
    hostUrl: `http://localhost:${port}`,
    shareUrl,
    store,
    backend,
    close: async () => {
      await Promise.allSettled([vite.close(), share.close()]);
    },
  };
}
