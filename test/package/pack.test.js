// What `npm publish` would upload: exactly the built files, the manifest and the editor data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertBuilt, pkg, root, run } from './helpers.js';

assertBuilt();
const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: root,
  maxBuffer: 16 * 1024 * 1024,
});
const [report] = JSON.parse(stdout);
const files = report.files.map((file) => file.path).sort();

test('the tarball holds the library, CDN, declaration and metadata files', () => {
  for (const file of [
    'package.json',
    'README.md',
    'LICENSE',
    'custom-elements.json',
    'vscode.html-custom-data.json',
    'web-types.json',
    'dist/lib/index.js',
    'dist/lib/define.js',
    'dist/lib/react.js',
    'dist/lib/server/index.js',
    'dist/cdn/biuwer-embed.js',
    'dist/types/index.d.ts',
    'dist/types/define.d.ts',
    'dist/types/react.d.ts',
    'dist/types/server/index.d.ts',
    'dist/types/types/react.d.ts',
    'dist/types/types/preact.d.ts',
    'dist/types/types/solid.d.ts',
    'dist/types/types/vue.d.ts',
  ]) {
    assert.ok(files.includes(file), `${file} is published`);
  }
});

test('the tarball holds nothing but those', () => {
  const allowed =
    /^(dist\/(lib|cdn|types)\/.+|package\.json|README\.md|LICENSE|custom-elements\.json|vscode\.html-custom-data\.json|web-types\.json)$/;
  assert.deepEqual(
    files.filter((file) => !allowed.test(file)),
    [],
  );
  for (const dir of ['src/', 'test/', 'demo/', 'simulator/', 'examples/', 'stories/', 'scripts/']) {
    assert.deepEqual(
      files.filter((file) => file.startsWith(dir)),
      [],
      `nothing from ${dir}`,
    );
  }
  assert.ok(!files.some((file) => /\.test\.|\.stories\./.test(file)), 'no tests or stories');
});

