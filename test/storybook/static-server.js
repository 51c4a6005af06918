// A tiny static server for the built Storybook (storybook-static/). The stories need two
// origins on one server (the page on localhost, the share page on 127.0.0.1 or the other way
// round), so it listens on 127.0.0.1 and, when the host has IPv6 loopback, on [::1] with the
// same port: "localhost" reaches it whichever address the browser tries first.
// `node test/storybook/static-server.js [dir] [port]` serves a build by hand.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

async function fileFor(root, pathname) {
  let path;
  try {
    path = normalize(join(root, decodeURIComponent(pathname)));
  } catch {
    return null;
  }
  if (path !== root && !path.startsWith(root + sep)) return null;
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return path;
  // A directory is served by its index.html without a redirect: the kit's frame address is
  // INSTANCE/share, with no trailing slash.
  if (info?.isDirectory()) {
    const index = join(path, 'index.html');
    return (await stat(index).catch(() => null))?.isFile() ? index : null;
  }
  return null;
}

function handler(root) {
  return async (req, res) => {
    let { pathname } = new URL(req.url ?? '/', 'http://static.invalid');
    // iframe.html links no icon, so browsers ask for /favicon.ico; Storybook ships an SVG.
    if (pathname === '/favicon.ico') pathname = '/favicon.svg';
    const file =
      req.method === 'GET' || req.method === 'HEAD' ? await fileFor(root, pathname) : null;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Storybook's bundles have hashed names: cache them (pages load them again per story).
      'cache-control': /^\/(assets|sb-[a-z]+)\//.test(pathname) ? 'max-age=3600' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };
}

function listen(server, port, host) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok(server.address().port);
    });
  });
}

/**
 * @param {string} dir the built Storybook
 * @param {{ port?: number }} [options] port 0 (default) picks a free one
 * @returns {Promise<{ port: number, hosts: string[], close: () => Promise<void> }>}
 */
export async function serveStatic(dir, { port = 0 } = {}) {
  const root = resolve(dir);
  const v4 = createServer(handler(root));
  const actual = await listen(v4, port, '127.0.0.1');
  const servers = [v4];
  const hosts = ['127.0.0.1'];
  const v6 = createServer(handler(root));
  try {
    await listen(v6, actual, '::1');
    servers.push(v6);
    hosts.push('::1');
  } catch {
    // No IPv6 loopback here: browsers fall back to 127.0.0.1 for "localhost".
  }
  const close = () =>
    Promise.all(
      servers.map(
        (server) =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      ),
    ).then(() => {});
  return { port: actual, hosts, close };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'storybook-static';
  const { port } = await serveStatic(dir, { port: Number(process.argv[3] ?? 6006) });
  console.log(`${dir} on http://localhost:${port}/ (share page origin http://127.0.0.1:${port})`);
}
