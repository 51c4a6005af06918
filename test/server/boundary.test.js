// The server entry and the browser entries stay apart: no browser entry reaches a module of
// dist/lib/server, and the server entry reaches nothing of the kit but the shared margin
// rule (core/refresh-timing), so it pulls in neither lit nor the DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { root } from './helpers.js';

const lib = `${root}dist/lib/`;

/** Every dist/lib module reachable from `entry` by static or dynamic relative imports. */
function graph(entry) {
  const seen = new Set();
  const bare = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, spec] of code.matchAll(/(?:\bfrom|\bimport\s*\(?)\s*["']([^"']+)["']/g)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else bare.add(spec);
    }
  };
  visit(`${lib}${entry}`);
  return { modules: [...seen].map((file) => relative(lib, file)), bare: [...bare] };
}

test('no browser entry reaches the server entry', () => {
  for (const entry of ['index.js', 'define.js', 'react.js']) {
    const { modules } = graph(entry);
    assert.ok(modules.length > 5, `${entry} was walked`);
    assert.deepEqual(
      modules.filter((m) => m.startsWith('server/')),
      [],
      entry,
    );
  }
});

test('the server entry reaches only itself and the shared margin rule, and no package', () => {
  const { modules, bare } = graph('server/index.js');
  assert.deepEqual(
    modules.filter((m) => !m.startsWith('server/')),
    ['core/refresh-timing.js'],
  );
  assert.deepEqual(bare, [], 'no runtime dependency (redis is only a type)');
});
