// Shared by the package tests (node --test test/package/). They check the built package, so
// they need `npm run build` first and say so instead of failing obscurely.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
export const run = promisify(execFile);

export function assertBuilt() {
  const missing = [
    'dist/lib/index.js',
    'dist/cdn/biuwer-embed.js',
    'dist/types/index.d.ts',
    'custom-elements.json',
  ].filter((file) => !existsSync(`${root}${file}`));
  if (missing.length) {
    throw new Error(`Missing ${missing.join(', ')}: run \`npm run build\` before these tests.`);
  }
}
