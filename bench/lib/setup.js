// First-use setup: the bench's own node_modules (peer SDKs, esbuild, puppeteer-core), the
// product's dist/ builds, and the kit bundled from src/ for the bench pages.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH_DIR);
const benchPkg = JSON.parse(readFileSync(join(BENCH_DIR, 'package.json'), 'utf8'));
export const PEERS = [
  '@superset-ui/embedded-sdk',
  '@looker/embed-sdk',
  '@qlik/embed-web-components',
  '@luzmo/embed',
  'powerbi-client',
  '@tableau/embedding-api',
  '@thoughtspot/visual-embed-sdk',
];

/** Why bench/node_modules must be (re)installed, or undefined when it is up to date. */
export function installNeeded() {
  const modules = join(BENCH_DIR, 'node_modules');
  const marker = join(modules, '.package-lock.json');
  if (!existsSync(marker)) return 'bench/node_modules is missing';
  if (statSync(join(BENCH_DIR, 'package.json')).mtimeMs > statSync(marker).mtimeMs) {
    return 'bench/package.json is newer than bench/node_modules';
  }
  const missing = Object.keys(benchPkg.dependencies).filter(
    (name) => !existsSync(join(modules, name, 'package.json')),
  );
  return missing.length ? `missing: ${missing.join(', ')}` : undefined;
}

export function installBench(log) {
  log(`npm install --prefix bench (${installNeeded()}) …`);
  const res = spawnSync(
    'npm',
    ['install', '--prefix', BENCH_DIR, '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 },
  );
  if (res.status !== 0)
    log(`npm install --prefix bench failed (exit ${res.status}); peers missing will show as n/a`);
  return res.status === 0;
}

/**
 * A bench dependency from bench/node_modules, else from the repo's own node_modules (quick
 * mode in CI runs before, or without, the bench install: esbuild and puppeteer-core are there
 * as the product's dev tooling).
 */
export async function importDep(name, { preferRoot = false } = {}) {
  for (const base of preferRoot ? [ROOT, BENCH_DIR] : [BENCH_DIR, ROOT]) {
    try {
      const resolved = createRequire(join(base, 'package.json')).resolve(name);
      return {
        mod: await import(pathToFileURL(resolved).href),
        from: base === BENCH_DIR ? 'bench' : 'root',
      };
    } catch {
      // try the next place
    }
  }
  return undefined;
}

export function peerVersion(name) {
  try {
    return JSON.parse(readFileSync(join(BENCH_DIR, 'node_modules', name, 'package.json'), 'utf8'))
      .version;
  } catch {
    return undefined;
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ exists: runs `npm run build` in `root` (the repository, or the checkout
 * `--compare` measures against) when dist/cdn or dist/lib is missing, or when `force`, or when
 * `fresh` and dist/ is older than src/. Returns what is there and whether it is older than src/.
 */
export function ensureDist(log, { force = false, fresh = false, root = ROOT } = {}) {
  const cdn = join(root, 'dist/cdn/biuwer-embed.js');
  const lib = join(root, 'dist/lib/index.js');
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const info = { built: false, buildScript: rootPkg.scripts?.build ?? null };
  const stale = () =>
    Math.min(statSync(cdn).mtimeMs, statSync(lib).mtimeMs) < newestMtime(join(root, 'src'));
  if (force || !existsSync(cdn) || !existsSync(lib) || (fresh && stale())) {
    if (info.buildScript) {
      const why = force ? 'rebuild requested' : existsSync(cdn) ? 'older than src/' : 'missing';
      log(`${root === ROOT ? '' : `${root}: `}dist/ ${why}: npm run build …`);
      const res = spawnSync('npm', ['run', 'build', '--silent'], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 300_000,
      });
      info.built = true;
      info.buildExit = res.status;
    } else {
      log('no root "build" script: sizes use an esbuild stand-in for the CDN bundle');
    }
  }
  info.cdn = existsSync(cdn) ? cdn : undefined;
  info.lib = existsSync(lib) && existsSync(join(root, 'dist/lib/define.js')) ? lib : undefined;
  const srcNewest = newestMtime(join(root, 'src'));
  info.cdnStale = info.cdn ? statSync(info.cdn).mtimeMs < srcNewest : undefined;
  info.libStale = info.lib ? statSync(info.lib).mtimeMs < srcNewest : undefined;
  return info;
}

/** esbuild options that compile the kit's TypeScript (experimental decorators) like tsc does. */
export function kitBuildOptions(root = ROOT) {
  return {
    tsconfig: join(root, 'tsconfig.json'),
    conditions: ['production'],
    target: 'es2022',
    platform: 'browser',
    format: 'esm',
    bundle: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  };
}

/** The kit (src/define.ts of `root`) as one ES module for the bench pages. */
export async function bundleKit(esbuild, { minify = true, metafile = false, root = ROOT } = {}) {
  const out = await esbuild.build({
    ...kitBuildOptions(root),
    entryPoints: [join(root, 'src/define.ts')],
    minify,
    metafile,
    outfile: 'kit.js',
    write: false,
  });
  return metafile
    ? { text: out.outputFiles[0].text, metafile: out.metafile }
    : out.outputFiles[0].text;
}
