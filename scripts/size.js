// Size budget (`npm run size`, after `npm run build`). Sizes are minified + gzip (level 9):
//   CDN       dist/cdn/biuwer-embed.js as shipped (lit, @lit/context, idb-keyval, jose inside)
//   library   dist/lib index.js + define.js bundled together with every dependency external,
//             minified: what the kit itself adds to an app that already has lit.
// The budgets are the product's targets (issue 15: CDN 19 KB, library 12 KB) and are reported as
// met or missed. The run fails only past the ceilings, which guard against regressions while
// the kit is over its targets. `--strict` fails on the targets. `--why` lists the largest
// source modules. It also fails if any module of biuwer-embed/server (dist/lib/server) reaches a
// browser bundle.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build, minifySync } from 'vite';

const BUDGET = { cdn: 19 * 1024, lib: 12 * 1024 };
// The ceilings: the sizes measured on 2026-12-03 after issues 14, 15 and 17 (CDN 25,128 B,
// library 18,072 B) plus 3 %, so a regression fails while a small fix still fits.
const CEILING = { cdn: 25_882, lib: 18_614 };
const strict = process.argv.includes('--strict');
/** Capabilities for `--features`, as dist/lib path prefixes; the issue each one comes from. */
const FEATURES = [
  [
    'token engine: source, refresh, retry, wake (issue 2)',
    [
      'core/token-',
      'core/flight',
      'core/abortable',
      'core/retry',
      'core/refresh-',
      'core/heartbeat',
      'core/clock',
    ],
  ],
  ['  + shared managers, environment', ['core/registry', 'core/environment', 'platform/']],
  ['grant normalisation: expiry, JWT times, clock skew (issue 2)', ['core/grant']],
  ['input checks with readable errors (issues 2, 3, 8)', ['core/validate', 'core/errors']],
  ['one refresh across tabs: Web Locks, BroadcastChannel (issue 2)', ['core/lock', 'core/channel']],
  ['encrypted IndexedDB store, memory fallback (issue 2)', ['storage/']],
  ['frame: name, sandbox checks (issue 3)', ['frame/create-', 'frame/frame-name', 'frame/sandbox']],
  ['message protocol: token, resize (issue 3)', ['frame/protocol']],
  [
    'embed element, runner, swap, lazy loading (issue 3)',
    [
      'elements/embed/embed-',
      'elements/embed/frame-stage',
      'elements/embed/lazy-gate',
      'elements/embed/embed-views',
      'elements/lang-watch',
      'controllers/',
      'elements/page',
      'elements/card',
      'elements/collection',
      'elements/events',
      'settings/table',
    ],
  ],
  ['  + loading and error views: styles (issue 3)', ['elements/embed/embed.styles']],
  ['  + strings in English and Spanish (issue 3)', ['elements/i18n']],
  ['<biuwer-session> (issue 3)', ['elements/session/']],
  [
    'rotate="idle": idle watch, pointer trail, swap gate (issue 17)',
    [
      'elements/embed/idle-watch',
      'elements/embed/on-screen',
      'elements/embed/pointer-trail',
      'elements/embed/swap-gate',
    ],
  ],
];
const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const externals = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})];

const gz = (code) => gzipSync(code, { level: 9 }).length;
const br = (code) => brotliCompressSync(code).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/** Bundles the given dist/lib modules into one minified chunk, in memory. */
async function bundleLibrary(files) {
  const entryId = '\0size-entry';
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [
      {
        name: 'size-entry',
        resolveId: (id) => (id === entryId ? id : null),
        load: (id) =>
          id === entryId
            ? files.map((file) => `export * from ${JSON.stringify(`${root}${file}`)};`).join('\n')
            : null,
      },
    ],
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      rolldownOptions: {
        input: entryId,
        external: (id) => externals.some((name) => id === name || id.startsWith(`${name}/`)),
        output: { format: 'es', codeSplitting: false, comments: false },
      },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result).output;
  return output.filter((item) => item.type === 'chunk');
}

