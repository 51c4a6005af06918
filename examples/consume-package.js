// Lets an example import `biuwer-embed/…` exactly as an app that installed the package would:
// the specifier goes through the `exports` map of the repo's package.json to the built files in
// dist/ (run `npm run build` first). Equivalent to a `"biuwer-embed": "file:../.."` dependency,
// without a second node_modules.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

export function consumePackage() {
  return {
    name: 'consume-biuwer-embed',
    enforce: 'pre',
    resolveId(id) {
      if (id !== pkg.name && !id.startsWith(`${pkg.name}/`)) return null;
      const entry = pkg.exports[`.${id.slice(pkg.name.length)}`];
      const target = typeof entry === 'string' ? entry : entry?.default;
      if (!target) this.error(`"${id}" is not exported by ${pkg.name} (see its package.json)`);
      return fileURLToPath(new URL(target, `file://${root}`));
    },
  };
}
