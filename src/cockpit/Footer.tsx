import { Text } from 'ink';
import React from 'react';
import type { State } from '../state/state.js';
import { displayKey, type KeyBinding } from './keymap.js';

/** The keys that apply now, from the same table as `?` and --readonly. */
export function Footer({ keymap, state, readonly }: { readonly keymap: readonly KeyBinding[]; readonly state: State; readonly readonly: boolean }): React.JSX.Element {
  const shown = keymap.filter((binding) => binding.footer && (binding.available?.(state) ?? true));
  return (
    <Text wrap="truncate">
      {readonly ? <Text inverse> READONLY </Text> : null}
      {shown.map((binding) => (
        <Text key={binding.id}>
          <Text bold>{` ${displayKey(binding.keys[0] ?? '')}`}</Text>
          <Text dimColor>{` ${binding.label}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
