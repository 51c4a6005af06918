// Writes the README's attribute and event tables (`npm run docs:reference`) from their one
// declaration: src/settings/table.ts and BIUWER_EVENTS in src/elements/events.ts, read by
// scripts/docs-source.js as the manifest reads them. Each table sits between marker comments
// (`<!-- settings:start -->` … `<!-- settings:end -->`, `<!-- events:… -->`); the rest of the
// README is left alone. `--check` writes nothing and fails when a table is stale, which
// test/package/readme-reference.test.js runs in CI. An optional path names another README.
//
//   node scripts/readme-reference.js [--check] [README.md]

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { loadEvents, settingType, settingsWithDocs } from './docs-source.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const readme =
  args.find((arg) => !arg.startsWith('--')) ??
  fileURLToPath(new URL('../README.md', import.meta.url));

const GENERATED = (source) =>
  `<!-- Generated from ${source} by \`npm run docs:reference\`: edit the source, not this. -->\n`;
const code = (text) => `\`${text}\``;
// A `|` inside a cell, even in a code span, would end the cell in GFM tables.
const cell = (text) => text.replace(/\|/g, '\\|');

/** Where a setting is read (the `scope` column of the table). */
const WHERE = { session: 'session', inherited: 'both', embed: 'embed' };
/** What a change does (the `effect` column of the table), in the user's terms. */
const CHANGE = {
  token: 'new token and frame',
  frame: 'new frame',
  attr: 'updates the frame',
  live: 'applies live',
};

/** `words[key]`; a scope or effect new to the table needs its words here first. */
function known(words, key, setting) {
  if (!(key in words))
    throw new Error(`scripts/readme-reference.js: no words for ${key} (${setting})`);
  return words[key];
}

function typeCell(spec) {
  const type = Array.isArray(spec.type) ? spec.type.map(code).join(', ') : code(settingType(spec));
  return spec.default === undefined ? type : `${type}, default ${code(spec.default)}`;
}

async function settingsBlock() {
  const { settings, docs } = await settingsWithDocs();
  const rows = Object.entries(settings).map(([name, spec]) => [
    spec.attribute ? code(spec.attribute) : '—',
    code(name),
    typeCell(spec),
    known(WHERE, spec.scope, name),
    known(CHANGE, spec.effect, name),
    docs[name].doc,
  ]);
  return [
    GENERATED('src/settings/table.ts'),
    'Where: **session** — on `<biuwer-session>`, or on a standalone embed (inside a session,',
    "the session's value is used); **both** — on either, an embed's own value winning over its",
    "session's; **embed** — on `<biuwer-page>`, `<biuwer-card>` and `<biuwer-collection>` only.",
    'A change: what the embed does when the value changes after it has started.',
    '',
    table(['attribute', 'property', 'type', 'where', 'a change', 'meaning'], rows),
  ].join('\n');
}

function eventsBlock() {
  const rows = loadEvents().map(({ name, doc, detailType, fields }) => [
    code(name),
    `${code(`{${fields.join(', ')}}`)} (${code(detailType)})`,
    doc,
  ]);
  return [
    GENERATED('BIUWER_EVENTS in src/elements/events.ts'),
    table(['event', '`detail`', 'meaning'], rows),
  ].join('\n');
}

function table(head, rows) {
  const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `text` with the part between the `name` markers replaced by `block`. */
function replaceBetween(text, name, block) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${readme}: no ${start} … ${end} section`);
  return `${text.slice(0, from + start.length)}\n\n${block}\n\n${text.slice(to)}`;
}

// The repository's prettier settings, whichever README is named.
const config = await prettier.resolveConfig(
  fileURLToPath(new URL('../README.md', import.meta.url)),
);
const options = { ...config, parser: 'markdown' };
// Formatted alone, as prettier formats it inside the README (a table is formatted on its own),
// so `prettier --check` and this script agree.
const format = async (block) => (await prettier.format(block, options)).trimEnd();

const current = readFileSync(readme, 'utf8');
let next = replaceBetween(current, 'settings', await format(await settingsBlock()));
next = replaceBetween(next, 'events', await format(eventsBlock()));

if (next === current) {
  console.log(`${readme}: the attribute and event tables are up to date.`);
} else if (check) {
  console.error(
    `${readme}: the attribute or event table is stale (src/settings/table.ts or ` +
      'src/elements/events.ts changed). Run `npm run docs:reference` and commit the README.',
  );
  process.exitCode = 1;
} else {
  writeFileSync(readme, next);
  console.log(`${readme}: attribute and event tables rewritten.`);
}
