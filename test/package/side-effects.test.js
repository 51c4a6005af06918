// What a consumer's bundler keeps of a bare `import 'biuwer-embed/…'`: the package's
// `sideEffects` list decides it. A definition module must survive (it registers the tags);
// the main entry, which registers nothing, must vanish. Built with Vite, through the exports
// map of the package as installed (a link in a temporary node_modules).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { assertBuilt, root } from './helpers.js';

const app = mkdtempSync(join(tmpdir(), 'biuwer-side-effects-'));

before(() => {
  assertBuilt();
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(root, join(app, 'node_modules', 'biuwer-embed'), 'dir');
  for (const dep of ['lit', '@lit', 'lit-html', 'lit-element', 'jose', 'idb-keyval', 'react']) {
    symlinkSync(join(root, 'node_modules', dep), join(app, 'node_modules', dep), 'dir');
  }
});
after(() => rmSync(app, { recursive: true, force: true }));

/** Bundles `import '<specifier>'` as an app would and returns the emitted JavaScript. */
async function bundle(specifier) {
  const name = specifier.replace(/\W+/g, '-');
  writeFileSync(join(app, `${name}.js`), `import '${specifier}';\n`);
  const outDir = join(app, `dist-${name}`);
  await build({
    root: app,
    configFile: false,
    logLevel: 'silent',
    resolve: { conditions: ['production', 'browser', 'module', 'import', 'default'] },
    build: {
      outDir,
      minify: false,
      lib: { entry: join(app, `${name}.js`), formats: ['es'], fileName: () => 'out.js' },
      // React itself is not what this test weighs.
      rolldownOptions: { external: (id) => id === 'react' || id.startsWith('react/') },
    },
  });
  return readdirSync(outDir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(outDir, file), 'utf8'))
    .join('\n');
}

for (const specifier of ['biuwer-embed/define.js', 'biuwer-embed/react.js']) {
  test(`import '${specifier}' keeps the code that registers the four tags`, async () => {
    const code = await bundle(specifier);
    assert.match(code, /customElements/, 'the registration survives tree-shaking');
    for (const tag of ['biuwer-session', 'biuwer-page', 'biuwer-card', 'biuwer-collection']) {
      assert.ok(code.includes(`"${tag}"`) || code.includes(`'${tag}'`), `${tag} is registered`);
    }
  });
}

test("import 'biuwer-embed' alone adds nothing: the main entry registers no element", async () => {
  const code = await bundle('biuwer-embed');
  assert.doesNotMatch(code, /customElements|LitElement|biuwer-card/);
  assert.ok(code.trim().length < 200, `bundle is ${code.trim().length} characters`);
});
