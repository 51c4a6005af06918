// custom-elements.json, generated from the JSDoc on the element classes (`npm run analyze`).
// It feeds editor hints (scripts/editor-data.js), Storybook autodocs and framework tooling.

import { loadEvents, settingType, settingsWithDocs } from './scripts/docs-source.js';

// The settings table (src/settings/table.ts) is the one source of the elements' attributes
// and properties, and BIUWER_EVENTS (src/elements/events.ts) of their events: the classes
// build `static properties` from the table and emit through one helper, neither of which the
// analyzer can read, so this config takes both from scripts/docs-source.js (their values,
// and each entry's JSDoc for its documentation, kept out of the bundles that way).
const { settings: SETTINGS, docs: DOCS } = await settingsWithDocs();
const EVENTS = loadEvents();

function typeText(spec) {
  const base = settingType(spec);
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

/** The manifest's events, in the analyzer's shape; the detail's fields end the description. */
const EVENT_DOCS = EVENTS.map(({ name, doc, detailType, fields }) => ({
  type: { text: `CustomEvent<${detailType}>` },
  description: `${doc} Detail: \`{${fields.join(', ')}}\`.`,
  name,
}));
// Every event is an embed's (`<biuwer-session>` emits none); the subclasses inherit them.
const EVENTS_OF = new Set(['BiuwerEmbedElement']);

function addEvents(moduleDoc) {
  for (const decl of moduleDoc.declarations ?? []) {
    if (!EVENTS_OF.has(decl.name)) continue;
    const names = new Set(EVENTS.map((event) => event.name));
    const found = (decl.events ?? []).filter((event) => !names.has(event.name));
    decl.events = [...EVENT_DOCS.map((event) => structuredClone(event)), ...found];
  }
}

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
        addEvents(moduleDoc);
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
        // The analyzer lists the modules in the order its file search returned them, which
        // varies from run to run (card and collection swapped); by path, the file is stable.
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
        defineTagsInDefineModule(customElementsManifest);
        rewritePaths(customElementsManifest);
      },
    },
  ],
};
