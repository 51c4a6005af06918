// Server-side rendering frameworks (Next.js, Nuxt, Astro, SvelteKit) import the package in
// Node, where there is no DOM. Importing must not throw. Lit's `node` export condition shims
// HTMLElement and customElements (@lit-labs/ssr-dom-shim), which the kit relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, root, run } from './helpers.js';

assertBuilt();

/** Imports a specifier in a fresh Node process (no globals left over from other imports). */
async function importInNode(specifier, body = '') {
  const script = `const m = await import(${JSON.stringify(specifier)});\n${body}\nconsole.log(JSON.stringify(Object.keys(m).sort()));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

test('the Node process has no DOM', async () => {
  const { stdout } = await run(process.execPath, [
    '-p',
    'typeof window + typeof document + typeof HTMLElement',
  ]);
  assert.equal(stdout.trim(), 'undefinedundefinedundefined');
});

test('dist/lib/index.js imports in plain Node', async () => {
  const keys = await importInNode(`${root}dist/lib/index.js`);
  assert.ok(keys.includes('BiuwerCardElement'));
  assert.ok(keys.includes('clearStoredTokens'));
});

test('biuwer-embed (through the exports map) imports in plain Node', async () => {
  const keys = await importInNode('biuwer-embed');
  assert.ok(keys.includes('EmbedError'));
});

test('biuwer-embed/define.js imports in plain Node and registers into the shim', async () => {
  const keys = await importInNode(
    'biuwer-embed/define.js',
    `if (!customElements.get('biuwer-card')) throw new Error('not registered');
     m.defineBiuwerElements();`,
  );
  assert.deepEqual(keys, ['defineBiuwerElements']);
});

test('biuwer-embed/react.js renders on the server', async () => {
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createElement } from 'react';
       import { renderToString } from 'react-dom/server';
       const { BiuwerCard } = await import('biuwer-embed/react.js');
       console.log(renderToString(createElement(BiuwerCard, { resource: 'fa9e00000000000000000001', loading: 'eager' })));`,
    ],
    { cwd: root },
  );
  // @lit/react sets element properties (resource, token, …) on the client, after hydration.
  assert.match(stdout, /<biuwer-card[\s>]/);
});
