// The documentation of the settings and the events, read from their one declaration in src/
// (src/settings/table.ts, src/elements/events.ts). Shared by the manifest
// (custom-elements-manifest.config.js) and the README's reference (scripts/readme-reference.js),
// so both say the same thing. The descriptions are JSDoc on the entries, which no bundle keeps.

import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import ts from 'typescript';

const SETTINGS_FILE = new URL('../src/settings/table.ts', import.meta.url).pathname;
const EVENTS_FILE = new URL('../src/elements/events.ts', import.meta.url).pathname;

/** The value of `SETTINGS` (Node cannot import .ts, so esbuild compiles the table first). */
export async function loadSettings() {
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

const jsdocText = (comment) => ts.getTextOfJSDocComment(comment)?.replace(/\s+/g, ' ').trim();

/** The entries of the object literal assigned to `const name` in `file`, with their JSDoc. */
function tableEntries(file, name) {
  const entries = [];
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === name) {
      let table = node.initializer;
      while (table && !ts.isObjectLiteralExpression(table)) table = table.expression;
      for (const entry of table.properties) {
        const jsdoc = ts.getJSDocCommentsAndTags(entry).find(ts.isJSDoc);
        entries.push({ entry, jsdoc, name: entry.name.text ?? entry.name.getText() });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!entries.length) throw new Error(`${file.fileName}: no ${name} table found`);
  return entries;
}

/** `{ name: { doc, sessionDoc } }` from the JSDoc on each entry of `SETTINGS`. */
export function settingsDocs() {
  const file = ts.createSourceFile(SETTINGS_FILE, readFileSync(SETTINGS_FILE, 'utf8'), 99, true);
  const docs = {};
  for (const { jsdoc, name } of tableEntries(file, 'SETTINGS')) {
    const session = jsdoc?.tags?.find((tag) => tag.tagName.text === 'session');
    docs[name] = {
      doc: jsdocText(jsdoc?.comment),
      sessionDoc: session ? jsdocText(session.comment) : undefined,
    };
  }
  return docs;
}

/** The settings with their documentation; a setting without JSDoc is an error. */
export async function settingsWithDocs() {
  const settings = await loadSettings();
  const docs = settingsDocs();
  for (const name of Object.keys(settings)) {
    if (!docs[name]?.doc) throw new Error(`src/settings/table.ts: ${name} has no JSDoc`);
  }
  return { settings, docs };
}

/** A setting's value type as TypeScript writes it (`TokenProvider` for the function). */
export function settingType(spec) {
  if (Array.isArray(spec.type)) return spec.type.map((value) => `'${value}'`).join(' | ');
  return spec.type === 'function' ? 'TokenProvider' : spec.type;
}

/**
 * `[{ name, doc, detailType, fields }]` for each entry of `BIUWER_EVENTS`: its JSDoc, the
 * type its placeholder is cast to (`null as unknown as BiuwerLoadDetail`) and that type's
 * property names, which the type checker resolves wherever the type is declared.
 */
export function loadEvents() {
  const program = ts.createProgram([EVENTS_FILE], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // Only the detail interfaces are read: the DOM and ES libraries would triple the time.
    noLib: true,
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(EVENTS_FILE);
  return tableEntries(file, 'BIUWER_EVENTS').map(({ entry, jsdoc, name }) => {
    const doc = jsdocText(jsdoc?.comment);
    if (!doc) throw new Error(`src/elements/events.ts: ${name} has no JSDoc`);
    // The outermost cast names the detail type (`(null as unknown) as BiuwerLoadDetail`).
    const cast = entry.initializer;
    if (!ts.isAsExpression(cast) || !ts.isTypeReferenceNode(cast.type)) {
      throw new Error(`src/elements/events.ts: ${name} is not \`null as unknown as <Detail>\``);
    }
    const detailType = cast.type.getText();
    const fields = checker
      .getTypeFromTypeNode(cast.type)
      .getProperties()
      .map((property) => property.name);
    return { name, doc, detailType, fields };
  });
}
