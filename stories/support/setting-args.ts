// Storybook controls for the kit's settings, derived from the one table
// (src/settings/table.ts): each arg is named like the attribute (the property where there is
// none), so it lines up with the autodocs row from custom-elements.json, whose description it
// keeps unless a story needs its own words.
import type { InputType } from 'storybook/internal/types';
import { SETTINGS, type SettingName, type SettingSpec } from '../../src/settings/table.js';

const ATTRS = 'attributes';
const PROPS = 'properties';

function control(spec: SettingSpec): InputType['control'] {
  if (Array.isArray(spec.type)) return spec.type.length > 3 ? 'select' : 'inline-radio';
  if (spec.type === 'boolean') return 'boolean';
  if (spec.type === 'number') return { type: 'number' };
  return 'text';
}

/** Controls for `names`; `overrides` adds or replaces fields of a setting's control. */
export function settingArgTypes(
  names: readonly SettingName[],
  overrides: Partial<Record<SettingName, InputType>> = {},
): Record<string, InputType> {
  const argTypes: Record<string, InputType> = {};
  for (const name of names) {
    const spec: SettingSpec = SETTINGS[name];
    argTypes[spec.attribute || name] = {
      ...(Array.isArray(spec.type) ? { options: [...spec.type] } : {}),
      control: control(spec),
      table: { category: spec.attribute ? ATTRS : PROPS },
      ...overrides[name],
    };
  }
  return argTypes;
}