function readOrExit(file) {
  try {
    return readFileSync(`${root}${file}`);
  } catch {
    console.error(`${file} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}

const cdn = readOrExit('dist/cdn/biuwer-embed.js');
readOrExit('dist/lib/index.js');
const chunks = await bundleLibrary(['dist/lib/index.js', 'dist/lib/define.js']);
const lib = chunks.map((chunk) => chunk.code).join('\n');

// biuwer-embed/server is for servers: neither browser bundle may contain any of it. The lib
// bundle lists its modules; the minified CDN file is searched for the server's error codes.
const serverModules = chunks
  .flatMap((chunk) => Object.keys(chunk.modules))
  .filter((id) => id.replace(root, '').startsWith('dist/lib/server/'));
const SERVER_MARKERS = ['NOT_SIGNED_IN', 'ISSUE_FAILED', 'BODY_TOO_LARGE'];
const cdnText = cdn.toString('utf8');
const inCdn = SERVER_MARKERS.filter((marker) => cdnText.includes(marker));
if (serverModules.length || inCdn.length) {
  console.error(
    `The server entry leaked into a browser bundle: ${[...serverModules, ...inCdn].join(', ')}`,
  );
  process.exit(1);
}
readOrExit('dist/lib/server/index.js');
console.log('server entry (dist/lib/server): in neither browser bundle');

const rows = [
  ['CDN  dist/cdn/biuwer-embed.js', cdn, BUDGET.cdn, CEILING.cdn],
  ['lib  index.js + define.js (deps external)', lib, BUDGET.lib, CEILING.lib],
];
let failed = false;
console.log(
  'bundle'.padEnd(44),
  'min'.padStart(10),
  'gzip'.padStart(10),
  'gzip B'.padStart(9),
  'brotli'.padStart(10),
  '  target (gzip)',
  '  ceiling',
);
for (const [name, code, budget, ceiling] of rows) {
  const size = gz(code);
  const over = size > budget;
  failed ||= size > ceiling || (strict && over);
  console.log(
    name.padEnd(44),
    kb(code.length).padStart(10),
    kb(size).padStart(10),
    size.toLocaleString('en-US').padStart(9),
    kb(br(code)).padStart(10),
    `  ${kb(budget)} ${over ? `MISSED by ${kb(size - budget)}` : 'met'}`,
    `  ${kb(ceiling)} ${size > ceiling ? 'EXCEEDED' : 'ok'}`,
  );
}
console.log(`dependencies in the CDN file (CDN − lib, approx.): ${kb(gz(cdn) - gz(lib))} gzip`);

if (process.argv.includes('--why')) {
  // Each module minified (whitespace and syntax only) and gzipped alone: the numbers do not add
  // up to the bundle (gzip shares context across modules, names are not mangled) but rank what
  // dominates.
  const modules = chunks.flatMap((chunk) => Object.entries(chunk.modules));
  const ranked = modules
    .map(([id, mod]) => [id.replace(root, '').replace(/^dist\/lib\//, ''), mod.code ?? ''])
    .map(([id, code]) => [
      id,
      gz(minifySync('m.js', code, { compress: false, mangle: false }).code),
    ])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15);
  console.log('\nlargest kit modules (gzip, each alone):');
  for (const [id, size] of ranked) console.log(`  ${kb(size).padStart(9)}  ${id}`);
}

if (process.argv.includes('--features')) {
  // The marginal cost of each capability: the library minified and gzipped whole, minus the
  // same without that capability's modules. This is what dropping the capability would save
  // (roughly: the calls into it would go too), which is the number a size decision needs.
  const modules = chunks.flatMap((chunk) => Object.entries(chunk.modules));
  const packed = (keep) =>
    gz(
      minifySync(
        'm.js',
        modules
          .filter(([id]) => keep(id))
          .map(([, mod]) => mod.code ?? '')
          .join('\n'),
      ).code,
    );
  const whole = packed(() => true);
  const inGroup = (id, prefixes) =>
    prefixes.some((prefix) => id.replace(root, '').startsWith(`dist/lib/${prefix}`));
  const claimed = FEATURES.flatMap(([, prefixes]) => prefixes);
  for (const [id] of modules) {
    const owners = FEATURES.filter(([, prefixes]) => inGroup(id, prefixes));
    if (owners.length > 1)
      throw new Error(`${id} is in ${owners.map(([name]) => name).join(' and ')}`);
  }
  const groups = [...FEATURES, ['everything else (entry points, helpers)', null]];
  console.log(`\nwhat each capability costs (gzip, bundle without it vs ${kb(whole)} whole):`);
  for (const [name, prefixes] of groups) {
    const member = (id) => (prefixes ? inGroup(id, prefixes) : !inGroup(id, claimed));
    console.log(`  ${kb(whole - packed((id) => !member(id))).padStart(9)}  ${name}`);
  }
}

if (failed) {
  console.error(strict ? '\nSize target missed.' : '\nSize ceiling exceeded.');
  process.exit(1);
}
