// Build step: minifies the CSS of the kit's `css`...`` templates (Lit styles) in both builds.
// Template whitespace survives every JS minifier, and the embed's styles are the largest
// template of the kit. Only templates without `${…}` are touched (all of the kit's are), so
// the CSS is whole and lightningcss (vite's own CSS minifier, a dependency of vite) can parse
// it; a template it cannot parse fails the build rather than ship broken styles.
import { transform } from 'lightningcss';

const CSS_TEMPLATE = /\bcss`([^`$\\]*)`/g;

export function minifyCss() {
  return {
    name: 'biuwer-minify-css',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      let changed = false;
      const out = code.replace(CSS_TEMPLATE, (_, source) => {
        const { code: min } = transform({
          filename: id,
          code: Buffer.from(source),
          minify: true,
        });
        changed = true;
        return `css\`${min.toString()}\``;
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}
