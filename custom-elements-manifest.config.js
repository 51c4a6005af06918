// custom-elements.json, generated from the JSDoc on the element classes (`npm run analyze`).
// It feeds editor hints (scripts/editor-data.js), Storybook autodocs and framework tooling.

import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import ts from 'typescript';

// The settings table (src/settings/table.ts) is the one source of the elements' attributes
// and properties: the classes build `static properties` from it, which the analyzer cannot
// read, so this config compiles the table (Node cannot import .ts) for its values and reads
// each entry's JSDoc for its documentation (kept out of the bundles that way).
const SETTINGS_FILE = new URL('./src/settings/table.ts', import.meta.url).pathname;

async function loadSettings() {
  const { outputFiles } = await build({
    entryPoints: [SETTINGS_FILE],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const code = Buffer.from(outputFiles[0].text).toString('base64');
  return (await import(`data:text/javascript;base64,${code}`)).SETTINGS;
}

/** `{ name: { doc, sessionDoc } }` from the JSDoc on each entry of `SETTINGS`. */
function settingsDocs() {
  const file = ts.createSourceFile(SETTINGS_FILE, readFileSync(SETTINGS_FILE, 'utf8'), 99, true);
  const docs = {};
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'SETTINGS') {
      let table = node.initializer;
      while (table && !ts.isObjectLiteralExpression(table)) table = table.expression;
      for (const entry of table.properties) {
        const jsdoc = ts.getJSDocCommentsAndTags(entry).find(ts.isJSDoc);
        const text = (comment) => ts.getTextOfJSDocComment(comment)?.replace(/\s+/g, ' ').trim();
        const session = jsdoc?.tags?.find((tag) => tag.tagName.text === 'session');
        docs[entry.name.getText()] = {
          doc: text(jsdoc?.comment),
          sessionDoc: session ? text(session.comment) : undefined,
        };
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return docs;
}

const SETTINGS = await loadSettings();
const DOCS = settingsDocs();
for (const name of Object.keys(SETTINGS)) {
  if (!DOCS[name]?.doc) throw new Error(`src/settings/table.ts: ${name} has no JSDoc`);
}

function typeText(spec) {
  const base = Array.isArray(spec.type)
    ? spec.type.map((value) => `'${value}'`).join(' | ')
    : spec.type === 'function'
      ? 'TokenProvider'
      : spec.type;
  return spec.default === undefined ? `${base} | null | undefined` : base;
}

/** The settings' fields and attributes for the class `name` (embeds or the session). */
function settingsOf(forSession) {
  const members = [];
  const attributes = [];
  for (const [name, spec] of Object.entries(SETTINGS)) {
    if (forSession && spec.scope === 'embed') continue;
    const description = (forSession && DOCS[name].sessionDoc) || DOCS[name].doc;
    const type = { text: typeText(spec) };
    const initial = spec.default === undefined ? {} : { default: JSON.stringify(spec.default) };
    members.push({
      kind: 'field',
      name,
      type,
      ...initial,
      description,
      ...(spec.attribute ? { attribute: spec.attribute } : {}),
      ...(spec.reflect ? { reflects: true } : {}),
    });
    if (spec.attribute) {
      attributes.push({ name: spec.attribute, type, ...initial, description, fieldName: name });
    }
  }
  return { members, attributes };
}

const SETTINGS_OF = { BiuwerEmbedElement: false, BiuwerSessionElement: true };

function addSettings(moduleDoc) {
  for (const decl of moduleDoc.declarations ?? []) {
    if (!(decl.name in SETTINGS_OF)) continue;
    const { members, attributes } = settingsOf(SETTINGS_OF[decl.name]);
    // `static properties` itself is plumbing, not API, and so are the reactive state entries
    // it declares beside the settings (the analyzer takes them for attributes).
    const hidden = new Set();
    const rest = (decl.members ?? []).filter((m) => !(m.static && m.name === 'properties'));
    for (const member of rest) {
      if (member.privacy !== 'private' && member.privacy !== 'protected') continue;
      delete member.attribute;
      hidden.add(member.name);
    }
    decl.members = [...members, ...rest];
    decl.attributes = [
      ...attributes,
      ...(decl.attributes ?? []).filter((a) => !hidden.has(a.fieldName)),
    ];
  }
}

const descriptions = {
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
      // Before the analyzer's own package link phase, which copies them to the subclasses.
      moduleLinkPhase({ moduleDoc }) {
        addSettings(moduleDoc);
      },
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const decl of mod.declarations ?? []) {
            for (const item of [...(decl.members ?? []), ...(decl.attributes ?? [])]) {
              const key = item.fieldName ?? item.name;
              if (!item.description && item.privacy === undefined && descriptions[key]) {
                item.description = descriptions[key];
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
