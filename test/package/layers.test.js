// The house has no upward arrow: each folder of src/ imports only from its own layer or the
// layers below it, so the token engine (core) never depends on storage, frames, Lit or the
// DOM elements, and the elements are the only place where everything meets.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Lower numbers are lower layers. Entry points (src/*.ts, src/types) sit on top. */
const LAYERS = {
  core: 0,
  storage: 1,
  frame: 1,
  platform: 1,
  internal: 1,
  server: 1,
  settings: 2,
  controllers: 3,
  elements: 4,
  types: 5,
  '.': 5,
};

const layerOf = (file) => {
  const top = relative(SRC, file).split('/')[0];
  return top.endsWith('.ts') ? '.' : top;
};

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

test('every src folder has a layer, and none imports from a layer above it', () => {
  const upward = [];
  for (const file of sources(SRC)) {
    const from = layerOf(file);
    assert.ok(from in LAYERS, `${relative(SRC, file)}: folder "${from}" has no layer`);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), spec);
      const to = layerOf(target);
      if (LAYERS[to] > LAYERS[from]) upward.push(`${relative(SRC, file)} → ${spec} (${to})`);
      // The server entry is Node-only: it shares core's pure modules and nothing else.
      if (from === 'server' && to !== 'server' && to !== 'core') {
        upward.push(`${relative(SRC, file)} → ${spec} (server may import only core)`);
      }
    }
  }
  assert.deepEqual(upward, []);
});

test('the layer check sees imports (it would catch an upward one)', () => {
  const sample = "import type { X } from '../elements/x.js';\nexport { y } from './y.js';";
  assert.deepEqual(
    [...sample.matchAll(IMPORT)].map((m) => m[1]),
    ['../elements/x.js', './y.js'],
  );
  assert.ok(LAYERS[layerOf(join(SRC, 'elements/x.ts'))] > LAYERS[layerOf(join(SRC, 'core/a.ts'))]);
});