test('every export and metadata field points at a published file', () => {
  const targets = [];
  const collect = (value) =>
    typeof value === 'string' ? targets.push(value) : Object.values(value).forEach(collect);
  collect(pkg.exports);
  for (const field of [
    'main',
    'module',
    'types',
    'unpkg',
    'jsdelivr',
    'customElements',
    'web-types',
  ]) {
    targets.push(pkg[field]);
  }
  for (const target of targets) {
    assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is published`);
  }
});

test('only the modules that register elements are marked as having side effects', () => {
  assert.deepEqual(pkg.sideEffects, [
    './dist/lib/define.js',
    './dist/lib/react.js',
    './dist/cdn/biuwer-embed.js',
  ]);
});

test('the CDN file is one self-contained module', async () => {
  const { readFile } = await import('node:fs/promises');
  const code = await readFile(`${root}dist/cdn/biuwer-embed.js`, 'utf8');
  // No bare imports (lit, jose, …) and no chunks: a plain <script type="module"> can load it.
  assert.doesNotMatch(code, /\bimport\s*[\w{*][^;]*?from\s*["']|\bimport\s*\(\s*["']/);
  assert.doesNotMatch(code, /Lit is in dev mode/, 'lit production build');
  assert.ok(
    !files.some((file) => /^dist\/cdn\/.+\.js$/.test(file) && file !== 'dist/cdn/biuwer-embed.js'),
  );
});

test('the library keeps its dependencies external and index.js registers nothing', async () => {
  const { readFile } = await import('node:fs/promises');
  const index = await readFile(`${root}dist/lib/index.js`, 'utf8');
  assert.doesNotMatch(index, /customElements/);
  assert.ok(
    !files.some((file) => file.startsWith('dist/lib/node_modules/')),
    'no bundled packages',
  );
  const embed = await readFile(`${root}dist/lib/elements/embed/embed-element.js`, 'utf8');
  assert.match(embed, /from "lit"/);
});

test('custom-elements.json describes the four tags with their API', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(`${root}custom-elements.json`, 'utf8'));
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  assert.deepEqual(elements.map((el) => el.tagName).sort(), [
    'biuwer-card',
    'biuwer-collection',
    'biuwer-page',
    'biuwer-session',
  ]);
  const card = elements.find((el) => el.tagName === 'biuwer-card');
  const names = (list) => (list ?? []).map((item) => item.name);
  for (const attr of ['instance', 'resource', 'token', 'token-endpoint', 'user', 'loading']) {
    assert.ok(names(card.attributes).includes(attr), `attribute ${attr}`);
  }
  assert.ok(names(card.members).includes('tokenProvider'));
  assert.deepEqual(names(card.events).sort(), [
    'biuwer-error',
    'biuwer-load',
    'biuwer-state-change',
    'biuwer-token-refresh',
  ]);
  assert.deepEqual(names(card.slots).sort(), ['error', 'loading']);
  assert.ok(names(card.cssParts).includes('frame'));
  assert.ok(names(card.cssProperties).includes('--biuwer-embed-height'));
  assert.doesNotMatch(JSON.stringify(manifest), /"\/?src\//, 'paths point at published files');
});

test('custom-elements.json documents every CSS custom property the styles read', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(`${root}custom-elements.json`, 'utf8'));
  const styles = await readFile(`${root}src/elements/embed/embed.styles.ts`, 'utf8');
  // The public ones: --biuwer-embed-*; --biuwer-default-height and --biuwer-content-height are
  // the kit's own plumbing.
  const used = [...new Set([...styles.matchAll(/var\((--biuwer-embed-[\w-]+)/g)].map((m) => m[1]))];
  assert.ok(used.length >= 8, `found ${used.length} custom properties in the styles`);
  const embeds = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => /^biuwer-(page|card|collection)$/.test(d.tagName ?? ''));
  assert.equal(embeds.length, 3);
  for (const el of embeds) {
    const documented = (el.cssProperties ?? []).map((p) => p.name);
    assert.deepEqual(
      used.filter((name) => !documented.includes(name)),
      [],
      `${el.tagName} documents every --biuwer-embed-* property`,
    );
    for (const prop of el.cssProperties) assert.ok(prop.description, `${prop.name} is described`);
  }
  const height = (tag) =>
    embeds
      .find((el) => el.tagName === tag)
      .cssProperties.find((p) => p.name === '--biuwer-embed-height').default;
  assert.deepEqual(
    ['biuwer-page', 'biuwer-card', 'biuwer-collection'].map(height),
    ['600px', '320px', '720px'],
    'each element keeps its own default height',
  );
});

test('custom-elements.json says define.js is where the tags are defined', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(`${root}custom-elements.json`, 'utf8'));
  const definitions = manifest.modules.flatMap((m) =>
    (m.exports ?? [])
      .filter((e) => e.kind === 'custom-element-definition')
      .map((e) => ({ in: m.path, tag: e.name, module: e.declaration.module })),
  );
  assert.deepEqual(definitions.map((d) => [d.tag, d.in]).sort(), [
    ['biuwer-card', 'dist/lib/define.js'],
    ['biuwer-collection', 'dist/lib/define.js'],
    ['biuwer-page', 'dist/lib/define.js'],
    ['biuwer-session', 'dist/lib/define.js'],
  ]);
  for (const d of definitions) {
    assert.ok(files.includes(d.module), `${d.tag}'s class module ${d.module} is published`);
  }
});

test('custom-elements.json: state is read-only and no test hook is public', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(`${root}custom-elements.json`, 'utf8'));
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  for (const el of elements.filter((d) => d.tagName !== 'biuwer-session')) {
    const publicMembers = el.members.filter((m) => !m.privacy || m.privacy === 'public');
    const state = publicMembers.find((m) => m.name === 'state');
    assert.equal(state?.readonly, true, `${el.tagName}.state is read-only`);
    for (const hook of ['clock', '_activeManagerCount', 'lastDelay', 'createTokenStore']) {
      assert.ok(!publicMembers.some((m) => m.name === hook), `${el.tagName} has no ${hook}`);
    }
    const attributes = el.attributes.map((a) => a.name);
    for (const attr of ['load-timeout', 'frame-title']) {
      assert.ok(attributes.includes(attr), `${el.tagName} documents ${attr}`);
    }
  }
});

test('custom-elements.json and the editor data list the values of persist', async () => {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(`${root}custom-elements.json`, 'utf8'));
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  const literals = (text = '') => [...text.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  for (const el of elements) {
    const attr = el.attributes.find((a) => a.name === 'persist');
    assert.deepEqual(literals(attr?.type?.text), ['indexeddb', 'none'], `${el.tagName} persist`);
  }
  const vscode = JSON.parse(await readFile(`${root}vscode.html-custom-data.json`, 'utf8'));
  for (const tag of vscode.tags) {
    const persist = tag.attributes.find((a) => a.name === 'persist');
    assert.deepEqual(
      persist.values.map((v) => v.name).sort(),
      ['indexeddb', 'none'],
      `${tag.name}: editors offer the persist values`,
    );
  }
});
