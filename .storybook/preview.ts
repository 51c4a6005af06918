import type { Preview } from '@storybook/web-components';
import { setCustomElementsManifest } from '@storybook/web-components';
import { withActions } from 'storybook/actions/decorator';
import manifest from '../custom-elements.json';
import { defineBiuwerElements } from '../src/define.js';
import { BIUWER_EVENTS } from '../src/elements/events.js';

interface Item {
  name: string;
  privacy?: string;
  kind?: string;
  fieldName?: string;
  static?: boolean;
}
interface Declaration {
  members?: Item[];
  attributes?: Item[];
}

/**
 * The autodocs tables come from custom-elements.json (`npm run analyze`, from the JSDoc on
 * the element classes). Private and protected members are left out, and so is the property
 * row of a field that has an attribute row (one row per setting).
 */
function forDocs<T extends { modules: Array<{ declarations?: Declaration[] }> }>(cem: T): T {
  const copy = structuredClone(cem);
  for (const mod of copy.modules) {
    for (const decl of mod.declarations ?? []) {
      const withAttribute = new Set((decl.attributes ?? []).map((a) => a.fieldName ?? a.name));
      decl.members = decl.members?.filter(
        (m) => !m.privacy && !m.static && !(m.kind === 'field' && withAttribute.has(m.name)),
      );
    }
  }
  return copy;
}

// An explicit call, not a bare import: package.json `sideEffects` lists only dist/ files, so
// the bundler would drop a side-effect-only import of src/define.ts.
defineBiuwerElements();

setCustomElementsManifest(
  forDocs(manifest as { modules: Array<{ declarations?: Declaration[] }> }),
);

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withActions],
  parameters: {
    layout: 'padded',
    controls: { expanded: true, sort: 'none' },
    // The kit's events, in the Actions panel (they bubble out of the elements, composed).
    actions: { handles: Object.keys(BIUWER_EVENTS) },
  },
};

export default preview;
