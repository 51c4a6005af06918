// Section 1: min+gzip sizes. Ours from dist/ (as shipped) and from src/ via esbuild; each peer
// SDK bundled from npm the same way: its main entry, minified, browser platform, ESM, gzip -9.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BENCH_DIR, ROOT, PEERS, peerVersion, bundleKit, kitBuildOptions } from './setup.js';

export const BUDGETS = { cdn: 19 * 1024, lib: 12 * 1024 };

const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;
const measure = (text) => ({ minBytes: Buffer.byteLength(text), gzipBytes: gzip(text) });

function rootExternals(root) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const names = [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ];
  return names.flatMap((name) => [name, `${name}/*`]);
}

/** The library build: index + define with every dependency external, minified together. */
async function libSize(esbuild, libDir, root) {
  const out = await esbuild.build({
    stdin: {
      contents: `export * from './index.js';\nimport './define.js';\n`,
      resolveDir: libDir,
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: rootExternals(root),
    legalComments: 'none',
    logLevel: 'silent',
    write: false,
  });
  return measure(out.outputFiles[0].text);
}

/** Minified bytes each package (or src/ folder) contributes to the bundle, largest first. */
function breakdown(metafile) {
  const groups = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const dir = /(?:^|\/)src\/([^/]+)\//.exec(path)?.[1];
      const group = pkg ?? (dir ? `src/${dir}` : path.replace(/^.*?src\//, 'src/'));
      groups[group] = (groups[group] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(groups).sort((a, b) => b[1] - a[1]));
}

/** Our bundles; `root` is the repository or, with `--compare`, the checkout of the other ref. */
export async function ourSizes(esbuild, dist, root = ROOT) {
  const rows = [];
  if (dist.cdn) {
    rows.push({
      id: 'cdn',
      label: 'biuwer-embed CDN (dist/cdn/biuwer-embed.js, as shipped)',
      ...measure(readFileSync(dist.cdn, 'utf8')),
      budget: BUDGETS.cdn,
      stale: dist.cdnStale,
    });
  } else {
    const text = await bundleKit(esbuild, { minify: true, root });
    rows.push({
      id: 'cdn',
      label: 'biuwer-embed CDN STAND-IN (esbuild src/define.ts; dist/cdn missing)',
      standIn: true,
      ...measure(text),
      budget: BUDGETS.cdn,
    });
  }
  if (dist.lib) {
    rows.push({
      id: 'lib',
      label: 'biuwer-embed library (dist/lib index+define, deps external)',
      ...(await libSize(esbuild, join(root, 'dist/lib'), root)),
      budget: BUDGETS.lib,
      stale: dist.libStale,
    });
  } else {
    const out = await esbuild.build({
      ...kitBuildOptions(root),
      stdin: {
        contents: `export * from './index.ts';\nimport './define.ts';\n`,
        resolveDir: join(root, 'src'),
        loader: 'ts',
      },
      external: rootExternals(root),
      minify: true,
      write: false,
    });
    rows.push({
      id: 'lib',
      label:
        'biuwer-embed library STAND-IN (esbuild src index+define, deps external; dist/lib missing)',
      standIn: true,
      ...measure(out.outputFiles[0].text),
      budget: BUDGETS.lib,
    });
  }
  // Same recipe as the peers below, so the comparison is like for like.
  const kit = await bundleKit(esbuild, { minify: true, metafile: true, root });
  rows.push({
    id: 'kit-esbuild',
    label: 'biuwer-embed, src/define.ts bundled by esbuild (peer recipe)',
    ...measure(kit.text),
    minifiedBytesBySource: breakdown(kit.metafile),
  });
  for (const row of rows) {
    if (row.budget) row.pass = row.gzipBytes <= row.budget;
  }
  return rows;
}

export async function peerSizes(esbuild) {
  const rows = [];
  for (const name of PEERS) {
    const version = peerVersion(name);
    const row = { id: name, label: version ? `${name}@${version}` : name, version };
    if (!version) {
      rows.push({ ...row, na: 'not installed' });
      continue;
    }
    try {
      const out = await esbuild.build({
        stdin: { contents: `export * from '${name}';\n`, resolveDir: BENCH_DIR, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        legalComments: 'none',
        logLevel: 'silent',
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
        loader: {
          '.css': 'text',
          '.svg': 'dataurl',
          '.woff': 'dataurl',
          '.woff2': 'dataurl',
          '.png': 'dataurl',
        },
        write: false,
      });
      rows.push({ ...row, ...measure(out.outputFiles[0].text) });
    } catch (error) {
      const first = error.errors?.[0];
      const reason = first
        ? `${first.text}${first.location ? ` (${first.location.file})` : ''}`
        : String(error.message ?? error);
      rows.push({ ...row, na: `bundle failed: ${reason.slice(0, 120)}` });
    }
  }
  return rows;
}
