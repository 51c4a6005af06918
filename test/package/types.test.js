// The shipped declarations, as a consumer's TypeScript sees them: the package is linked into
// examples/typings/node_modules (like an installed dependency) and each example there is
// checked with skipLibCheck off. They use @ts-expect-error to prove the typings reject bad
// values. (They live outside test/ so the repo's own `tsc --noEmit` does not pick them up.)
import { after, before, test } from 'node:test';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { assertBuilt, root, run } from './helpers.js';

const dir = `${root}examples/typings/`;
const tsc = `${root}node_modules/typescript/bin/tsc`;

before(() => {
  assertBuilt();
  rmSync(`${dir}node_modules`, { recursive: true, force: true });
  mkdirSync(`${dir}node_modules`);
  symlinkSync('../../..', `${dir}node_modules/biuwer-embed`, 'dir');
});
after(() => rmSync(`${dir}node_modules`, { recursive: true, force: true }));

const fixtures = {
  core: 'no framework: index, define and the HTMLElementTagNameMap / event map',
  entry: 'the main entry alone: every tag typed in HTMLElementTagNameMap without define.js',
  react: 'React 19: @lit/react wrappers and intrinsic elements (biuwer-embed/types/react)',
  preact: 'Preact: intrinsic elements (biuwer-embed/types/preact)',
  solid: 'Solid: intrinsic elements, on:/prop: (biuwer-embed/types/solid)',
  vue: 'Vue: GlobalComponents (biuwer-embed/types/vue)',
};

for (const [name, what] of Object.entries(fixtures)) {
  test(`typechecks — ${what}`, async () => {
    try {
      await run(process.execPath, [tsc, '-p', `${dir}tsconfig.${name}.json`], { cwd: root });
    } catch (error) {
      throw new Error(`tsc failed for ${name}:\n${error.stdout}${error.stderr}`);
    }
  });
}
