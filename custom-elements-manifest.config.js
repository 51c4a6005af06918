// custom-elements.json, generated from the JSDoc on the element classes (`npm run analyze`).
// It feeds editor hints (scripts/editor-data.js), Storybook autodocs and framework tooling.

// Used only where a field has no JSDoc of its own (the JSDoc on the class field always wins).
// Wording from DESIGN.md §2.
const fallbackDescriptions = {
  instance: 'Biuwer origin, e.g. `https://acme.biuwer.com` (https only, except on localhost).',
  resource: 'The shared resource token of the page, card or collection.',
  token: 'A static auth token (refresh policy "none"). Not reflected to the DOM.',
  tokenEndpoint:
    'URL the kit POSTs to (same-origin credentials) for a grant `{token, expiresAt?, expiresIn?}`.',
  tokenProvider: '`(ctx) => Promise<string | TokenGrant>`; wins over `token-endpoint` and `token`.',
  user: "The host application's user or tenant key; scopes the token cache.",
  tokenLifetime: 'Lifetime assumed when a grant carries no expiry: `15m`, `1d`, `30d`, `P1M`.',
  singleUse: 'Every frame load asks for a fresh token; never cached, stored or shared.',
  persist: '`indexeddb` (default when `user` is set) or `none`.',
  loading: '`lazy` (default: token and frame wait until near the viewport) or `eager`.',
  sandbox: 'Overrides the frame `sandbox`; validated against the known sandbox tokens.',
  allow: 'Overrides the frame `allow` (default `fullscreen; clipboard-write`).',
  referrerpolicy:
    'Overrides the frame `referrerpolicy` (default `strict-origin-when-cross-origin`).',
  autoHeight: 'Follow the height of the content when the instance reports it.',
  state: 'Reflected, read-only: `idle`, `loading`, `ready` or `error`.',
};

// The manifest describes the published files, not src/ (which is not published).
const toDist = (path) => path.replace(/^\/?src\/(.*)\.[jt]s$/, 'dist/lib/$1.js');

function rewritePaths(node) {
  if (Array.isArray(node)) return node.forEach(rewritePaths);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'path' || key === 'module') && typeof value === 'string')
      node[key] = toDist(value);
    else rewritePaths(value);
  }
}

// Each class names its tag in JSDoc (`@tag`); the tags are registered by define.js (STYLE.md:
// the class apart from registration), so that module is where the manifest says they are defined.
function defineTagsInDefineModule(manifest) {
  const define = manifest.modules.find((mod) => mod.path === 'src/define.ts');
  if (!define) throw new Error('custom-elements.json: src/define.ts was not analysed');
  for (const mod of manifest.modules) {
    mod.exports = (mod.exports ?? []).filter((e) => e.kind !== 'custom-element-definition');
  }
  for (const mod of manifest.modules) {
    for (const decl of mod.declarations ?? []) {
      if (!decl.tagName) continue;
      define.exports.push({
        kind: 'custom-element-definition',
        name: decl.tagName,
        declaration: { name: decl.name, module: mod.path },
      });
    }
  }
}

export default {
  // The public modules only: the element classes and define.js (internal helpers are no API).
  globs: ['src/elements/*/*-element.ts', 'src/define.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [
    {
      name: 'biuwer-embed',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            for (const item of [...(decl.members ?? []), ...(decl.attributes ?? [])]) {
              const key = item.fieldName ?? item.name;
              if (!item.description && item.privacy === undefined && fallbackDescriptions[key]) {
                item.description = fallbackDescriptions[key];
              }
            }
          }
        }
        defineTagsInDefineModule(customElementsManifest);
        rewritePaths(customElementsManifest);
      },
    },
  ],
};
