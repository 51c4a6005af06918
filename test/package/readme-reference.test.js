// The README's attribute and event tables are generated from src/settings/table.ts and
// BIUWER_EVENTS (scripts/readme-reference.js): a setting or event changed without
// `npm run docs:reference` leaves the README stale, and CI (node --test test/package/) says so.
// Runs on the source: no build needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run } from './helpers.js';

const script = `${root}scripts/readme-reference.js`;
const readme = readFileSync(`${root}README.md`, 'utf8');

test('the README attribute and event tables match the settings table and BIUWER_EVENTS', async () => {
  const { stdout } = await run(process.execPath, [script, '--check'], { cwd: root });
  assert.match(stdout, /up to date/);
});

test('a stale table fails the check, and the script rewrites it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'biuwer-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const copy = join(dir, 'README.md');
  // As if `load-timeout` had been added to the table without regenerating the README, and an
  // event's wording edited by hand.
  const stale = readme
    .replace(/^\| `load-timeout` .*\n/m, '')
    .replace('The content finished loading', 'Loaded');
  assert.notEqual(stale, readme);
  writeFileSync(copy, stale);

  await assert.rejects(run(process.execPath, [script, '--check', copy], { cwd: root }), (error) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, /stale.*npm run docs:reference/s);
    return true;
  });
  assert.equal(readFileSync(copy, 'utf8'), stale, '--check writes nothing');

  await run(process.execPath, [script, copy], { cwd: root });
  assert.equal(readFileSync(copy, 'utf8'), readme);
});

test('every setting and every event has its row', () => {
  for (const attribute of ['token-endpoint', 'load-timeout', 'frame-title', 'rotate']) {
    assert.match(readme, new RegExp(`^\\| \`${attribute}\` `, 'm'));
  }
  assert.match(readme, /^\| — +\| `tokenProvider` /m);
  for (const event of [
    'biuwer-load',
    'biuwer-error',
    'biuwer-token-refresh',
    'biuwer-state-change',
  ]) {
    assert.match(readme, new RegExp(`^\\| \`${event}\` `, 'm'));
  }
});
