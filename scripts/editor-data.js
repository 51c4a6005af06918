// Editor hints from custom-elements.json (run after `cem analyze`):
//   vscode.html-custom-data.json  VS Code HTML custom data ("html.customData" setting)
//   web-types.json                JetBrains IDEs (picked up through package.json "web-types")
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = new URL('../', import.meta.url);
const read = (file) => JSON.parse(readFileSync(new URL(file, root), 'utf8'));
// Formatted like the rest of the repo, so `prettier --check .` stays quiet.
const write = async (file, data) => {
  const path = fileURLToPath(new URL(file, root));
  const options = { ...(await prettier.resolveConfig(path)), filepath: path };
  writeFileSync(path, await prettier.format(JSON.stringify(data), options));
};

const pkg = read('package.json');
const manifest = read('custom-elements.json');

const elements = manifest.modules
  .flatMap((mod) => mod.declarations ?? [])
  .filter((decl) => decl.customElement && decl.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

const isPublic = (member) => !member.privacy || member.privacy === 'public';

/** `'lazy' | 'eager' | null` → ['lazy', 'eager']; anything not a pure literal union → []. */
function literalValues(typeText = '') {
  const parts = typeText.split('|').map((part) => part.trim());
  const literals = parts.filter((part) => /^'[^']*'$|^"[^"]*"$/.test(part));
  const rest = parts.filter(
    (part) => !literals.includes(part) && part !== 'null' && part !== 'undefined',
  );
  return rest.length === 0 ? literals.map((part) => part.slice(1, -1)) : [];
}

function tagDescription(el) {
  const lines = [el.summary || el.description || ''];
  const list = (title, items, format) =>
    items?.length && lines.push('', `**${title}:**`, ...items.map((item) => `- ${format(item)}`));
  list('Events', el.events, (e) => `\`${e.name}\` — ${e.description ?? ''}`);
  list(
    'Slots',
    el.slots,
    (s) => `${s.name ? `\`${s.name}\`` : '(default)'} — ${s.description ?? ''}`,
  );
  list('CSS parts', el.cssParts, (p) => `\`${p.name}\` — ${p.description ?? ''}`);
  list('CSS properties', el.cssProperties, (p) => `\`${p.name}\` — ${p.description ?? ''}`);
  return lines.join('\n');
}

const vscode = {
  $schema:
    'https://raw.githubusercontent.com/microsoft/vscode-html-languageservice/main/docs/customData.schema.json',
  version: 1.1,
  tags: elements.map((el) => ({
    name: el.tagName,
    description: tagDescription(el),
    attributes: (el.attributes ?? []).map((attr) => {
      const values = literalValues(attr.type?.text);
      return {
        name: attr.name,
        description: attr.description ?? '',
        ...(attr.type?.text === 'boolean' ? { valueSet: 'v' } : {}),
        ...(values.length ? { values: values.map((name) => ({ name })) } : {}),
      };
    }),
    references: pkg.homepage ? [{ name: 'Documentation', url: pkg.homepage }] : [],
  })),
};

const webTypes = {
  $schema: 'https://raw.githubusercontent.com/JetBrains/web-types/master/schema/web-types.json',
  name: pkg.name,
  version: pkg.version,
  'description-markup': 'markdown',
  'js-types-syntax': 'typescript',
  contributions: {
    html: {
      elements: elements.map((el) => ({
        name: el.tagName,
        description: el.summary || el.description || '',
        attributes: (el.attributes ?? []).map((attr) => {
          const values = literalValues(attr.type?.text);
          const value =
            attr.type?.text === 'boolean'
              ? { type: 'boolean', required: false }
              : values.length
                ? { type: values.map((v) => `'${v}'`).join(' | '), required: false }
                : { type: 'string', required: false };
          return { name: attr.name, description: attr.description ?? '', value };
        }),
        slots: (el.slots ?? []).map((slot) => ({
          name: slot.name,
          description: slot.description ?? '',
        })),
        events: (el.events ?? []).map((event) => ({
          name: event.name,
          description: event.description ?? '',
        })),
        js: {
          properties: (el.members ?? [])
            .filter((m) => m.kind === 'field' && !m.static && isPublic(m))
            .map((m) => ({
              name: m.name,
              description: m.description ?? '',
              ...(m.type?.text ? { type: m.type.text } : {}),
            })),
          events: (el.events ?? []).map((event) => ({
            name: event.name,
            description: event.description ?? '',
          })),
        },
        css: {
          properties: (el.cssProperties ?? []).map((p) => ({
            name: p.name,
            description: p.description ?? '',
          })),
          parts: (el.cssParts ?? []).map((p) => ({
            name: p.name,
            description: p.description ?? '',
          })),
        },
      })),
    },
  },
};

await write('vscode.html-custom-data.json', vscode);
await write('web-types.json', webTypes);
console.log(
  `editor data: ${elements.length} elements → vscode.html-custom-data.json, web-types.json`,
);
